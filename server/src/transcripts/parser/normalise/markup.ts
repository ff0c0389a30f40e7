/** Markdown as pasted from a CMS: heading marks and rules are structure; the words stay. */
import type { SourceLine } from '../lines';

const HEADING = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/u;
const RULE = /^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$/u;
const BOLD_LINE = /^\s*(\*\*|__)([^*_]+?)\1\s*$/u;
/** "▍一、关于 AggLayer", "■ Part Two": a WeChat editor's bar or block before a short heading. */
const MARKED_HEADING = /^\s*[▍▌▎▋█■◆◇●▶►]\s*(\S.{0,39})$/u;
/** "1. **Why now?**": the bold only sets the numbered question apart. */
const NUMBERED_BOLD = /^(\s*(?:Q\s*)?\d{1,5}[.)．、）]\s*)(\*\*|__)([^*_]+?)\2\s*$/u;

export interface MarkupLines {
  lines: SourceLine[];
  /** Lines the markup makes headings (Markdown "#" headings, short bold lines, "▍" marked lines). */
  headings: Set<number>;
}

export function readMarkup(lines: readonly SourceLine[]): MarkupLines {
  const headings = new Set<number>();
  const result = lines.map((line) => {
    const heading = HEADING.exec(line.text);
    if (heading) {
      headings.add(line.number);
      return { number: line.number, text: heading[1] };
    }
    if (RULE.test(line.text)) return { number: line.number, text: '' };
    const marked = MARKED_HEADING.exec(line.text);
    if (marked && !/[。.!！?？:：,，;；]$/u.test(marked[1].trim())) {
      headings.add(line.number);
      return { number: line.number, text: marked[1].trim() };
    }
    const numbered = NUMBERED_BOLD.exec(line.text);
    if (numbered) return { number: line.number, text: `${numbered[1]}${numbered[3]}` };
    const bold = BOLD_LINE.exec(line.text);
    // A short bold line of its own is a heading; a bold question or label was read before this.
    if (bold && !/[:：?？]\s*$/u.test(bold[2]) && bold[2].length <= 80) {
      headings.add(line.number);
      return { number: line.number, text: bold[2].trim() };
    }
    return line;
  });
  return { lines: result, headings };
}
