/**
 * The label conventions a text may use beyond the plain "Name: text", "Q:"/"A:" and "1." the scanners
 * read. Each recogniser reads every line; those that explain enough lines with recurring labels are
 * taken, a line claimed by several goes to the one that explains the most, and the lines they explain
 * are rewritten as "Label: text" (times kept aside) so one set of scanners reads every convention.
 */
import { parseLabelLine } from '../labels';
import { isBlank, type SourceLine } from '../lines';
import { nameKey } from '../names';
import { boldLabel } from './bold-label';
import { boldParagraph } from './bold-paragraph';
import { boldQuestion } from './bold-question';
import { chatLog } from './chat-log';
import { columnLabel } from './column-label';
import { dashLabel } from './dash-label';
import { dashQuestion } from './dash-question';
import { questionParagraph } from './question-paragraph';
import { timestampLabel } from './timestamp-label';
import type { LabelRecogniser, Neighbours, RecognisedLine } from './types';

export type { LabelRecogniser, Neighbours, RecognisedLine } from './types';

// On a tie the earlier wins: "Maya Chen  10:02 AM" is a chat's clock before it is a recording's time.
export const LABEL_RECOGNISERS: readonly LabelRecogniser[] = [
  chatLog,
  timestampLabel,
  boldLabel,
  boldQuestion,
  dashLabel,
  dashQuestion,
  columnLabel,
  boldParagraph,
  questionParagraph,
];

export interface RecognisedText {
  lines: SourceLine[];
  /** Start times (seconds) the labels give, by line number. */
  times: Map<number, number>;
  /** The conventions taken, with how many lines each explains. */
  conventions: Array<{ name: string; lines: number }>;
  /** Lines a convention rewrote as "Label: text": their labels are read, not guessed. */
  labelled: Set<number>;
}

export function recogniseLabels(
  lines: readonly SourceLine[],
  recognisers: readonly LabelRecogniser[] = LABEL_RECOGNISERS,
): RecognisedText {
  const around = neighbours(lines);
  const readings = recognisers.map((recogniser) => {
    const matches = keptMatches(lines.map((line, index) => recogniser.recognise(line.text, around[index])));
    return { recogniser, matches, ...consistentMatches(matches) };
  });
  const qualifying = readings.filter(
    (reading) =>
      reading.score >= reading.recogniser.minimumLines &&
      reading.labels >= (reading.recogniser.minimumLabels ?? 0),
  );
  const recurringLabel = hasRecurringLabel(lines);
  const named = recurringLabel || qualifying.some((reading) => namesSpeakers(reading.matches));
  const plausible = qualifying.filter((reading) => !reading.recogniser.unlessNamed || !named);
  const otherwiseLabelled = recurringLabel || plausible.some((reading) => !reading.recogniser.fallback);
  const taken = plausible
    .filter((reading) => !reading.recogniser.fallback || !otherwiseLabelled)
    .sort((a, b) => b.score - a.score);
  const times = new Map<number, number>();
  const explained = new Map<string, number>();
  const labelled = new Set<number>();
  const result = lines.map((line, index) => {
    for (const reading of taken) {
      const match = reading.matches[index];
      if (!match) continue;
      const name = reading.recogniser.name;
      explained.set(name, (explained.get(name) ?? 0) + 1);
      if (match.time !== null) times.set(line.number, match.time);
      if (match.label !== null) labelled.add(line.number);
      const text = match.label === null ? match.rest : `${match.label}:${match.rest ? ` ${match.rest}` : ''}`;
      return { number: line.number, text };
    }
    return line;
  });
  return {
    lines: result,
    times,
    conventions: [...explained].map(([name, count]) => ({ name, lines: count })),
    labelled,
  };
}

/** A reading whose labels are people ("Ann Lee", "HOST"), not only the questions' "Q". */
function namesSpeakers(matches: ReadonlyArray<RecognisedLine | null>): boolean {
  return matches.some((match) => typeof match?.label === 'string' && match.label !== 'Q');
}

/** Some "Label: text" recurs: the text names who speaks, and needs no fallback reading. */
function hasRecurringLabel(lines: readonly SourceLine[]): boolean {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const label = parseLabelLine(line.text)?.label;
    if (!label) continue;
    const key = nameKey(label);
    const count = (counts.get(key) ?? 0) + 1;
    if (count >= 2) return true;
    counts.set(key, count);
  }
  return false;
}

/** Each line's neighbours, the nearest non-blank ones found in one pass each way. */
function neighbours(lines: readonly SourceLine[]): Neighbours[] {
  const previous: Array<string | null> = [];
  let last: string | null = null;
  for (const line of lines) {
    previous.push(last);
    if (!isBlank(line)) last = line.text;
  }
  const result: Neighbours[] = [];
  let next: string | null = null;
  for (let index = lines.length - 1; index >= 0; index--) {
    result[index] = {
      before: lines[index - 1]?.text ?? null,
      after: lines[index + 1]?.text ?? null,
      previous: previous[index],
      next,
    };
    if (!isBlank(lines[index])) next = lines[index].text;
  }
  return result;
}

/**
 * The matches a reading may rewrite. A line that only carries a time continues the speaker before it,
 * so before the first label it is text (a chapter list "01:15 Why bridges hum" keeps its times), unless
 * it is a bare time marker ("00:05:00"); a bare label ("00:00 Intro", "HOST" alone) must recur.
 */
function keptMatches(matches: ReadonlyArray<RecognisedLine | null>): Array<RecognisedLine | null> {
  const counts = labelCounts(matches);
  const recurs = (label: string): boolean => (counts.get(nameKey(label)) ?? 0) >= 2;
  let labelled = false;
  return matches.map((match) => {
    if (!match) return null;
    if (match.label === null) return labelled || match.rest.trim() === '' ? match : null;
    if (match.bare && !recurs(match.label)) return null;
    labelled ||= recurs(match.label);
    return match;
  });
}

function labelCounts(matches: ReadonlyArray<RecognisedLine | null>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of matches) {
    const key = match?.label === null ? '' : match ? nameKey(match.label) : null;
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Lines whose label recurs (or that carry only a time): a label used once is more likely text. */
function consistentMatches(matches: ReadonlyArray<RecognisedLine | null>): { score: number; labels: number } {
  let score = 0;
  let labels = 0;
  for (const [key, count] of labelCounts(matches)) {
    if (key !== '' && count < 2) continue;
    score += count;
    if (key !== '') labels++;
  }
  return { score, labels };
}
