import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// Outlets' feeds, served from 127.0.0.1 by the test itself: an Arabic RSS 2.0 feed in windows-1256
// (with ETag and Last-Modified, so a second poll is a 304), an Atom feed behind a UTF-8 byte-order
// mark, an RSS 1.0 (RDF) feed, a partner feed that carries two of the agency's stories in its own
// words, broken XML, an HTML error page, an endpoint that never answers and one whose body never
// ends. Stories are real-looking news in Arabic.

/** Arabic text as windows-1256 bytes, built from the platform's own decoder (no encoder ships with Node). */
function encodeWindows1256(text: string): Buffer {
  const decoder = new TextDecoder("windows-1256");
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  const bytes: number[] = [];
  for (const char of text) {
    const byte = table.get(char);
    if (byte === undefined) throw new Error(`not in windows-1256: ${char} (U+${char.codePointAt(0)!.toString(16)})`);
    bytes.push(byte);
  }
  return Buffer.from(bytes);
}

export type FixtureStory = { guid?: string; title: string; lead: string; html: string; link: string; date: string };

export const AGENCY_STORIES: FixtureStory[] = [
  {
    guid: "agency-1001",
    title: "وزير الطاقة: إنتاج النفط يرتفع إلى مستوى قياسي خلال الربع الثالث",
    lead: "أعلن وزير الطاقة أن إنتاج النفط ارتفع إلى مستوى قياسي خلال الربع الثالث من العام بدعم من حقول جديدة.",
    html: "<p>أعلن وزير الطاقة أن إنتاج النفط ارتفع إلى <b>مستوى قياسي</b> خلال الربع الثالث من العام.</p><p>وقال في مؤتمر صحفي إن الحقول الجديدة أضافت نصف مليون برميل يومياً.</p><script>alert('x')</script>",
    link: "https://agency.example/news/1001",
    date: "Mon, 07 Dec 2026 08:00:00 GMT",
  },
  {
    guid: "agency-1002",
    title: "افتتاح معرض الكتاب الدولي بمشاركة ألف دار نشر عربية وأجنبية",
    lead: "افتتح معرض الكتاب الدولي أبوابه صباح اليوم بمشاركة ألف دار نشر من ثلاثين دولة.",
    html: "<p>افتتح معرض الكتاب الدولي أبوابه صباح اليوم بمشاركة ألف دار نشر من ثلاثين دولة.</p><ul><li>ندوات يومية</li><li>ركن للأطفال</li></ul>",
    link: "https://agency.example/news/1002",
    date: "Mon, 07 Dec 2026 09:30:00 GMT",
  },
  {
    guid: "agency-1003",
    title: "منتخب الشباب يتأهل إلى نهائي البطولة العربية بعد فوزه بركلات الترجيح",
    lead: "تأهل منتخب الشباب إلى نهائي البطولة العربية بعد فوزه بركلات الترجيح في مباراة مثيرة.",
    html: "<p>تأهل منتخب الشباب إلى نهائي البطولة العربية بعد فوزه بركلات الترجيح.</p>",
    link: "https://agency.example/news/1003",
    date: "Mon, 07 Dec 2026 10:15:00 GMT",
  },
];

