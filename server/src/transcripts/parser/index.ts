/**
 * The transcript parser: plain text of an interview in, its structure out (title, intro, sections,
 * speakers, entries, boilerplate, warnings). Pure: no I/O.
 */
import { assemble } from './assemble';
import { detect, scanAs, scanBest } from './detect';
import { paragraphMode } from './lines';
import { readOptions } from './options';
import type { ScanContext } from './skeleton';
import { normaliseSource } from './normalise';
import { readExportJson } from './normalise/export-json';
import { guessPeople } from './people-hints';
import type { ParsedTranscript, TranscriptFormat, TranscriptOptions } from './types';

export { TranscriptParseError } from './errors';
export { MAX_TRANSCRIPT_BYTES } from './source';
export { normaliseSource } from './normalise';
export type { NormalisedSource } from './normalise';
export { TRANSCRIPT_FORMATS } from './types';
export type {
  DecisionKind,
  ParseDecision,
  ParsedEntry,
  ParsedSpeaker,
  ParsedTranscript,
  ParseWarning,
  SpeakerDetails,
  SpeakerOption,
  SpeakerRole,
  TranscriptFormat,
  TranscriptOptions,
} from './types';

/**
 * Parses a transcript, in `options.format` or the format detected. Throws TranscriptParseError for
 * empty or oversized text, text without question/answer structure, or a format the text does not fit.
 */
export function parseTranscript(text: string, options: TranscriptOptions = {}): ParsedTranscript {
  const exported = readExport(text, options);
  if (exported) return exported;
  const context = scanContext(text, options);
  context.explicit = context.options.format !== null;
  const parserOptions = context.options;
  const skeleton = parserOptions.format ? scanAs(parserOptions.format, context) : scanBest(context);
  return assemble(skeleton, context);
}

/**
 * The format parseTranscript would read the text in, or null when it has no question/answer
 * structure. Throws TranscriptParseError for text it cannot read at all (empty, oversized, binary).
 */
export function detectFormat(
  text: string,
  options: Omit<TranscriptOptions, 'format'> = {},
): TranscriptFormat | null {
  const exported = readExport(text, options);
  if (exported) return exported.format;
  return detect(scanContext(text, options));
}

/**
 * The service's JSON export (a `.json` file, or text that is JSON) read as it was written; null for any
 * other text. The caller's title, publisher and language still win, as they do over a transcript's own.
 */
function readExport(text: string, options: TranscriptOptions): ParsedTranscript | null {
  const parserOptions = readOptions(options);
  if (typeof text !== 'string') return null;
  const exported = readExportJson(text, parserOptions.fileName);
  if (!exported) return null;
  return {
    ...exported,
    title: parserOptions.title ?? exported.title,
    publisher: parserOptions.publisher ?? exported.publisher,
    language: parserOptions.language ?? exported.language,
  };
}

/** The pipeline's first steps: the input normalised, the options read, the people the text names outside its dialogue. */
function scanContext(text: string, options: TranscriptOptions): ScanContext {
  const parserOptions = readOptions(options);
  const source = normaliseSource(text, parserOptions.fileName);
  parserOptions.guessed = guessPeople(source.lines, parserOptions);
  return {
    lines: source.lines,
    mode: source.mode ?? paragraphMode(source.lines),
    options: parserOptions,
    explicit: false,
    source,
  };
}
