// The shapes of the demo newsroom's content, shared by the story files (demo-content*.ts) and the
// seeder (index.ts), so the story files import only these and not each other in a circle.

export type DemoSection = { slug: string; name: string; position: number };
export type DemoAuthor = { email: string; name: string; slug: string; bio: string; role: "editor" | "writer" };
export type DemoBlock = string | { h2: string } | { h3: string } | { quote: string } | { list: string[] };
export type DemoStory = {
  key: string; // stable unique ASCII key, e.g. "kremlin-summit-later"
  title: string; // Arabic headline, 40–110 chars
  dek: string; // one-sentence standfirst, 80–220 chars
  section: string; // a DemoSection slug
  authors: string[]; // DemoAuthor emails, byline order (1 or 2)
  tags: string[]; // 2–6 tag names
  body: DemoBlock[]; // strings are paragraphs
  sourceName?: string; // the (fictional) outlet the story came from
  sourceUrl?: string; // fictional URL on a .example domain
  isBreaking?: boolean;
  hoursAgo: number; // first published this many hours before the seed runs
  updatedHoursAgo?: number; // < hoursAgo when the story was meaningfully updated later
  readAlso?: string[]; // keys of OTHER stories, in the editor's order
  correction?: string; // a short correction note
  heroImage?: false; // published without a picture: lists show it as a text card
};
