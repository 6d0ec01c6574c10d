// Small XML helpers shared by the sitemaps and feeds. Pure: no database, no environment.

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

// XML 1.0 forbids most control characters and lone surrogates even when escaped; wire copy
// occasionally carries them, and one would make the whole document unreadable to a crawler.
const INVALID_XML_CHARACTERS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export function stripInvalidXmlCharacters(text: string): string {
  return text.replace(INVALID_XML_CHARACTERS, "");
}

/** Text or attribute content: the five XML specials become entities. */
export function escapeXml(text: string): string {
  return stripInvalidXmlCharacters(text).replace(/[&<>"']/g, (character) => XML_ESCAPES[character] ?? character);
}

/**
 * A CDATA section that survives any content: `]]>` would end the section early, so it is split
 * across two sections (`]]` in the first, `>` in the second).
 */
export function cdata(text: string): string {
  return `<![CDATA[${stripInvalidXmlCharacters(text).replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

/** `<name>escaped text</name>`, or nothing when the value is empty. */
export function textElement(name: string, value: string | null | undefined): string {
  return value ? `<${name}>${escapeXml(value)}</${name}>` : "";
}
