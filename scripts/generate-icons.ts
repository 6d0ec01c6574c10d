import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

// Draws the brand mark (a white «م» on deep red) and writes the PNGs the manifest and <head>
// point at. Run once after changing the mark: `npx tsx scripts/generate-icons.ts`; the PNGs are
// committed. The letter is drawn as strokes, not text: system fonts may lack Arabic glyphs.
const BRAND_RED = "#8c1c13";

// A final meem (ـم): the line runs in from the right into a round head, and the tail falls from
// its left side. The joining line makes it read as Arabic even at favicon size.
const MEEM = `<g fill="none" stroke="#ffffff" stroke-width="50" stroke-linecap="round" stroke-linejoin="round">
  <ellipse cx="258" cy="228" rx="64" ry="60"/>
  <path d="M 412 288 L 262 288"/>
  <path d="M 196 236 C 184 296 180 356 186 414"/>
</g>`;

function markSvg({ fullBleed, glyphScale }: { fullBleed: boolean; glyphScale: number }): string {
  const background = fullBleed
    ? `<rect width="512" height="512" fill="${BRAND_RED}"/>`
    : `<rect width="512" height="512" rx="112" fill="${BRAND_RED}"/>`;
  // Centre the glyph's box (about 158–440 by 144–442) on the canvas, then scale about the centre.
  const glyph = `<g transform="translate(256 256) scale(${glyphScale}) translate(-299 -293)">${MEEM}</g>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">${background}${glyph}</svg>`;
}

async function writePng(file: string, svg: string, size: number) {
  mkdirSync(path.dirname(file), { recursive: true });
  const png = await sharp(Buffer.from(svg)).resize(size, size).png({ compressionLevel: 9 }).toBuffer();
  writeFileSync(file, png);
  console.log(`${file} ${size}×${size} ${png.length} bytes`);
}

// The share image for pages without a story photo (home, tags, sections): the mark on a wide
// red field, 1200×630 as Open Graph and X cards expect.
async function writeOgDefault(file: string) {
  const glyph = `<g transform="translate(600 315) scale(1.2) translate(-299 -293)">${MEEM}</g>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630"><rect width="1200" height="630" fill="${BRAND_RED}"/><rect x="0" y="560" width="1200" height="70" fill="#5e120c"/>${glyph}</svg>`;
  const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
  writeFileSync(file, png);
  console.log(`${file} 1200×630 ${png.length} bytes`);
}

async function main() {
  const rounded = markSvg({ fullBleed: false, glyphScale: 1 });
  // Maskable icons are cropped to a circle of 80% of the canvas by some launchers: the glyph
  // stays inside it, and the red reaches every edge.
  const maskable = markSvg({ fullBleed: true, glyphScale: 0.78 });
  await writePng("public/icons/icon-192.png", rounded, 192);
  await writePng("public/icons/icon-512.png", rounded, 512);
  await writePng("public/icons/maskable-512.png", maskable, 512);
  await writePng("app/icon.png", rounded, 96);
  // iOS draws its own rounded corners and shows transparency as black: a full square.
  await writePng("app/apple-icon.png", maskable, 180);
  await writeOgDefault("public/icons/og-default.png");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
