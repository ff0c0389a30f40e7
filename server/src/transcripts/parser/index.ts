/**
 * The transcript parser: plain text of an interview in, its structure out (title, intro, sections,
 * speakers, entries, boilerplate, warnings). Pure: no I/O.
 */
import { assemble } from './assemble';
import { detect, scanAs, scanBest } from './detect';
import { paragraphMode } from './lines';
import { readOptions } from './options';
import type { ScanContext } from './skeleton';
import { readSource } from './source';
import type { ParsedTranscript, TranscriptFormat, TranscriptOptions } from './types';

export { TranscriptParseError } from './errors';
export { MAX_TRANSCRIPT_BYTES } from './source';
export { TRANSCRIPT_FORMATS } from './types';
export type {
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
  const parserOptions = readOptions(options);
  const lines = readSource(text);
  const context: ScanContext = {
    lines,
    mode: paragraphMode(lines),
    options: parserOptions,
    explicit: parserOptions.format !== null,
  };
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
  const lines = readSource(text);
  const context: ScanContext = {
    lines,
    mode: paragraphMode(lines),
    options: readOptions(options),
    explicit: false,
  };
  return detect(context);
}
