/** What a format's scanner finds: the turns of the dialogue and the lines before them. */
import type { ParagraphMode, SourceLine } from './lines';
import type { NormalisedSource } from './normalise';
import type { ParserOptions } from './options';
import type { SpeakerRoster } from './roster';
import type { ParseDecision, ParseWarning, TranscriptFormat } from './types';

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
  /** Guesses the scanner made (a surname taken as a full name), for the editor to check. */
  decisions?: ParseDecision[];
}

export interface ScanContext {
  lines: readonly SourceLine[];
  mode: ParagraphMode;
  options: ParserOptions;
  /** True when the caller named the format: the scanner then relaxes what it asks of the text. */
  explicit: boolean;
  /** The normalised input: times and markup headings by line number. */
  source: NormalisedSource;
}

/** A skeleton, or why the text does not fit the format (and where). */
export type ScanResult =
  { ok: true; skeleton: Skeleton } | { ok: false; reason: string; line: number | null };

export type Scanner = (context: ScanContext) => ScanResult;
