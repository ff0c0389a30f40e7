/**
 * Court and hearing transcripts number every line of a page ("  5        A.   At Harbor Freight, in"),
 * restarting at 1 on each page: the numbers are the page's furniture, not the text, and a question's
 * "Q." must start its line for the later steps to read it.
 */
import type { SourceLine } from '../lines';

const NUMBERED = /^\s*(\d{1,2})(?:[ \t]{2,}|\t|[ \t]+(?=[QA][.:]\s)|[ \t]*$)/u;

/** The lines with their numbers taken off, when the numbers count up line by line; else the lines as they are. */
export function withoutLineNumbers(lines: readonly SourceLine[]): SourceLine[] {
  const numbered = lines.map((line) => NUMBERED.exec(line.text));
  const textLines = lines.filter((line) => line.text.trim() !== '').length;
  let counted = 0;
  let previous: number | null = null;
  for (const match of numbered) {
    if (!match) continue;
    const number = Number(match[1]);
    if (previous !== null && (number === previous + 1 || number === 1)) counted++;
    previous = number;
  }
  if (counted < 5 || counted < textLines * 0.6) return [...lines];
  // The page is laid out in columns: indentation is its layout too ("            Page 14").
  return lines.map((line, index) => {
    const match = numbered[index];
    return { number: line.number, text: line.text.slice(match ? match[0].length : 0).trimStart() };
  });
}
