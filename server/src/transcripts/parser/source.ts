import { TranscriptParseError } from './errors';
import type { SourceLine } from './lines';
import { trimTextEnd } from '../../shared/text';

/** Larger texts are refused before any parsing. */
export const MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024;

/**
 * The text as lines: BOM dropped, CRLF/CR made LF, trailing whitespace and zero-width or bidi controls
 * trimmed (a line of only invisible characters is blank), nothing else touched.
 * Throws for text that is not a string, too large, binary or empty.
 */
export function readSource(text: unknown): SourceLine[] {
  if (typeof text !== 'string') throw new TranscriptParseError('the transcript must be text');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_TRANSCRIPT_BYTES) {
    throw new TranscriptParseError(
      `the transcript is ${formatBytes(bytes)}, more than the limit of ${formatBytes(MAX_TRANSCRIPT_BYTES)}`,
    );
  }
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line, index) => ({ number: index + 1, text: trimTextEnd(line) }));

  const binary = lines.find((line) => line.text.includes('\u0000'));
  if (binary) {
    throw new TranscriptParseError(
      'the transcript contains NUL characters: is it a binary file?',
      binary.number,
    );
  }
  if (lines.every((line) => line.text.trim() === '')) {
    throw new TranscriptParseError(
      text === '' ? 'the transcript is empty' : 'the transcript is only whitespace',
    );
  }
  return lines;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB (${bytes} bytes)`
    : `${bytes} bytes`;
}
