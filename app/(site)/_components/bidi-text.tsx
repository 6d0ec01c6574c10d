import type { ReactNode } from "react";

/*
 * Latin names inside Arabic text ("قال Steve Witkoff إن") are reordered by the
 * bidi algorithm in ways readers trip over, especially next to punctuation and
 * digits. Isolating each Latin run in <bdi> keeps it in one piece. This is
 * plain rendering, no hooks, so server and client components can both use it.
 */

// A run starts with a Latin letter and may continue across spaces and the
// joiners . & ' ’ - as long as another Latin word (or a number, as in "F-16")
// follows; trailing spaces and punctuation stay with the surrounding text.
const LATIN_WORD_CHARACTER = String.raw`[\p{Script=Latin}\p{M}0-9]`;
const LATIN_JOINER = String.raw`(?:[ \u00A0]+|[ \u00A0]*[.&'’\-][ \u00A0]*)`;
const LATIN_RUN = new RegExp(
  String.raw`\p{Script=Latin}${LATIN_WORD_CHARACTER}*(?:${LATIN_JOINER}[\p{Script=Latin}0-9]${LATIN_WORD_CHARACTER}*)*`,
  "gu",
);

export type BidiRun = { text: string; isLatin: boolean };

/** Splits text into alternating Latin and non-Latin runs; joining them gives the text back. */
export function splitLatinRuns(text: string): BidiRun[] {
  const runs: BidiRun[] = [];
  let position = 0;
  for (const match of text.matchAll(LATIN_RUN)) {
    if (match.index > position) runs.push({ text: text.slice(position, match.index), isLatin: false });
    runs.push({ text: match[0], isLatin: true });
    position = match.index + match[0].length;
  }
  if (position < text.length) runs.push({ text: text.slice(position), isLatin: false });
  return runs;
}

/** The text as React nodes, with every Latin run wrapped in <bdi>. For headlines, teasers and bodies. */
export function plainTextWithBdi(text: string): ReactNode {
  const runs = splitLatinRuns(text);
  if (!runs.some((run) => run.isLatin)) return text;
  return runs.map((run, index) => (run.isLatin ? <bdi key={index}>{run.text}</bdi> : run.text));
}
