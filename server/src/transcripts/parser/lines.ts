/** Source lines and how they make paragraphs. */

/** A line of the source: 1-based number and text without line ending or trailing whitespace. */
export interface SourceLine {
  number: number;
  text: string;
}

/**
 * 'line': every line is a paragraph (web copy without blank lines between paragraphs);
 * 'block': paragraphs are separated by blank lines and may be wrapped over several lines.
 */
export type ParagraphMode = 'line' | 'block';

const SENTENCE_END = /[.!?:;。！？：；…)\]）」』"'”’]$/u;

export function isBlank(line: SourceLine): boolean {
  return line.text.trim() === '';
}

/**
 * Blank lines as the usual separator, or lines that mostly stop mid-sentence (hard-wrapped prose),
 * mean block paragraphs; otherwise each line is a paragraph.
 */
export function paragraphMode(lines: readonly SourceLine[]): ParagraphMode {
  let textLines = 0;
  let blankRuns = 0;
  let innerLines = 0;
  let innerLinesMidSentence = 0;
  for (let i = 0; i < lines.length; i++) {
    if (isBlank(lines[i])) {
      // Only blank lines between text count: a final newline separates nothing.
      if (textLines > 0 && !isBlank(lines[i - 1]) && nextNonBlankIndex(lines, i) >= 0) blankRuns++;
      continue;
    }
    textLines++;
    const next = lines[i + 1];
    if (next && !isBlank(next)) {
      innerLines++;
      if (!SENTENCE_END.test(lines[i].text.trim())) innerLinesMidSentence++;
    }
  }
  if (blankRuns * 4 >= textLines) return 'block';
  return innerLines >= 3 && innerLinesMidSentence * 2 > innerLines ? 'block' : 'line';
}

/** The paragraphs of some lines, each as its lines; blank lines only separate. */
export function paragraphs(lines: readonly SourceLine[], mode: ParagraphMode): SourceLine[][] {
  const result: SourceLine[][] = [];
  let current: SourceLine[] = [];
  for (const line of lines) {
    if (isBlank(line)) {
      if (current.length) result.push(current);
      current = [];
    } else if (mode === 'line') {
      result.push([line]);
    } else {
      current.push(line);
    }
  }
  if (current.length) result.push(current);
  return result;
}

/** Paragraphs joined with a blank line, the lines of a paragraph kept as written. */
export function joinParagraphs(lines: readonly SourceLine[], mode: ParagraphMode): string {
  return paragraphs(lines, mode)
    .map((paragraph) => paragraph.map((line) => line.text).join('\n'))
    .join('\n\n');
}

/** The index of the first non-blank line at or after `from`, or -1. */
export function nextNonBlankIndex(lines: readonly SourceLine[], from: number): number {
  for (let i = from; i < lines.length; i++) if (!isBlank(lines[i])) return i;
  return -1;
}

/** The index of the last non-blank line before `before`, or -1. */
export function previousNonBlankIndex(lines: readonly SourceLine[], before: number): number {
  for (let i = before - 1; i >= 0; i--) if (!isBlank(lines[i])) return i;
  return -1;
}
