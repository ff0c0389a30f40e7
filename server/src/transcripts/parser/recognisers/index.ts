/**
 * The label conventions a text may use beyond the plain "Name: text", "Q:"/"A:" and "1." the scanners
 * read. Each recogniser reads every line; those that explain enough lines with recurring labels are
 * taken, a line claimed by several goes to the one that explains the most, and the lines they explain
 * are rewritten as "Label: text" (times kept aside) so one set of scanners reads every convention.
 */
import type { SourceLine } from '../lines';
import { nameKey } from '../names';
import { boldLabel } from './bold-label';
import { boldQuestion } from './bold-question';
import { dashLabel } from './dash-label';
import { timestampLabel } from './timestamp-label';
import type { LabelRecogniser, RecognisedLine } from './types';

export type { LabelRecogniser, RecognisedLine } from './types';

export const LABEL_RECOGNISERS: readonly LabelRecogniser[] = [
  timestampLabel,
  boldLabel,
  boldQuestion,
  dashLabel,
];

export interface RecognisedText {
  lines: SourceLine[];
  /** Start times (seconds) the labels give, by line number. */
  times: Map<number, number>;
  /** The conventions taken, with how many lines each explains. */
  conventions: Array<{ name: string; lines: number }>;
}

export function recogniseLabels(
  lines: readonly SourceLine[],
  recognisers: readonly LabelRecogniser[] = LABEL_RECOGNISERS,
): RecognisedText {
  const readings = recognisers.map((recogniser) => {
    const matches = lines.map((line) => recogniser.recognise(line.text));
    return { recogniser, matches, score: consistentMatches(matches) };
  });
  const taken = readings
    .filter((reading) => reading.score >= reading.recogniser.minimumLines)
    .sort((a, b) => b.score - a.score);
  const times = new Map<number, number>();
  const explained = new Map<string, number>();
  const result = lines.map((line, index) => {
    for (const reading of taken) {
      const match = reading.matches[index];
      if (!match) continue;
      const name = reading.recogniser.name;
      explained.set(name, (explained.get(name) ?? 0) + 1);
      if (match.time !== null) times.set(line.number, match.time);
      const text = match.label === null ? match.rest : `${match.label}:${match.rest ? ` ${match.rest}` : ''}`;
      return { number: line.number, text };
    }
    return line;
  });
  return {
    lines: result,
    times,
    conventions: [...explained].map(([name, count]) => ({ name, lines: count })),
  };
}

/** Lines whose label recurs (or that carry only a time): a label used once is more likely text. */
function consistentMatches(matches: ReadonlyArray<RecognisedLine | null>): number {
  const counts = new Map<string, number>();
  for (const match of matches) {
    const key = match?.label === null ? '' : match ? nameKey(match.label) : null;
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let consistent = 0;
  for (const [key, count] of counts) if (key === '' || count >= 2) consistent += count;
  return consistent;
}
