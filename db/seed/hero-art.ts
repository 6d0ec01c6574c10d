import { createHash } from "node:crypto";
import sharp from "sharp";

// The demo has no photo library, so each story gets an abstract editorial illustration:
// deterministic (same story, same picture) and in its section's palette.
const PALETTES: Record<string, [string, string, string]> = {
  "سياسة": ["#1f3a5f", "#3f6e9e", "#d9a441"],
  "اقتصاد": ["#15524a", "#2f8f7f", "#f2c14e"],
  "عربي-ودولي": ["#4a2545", "#8a4f7d", "#f4a259"],
  "رياضة": ["#1d4d2b", "#3e8e41", "#f6f1d1"],
  "ثقافة": ["#5b2a1c", "#a4553a", "#f3d9b1"],
  "تكنولوجيا": ["#1b1f3b", "#3d52a0", "#7ae7c7"],
};

export async function renderHeroArt(key: string, sectionSlug: string): Promise<Buffer> {
  const [dark, mid, accent] = PALETTES[sectionSlug] ?? ["#2b2d42", "#5c677d", "#edf2f4"];
  const digest = createHash("sha256").update(key).digest();
  const byte = (i: number) => digest[i % digest.length]!;
  const shapes: string[] = [];
  for (let i = 0; i < 9; i++) {
    const cx = 100 + ((byte(i) * 6) % 1400);
    const cy = 80 + ((byte(i + 9) * 3) % 740);
    const r = 60 + (byte(i + 18) % 220);
    const opacity = (0.12 + (byte(i + 3) % 40) / 100).toFixed(2);
    const fill = i % 3 === 0 ? accent : i % 3 === 1 ? mid : "#ffffff";
    shapes.push(
      i % 2 === 0
        ? `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}" fill-opacity="${opacity}"/>`
        : `<rect x="${cx - r}" y="${cy - r / 2}" width="${r * 2}" height="${r}" rx="${r / 6}" fill="${fill}" fill-opacity="${opacity}" transform="rotate(${byte(i) % 90 - 45} ${cx} ${cy})"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${dark}"/><stop offset="1" stop-color="${mid}"/></linearGradient></defs>
  <rect width="1600" height="900" fill="url(#g)"/>${shapes.join("")}
  <path d="M0 760 C 400 ${680 + (byte(30) % 120)}, 1200 ${820 - (byte(31) % 120)}, 1600 720 L1600 900 L0 900 Z" fill="${dark}" fill-opacity="0.55"/>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
