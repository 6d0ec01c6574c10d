// The text of the tsvector Postgres would compute for our search document, built in Node so that a
// bulk load spends no database time in to_tsvector (a fifth of it, measured with perf at 1M rows).
// It holds only for text made by toSearchIndexText: words of letters only or digits only, separated
// by single spaces, so Postgres's parser sees each word as one token and 'simple' keeps it as it is.
// db-generate still checks sampled rows against the app's own SQL (verifySearchVectors), and
// tests/db/tsvector-literal.test.ts compares this with Postgres on the edge cases below.

// Postgres's limits (src/include/tsearch/ts_type.h): positions stop at MAXENTRYPOS - 1, and a
// lexeme keeps at most MAXNUMPOS positions (to_tsvector keeps one fewer).
const MAX_ENTRY_POS = 1 << 14;
const MAX_NUM_POS = 256;
// Words this long are dropped by to_tsvector (MAXSTRLEN, in bytes).
const MAX_WORD_BYTES = 2047;
const limitPos = (position: number) => Math.min(position, MAX_ENTRY_POS - 1);

type Weight = "A" | "B" | "C" | "D";
const WEIGHTS: Weight[] = ["D", "C", "B", "A"]; // Postgres's own codes: D = 0 … A = 3
// A position and its weight in one number (position * 4 + weight code): a million stories make a
// billion of them, and plain numbers keep the builder several times faster than objects would.
const encode = (position: number, weight: number) => position * 4 + weight;
const positionOf = (entry: number) => entry >> 2;

/** The words of index text as 'simple' keeps them: split on spaces, lowercased. */
export function lexemesOf(indexText: string): string[] {
  return indexText.toLowerCase().split(" ").filter(Boolean);
}

/** to_tsvector('simple', text) then setweight(…, weight), as lexeme → encoded positions. */
function weightedVector(lexemes: string[], weight: Weight): Map<string, number[]> {
  const vector = new Map<string, number[]>();
  const code = WEIGHTS.indexOf(weight);
  let position = 0;
  for (const lexeme of lexemes) {
    position++;
    if (lexeme.length * 3 >= MAX_WORD_BYTES && Buffer.byteLength(lexeme) >= MAX_WORD_BYTES) continue;
    const at = limitPos(position);
    const positions = vector.get(lexeme);
    if (!positions) {
      vector.set(lexeme, [encode(at, code)]);
      continue;
    }
    const last = positionOf(positions[positions.length - 1]!);
    if (positions.length < MAX_NUM_POS - 1 && last !== MAX_ENTRY_POS - 1 && last !== at) positions.push(encode(at, code));
  }
  return vector;
}

/** left || right: right's positions move past left's last one, as tsvector_concat does. Changes left. */
function concatInto(left: Map<string, number[]>, right: Map<string, number[]>): Map<string, number[]> {
  let maxPos = 0;
  for (const positions of left.values()) for (const entry of positions) maxPos = Math.max(maxPos, positionOf(entry));
  for (const [lexeme, positions] of right) {
    let merged = left.get(lexeme);
    if (!merged) left.set(lexeme, (merged = []));
    for (const entry of positions) {
      if (merged.length >= MAX_NUM_POS || (merged.length && positionOf(merged[merged.length - 1]!) === MAX_ENTRY_POS - 1)) break;
      merged.push(encode(limitPos(positionOf(entry) + maxPos), entry & 3));
    }
  }
  return left;
}

/**
 * The tsvector literal of setweight(to_tsvector('simple', text), weight) || … for each part in
 * order, each text given as its lexemesOf.
 */
export function weightedTsvectorLiteral(parts: [lexemes: string[], weight: Weight][]): string {
  const vector = parts.map(([text, weight]) => weightedVector(text, weight)).reduce(concatInto, new Map<string, number[]>());
  let literal = "";
  for (const [lexeme, positions] of vector) {
    literal += `${literal ? " " : ""}'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}':`;
    for (let index = 0; index < positions.length; index++) {
      const entry = positions[index]!;
      const weight = entry & 3;
      literal += `${index ? "," : ""}${positionOf(entry)}${weight ? WEIGHTS[weight] : ""}`;
    }
  }
  return literal;
}
