import { serializeJsonLd } from "@/lib/seo/structured-data";

// The one place the project uses dangerouslySetInnerHTML (DESIGN.md): JSON-LD must be raw text
// inside <script>, and serializeJsonLd escapes every character that could end or alter it.
export function JsonLd({ data }: { data: unknown }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />;
}