/** Two of the agency's stories told by a partner outlet in its own words, and one of its own. */
export const PARTNER_STORIES: FixtureStory[] = [
  {
    guid: "https://partner.example/p/77",
    title: "إنتاج النفط يرتفع الى مستوى قياسي في الربع الثالث حسب وزير الطاقة",
    lead: "قال وزير الطاقة إن انتاج النفط ارتفع الى مستوى قياسي خلال الربع الثالث بفضل حقول جديدة.",
    html: "<p>قال وزير الطاقة إن انتاج النفط ارتفع الى مستوى قياسي.</p>",
    link: "https://partner.example/p/77",
    date: "Mon, 07 Dec 2026 08:20:00 GMT",
  },
  {
    guid: "https://partner.example/p/78",
    title: "معرض الكتاب الدولي يفتتح أبوابه بمشاركة ألف دار نشر",
    lead: "فتح معرض الكتاب الدولي أبوابه اليوم بمشاركة ألف دار نشر عربية وأجنبية من ثلاثين دولة.",
    html: "<p>فتح معرض الكتاب الدولي أبوابه اليوم.</p>",
    link: "https://partner.example/p/78",
    date: "Mon, 07 Dec 2026 09:45:00 GMT",
  },
  {
    guid: "https://partner.example/p/79",
    title: "هطول أمطار غزيرة على المناطق الجبلية وتحذيرات من السيول",
    lead: "حذرت الأرصاد الجوية من سيول في المناطق الجبلية بعد هطول أمطار غزيرة منذ الفجر.",
    html: "<p>حذرت الأرصاد الجوية من سيول.</p>",
    link: "https://partner.example/p/79",
    date: "Mon, 07 Dec 2026 11:00:00 GMT",
  },
];

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function rss2(title: string, stories: FixtureStory[], encoding = "utf-8"): string {
  const items = stories
    .map(
      (story) => `<item><title>${escapeXml(story.title)}</title><link>${story.link}</link>${story.guid ? `<guid isPermaLink="false">${escapeXml(story.guid)}</guid>` : ""}<pubDate>${story.date}</pubDate><description>${escapeXml(story.lead)}</description><content:encoded><![CDATA[${story.html}]]></content:encoded></item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="${encoding}"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${escapeXml(title)}</title><link>https://agency.example/</link><description>${escapeXml(title)}</description><language>ar</language>${items}</channel></rss>`;
}

const ATOM_STORIES: FixtureStory[] = [
  {
    guid: "tag:gulf.example,2026:atom-1",
    title: "البنك المركزي يثبت أسعار الفائدة للمرة الثالثة على التوالي",
    lead: "قرر البنك المركزي تثبيت أسعار الفائدة دون تغيير للمرة الثالثة على التوالي.",
    html: "<p>قرر البنك المركزي تثبيت أسعار الفائدة دون تغيير.</p><h2>ردود الفعل</h2><p>رحبت الأسواق بالقرار.</p>",
    link: "https://gulf.example/economy/atom-1",
    date: "2026-12-07T07:00:00Z",
  },
];

function atom(stories: FixtureStory[]): string {
  const entries = stories
    .map(
      (story) => `<entry><id>${story.guid}</id><title>${escapeXml(story.title)}</title><link rel="alternate" href="${story.link}"/><updated>${story.date}</updated><summary>${escapeXml(story.lead)}</summary><content type="html">${escapeXml(story.html)}</content></entry>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>الخليج اليوم</title><id>tag:gulf.example,2026:feed</id><updated>2026-12-07T07:00:00Z</updated>${entries}</feed>`;
}

function rdf(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://science.example/"><title>مجلة العلوم</title><link>https://science.example/</link><description>علوم</description>
    <items><rdf:Seq><rdf:li rdf:resource="https://science.example/a/5"/></rdf:Seq></items></channel>
  <item rdf:about="https://science.example/a/5"><title>علماء يرصدون مذنباً جديداً يقترب من الأرض الشهر المقبل</title><link>https://science.example/a/5</link><description>رصد فريق من علماء الفلك مذنباً جديداً يقترب من الأرض الشهر المقبل.</description><dc:date>2026-12-07T06:00:00Z</dc:date></item>
</rdf:RDF>`;
}

export type FeedServer = {
  origin: string;
  url: (path: string) => string;
  /** Responses with a body (200) served on a path; a 304 is not one. */
  bodiesServed: (path: string) => number;
  /** Requests received on a path. */
  requests: (path: string) => number;
  /** Replaces a path's stories (the agency publishes more). */
  setStories: (path: "/agency.rss" | "/auto.rss", stories: FixtureStory[]) => void;
  close: () => Promise<void>;
};

export async function startFeedServer(): Promise<FeedServer> {
  const bodies = new Map<string, number>();
  const requests = new Map<string, number>();
  const stories: Record<string, FixtureStory[]> = { "/agency.rss": AGENCY_STORIES, "/auto.rss": [] };
  const versions: Record<string, number> = { "/agency.rss": 1, "/auto.rss": 1 };
  const held = new Set<ServerResponse>();
  const count = (map: Map<string, number>, path: string) => map.set(path, (map.get(path) ?? 0) + 1);

  const conditional = (request: IncomingMessage, response: ServerResponse, path: string, etag: string, body: Buffer, type: string) => {
    const lastModified = new Date(Date.UTC(2026, 11, 7, 12, 0, versions[path] ?? 0)).toUTCString();
    if (request.headers["if-none-match"] === etag) {
      response.writeHead(304, { etag, "last-modified": lastModified }).end();
      return;
    }
    count(bodies, path);
    response.writeHead(200, { "content-type": type, etag, "last-modified": lastModified, "content-length": body.length }).end(body);
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    count(requests, path);
    switch (path) {
      case "/agency.rss":
      case "/auto.rss": {
        const name = path === "/agency.rss" ? "وكالة الأنباء العربية" : "وكالة الخبر المتعاقدة";
        const body = encodeWindows1256(rss2(name, stories[path]!, "windows-1256"));
        // No charset in the header: the decoder must read the XML declaration.
        return conditional(request, response, path, `"v${versions[path]}"`, body, "application/rss+xml");
      }
      case "/partner.rss":
        return conditional(request, response, path, `"p1"`, Buffer.from(rss2("شريكنا الإخباري", PARTNER_STORIES)), "application/rss+xml; charset=utf-8");
      case "/atom.xml":
        count(bodies, path);
        return response
          .writeHead(200, { "content-type": "application/atom+xml" })
          .end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(atom(ATOM_STORIES))]));
      case "/rdf.xml":
        count(bodies, path);
        return response.writeHead(200, { "content-type": "application/rdf+xml; charset=utf-8" }).end(rdf());
      case "/broken.xml":
        count(bodies, path);
        return response.writeHead(200, { "content-type": "application/xml" }).end("<?xml version=\"1.0\"?><rss><channel><title>مكسور</title><item><title>بلا إغلاق<");
      case "/error.html":
        count(bodies, path);
        return response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!DOCTYPE html><html><body><h1>الخدمة غير متاحة</h1></body></html>");
      case "/hang":
        // Never answers; the connection is closed when the server stops.
        held.add(response);
        return;
      case "/endless": {
        held.add(response);
        response.writeHead(200, { "content-type": "application/rss+xml" });
        response.write("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>");
        const chunk = "<item><title>سطر لا ينتهي</title></item>".repeat(200);
        const pump = () => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once("drain", pump);
        };
        pump();
        return;
      }
      case "/to-metadata":
        // A feed that redirects to the cloud metadata service: the guard refuses the hop unsent.
        return response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      case "/loop":
        return response.writeHead(302, { location: "/loop" }).end();
      case "/redirect":
        return response.writeHead(302, { location: "/atom.xml" }).end();
      default:
        return response.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    bodiesServed: (path) => bodies.get(path) ?? 0,
    requests: (path) => requests.get(path) ?? 0,
    setStories: (path, next) => {
      stories[path] = next;
      versions[path] = (versions[path] ?? 1) + 1;
    },
    close: async () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
