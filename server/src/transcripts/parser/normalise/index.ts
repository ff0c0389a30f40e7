/**
 * The first step of import: any input the parser takes (plain text with any line endings, a BOM,
 * non-breaking spaces, Markdown, WebVTT/SRT captions) as numbered lines in one shape the scanners read,
 * with the times the source gives. Line numbers stay those of the source.
 */
import type { ParagraphMode, SourceLine } from '../lines';
import { recogniseLabels } from '../recognisers';
import { readSource } from '../source';
import { type LineTime, looksLikeCaptions, readCaptions } from './captions';
import { readMarkup } from './markup';
import { withoutLineNumbers } from './line-numbers';
import { readPasted } from './pasted';

export type { LineTime } from './captions';

export type SourceKind = 'text' | 'webvtt' | 'srt';

export interface NormalisedSource {
  kind: SourceKind;
  lines: SourceLine[];
  /** Start (and, for captions, end) seconds by line number. */
  times: Map<number, LineTime>;
  /** Lines the markup makes headings. */
  headings: Set<number>;
  /** Captions are one paragraph per turn, whatever their line shapes say. */
  mode: ParagraphMode | null;
  /** The label conventions taken, with how many lines each explains. */
  conventions: Array<{ name: string; lines: number }>;
  /** Lines whose label a convention read (a chat log's "[21:03] kat:"), so speech follows it however it ends. */
  labelled: Set<number>;
}

/** Spaces that only keep words together in print: the parser reads them as spaces. */
const WIDE_SPACES = /[\u00A0\u2007\u202F\u2060]/g;

export function normaliseSource(text: unknown, fileName: string | null = null): NormalisedSource {
  const raw = readSource(text).map((line) => ({
    number: line.number,
    text: line.text.replace(WIDE_SPACES, ' '),
  }));
  const byName = /\.vtt$/i.test(fileName ?? '') ? 'webvtt' : /\.srt$/i.test(fileName ?? '') ? 'srt' : null;
  const kind: SourceKind = byName ?? looksLikeCaptions(raw) ?? 'text';
  const times = new Map<number, LineTime>();
  let lines = raw;
  if (kind !== 'text') {
    const captions = readCaptions(raw);
    lines = withBlankBetweenSpeakers(captions.lines);
    for (const [number, time] of captions.times) times.set(number, time);
  }
  if (kind === 'text') lines = readPasted(withoutLineNumbers(lines));
  const recognised = recogniseLabels(lines);
  for (const [number, start] of recognised.times) times.set(number, { start, end: null });
  const markup = readMarkup(recognised.lines);
  return {
    kind,
    lines: markup.lines,
    times,
    headings: markup.headings,
    mode: kind === 'text' ? null : 'block',
    conventions: recognised.conventions,
    labelled: recognised.labelled,
  };
}

/** Caption lines with a blank line before each new label, so one speaker's cues make one paragraph. */
function withBlankBetweenSpeakers(lines: readonly SourceLine[]): SourceLine[] {
  const result: SourceLine[] = [];
  for (const line of lines) {
    if (result.length > 0 && /^[^:：]{1,40}[:：]\s/u.test(line.text))
      result.push({ number: line.number, text: '' });
    result.push(line);
  }
  return result;
}
