/** What a format's scanner finds: the turns of the dialogue and the lines before them. */
import type { ParagraphMode, SourceLine } from './lines';
import type { ParserOptions } from './options';
import type { SpeakerRoster } from './roster';
import type { ParseWarning, TranscriptFormat } from './types';

/** One turn: a question or an answer, with its lines (label or number already taken off). */
export interface Turn {
  kind: 'question' | 'answer';
  speaker: string | null;
  /** Line of the label, number or first line. */
  line: number;
  content: SourceLine[];
}

export interface Skeleton {
  format: TranscriptFormat;
  /** Lines before the first turn, header lines left out. */
  preamble: SourceLine[];
  turns: Turn[];
  roster: SpeakerRoster;
  /** Title and publisher stated in a header. */
  header: { title: string | null; publisher: string | null };
  warnings: ParseWarning[];
}

export interface ScanContext {
  lines: readonly SourceLine[];
  mode: ParagraphMode;
  options: ParserOptions;
  /** True when the caller named the format: the scanner then relaxes what it asks of the text. */
  explicit: boolean;
}

/** A skeleton, or why the text does not fit the format (and where). */
export type ScanResult =
  { ok: true; skeleton: Skeleton } | { ok: false; reason: string; line: number | null };

export type Scanner = (context: ScanContext) => ScanResult;
