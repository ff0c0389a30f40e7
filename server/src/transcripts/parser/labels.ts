/** "Name: text" at the start of a line, where the name may be followed by nothing (text on next lines). */
import { isLabelShaped } from './names';

export interface LabelLine {
  label: string;
  /** The text after the label on the same line, '' when the label stands alone. */
  rest: string;
}

const LABEL_LINE = /^\s*([^:：]{1,40}?)\s*[:：]\s*(.*)$/u;

export function parseLabelLine(text: string): LabelLine | null {
  const match = LABEL_LINE.exec(text);
  if (!match || !isLabelShaped(match[1]) || match[2].startsWith('//')) return null;
  return { label: match[1].trim(), rest: match[2] };
}
