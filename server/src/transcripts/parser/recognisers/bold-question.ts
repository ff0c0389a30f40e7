/** Questions set as bold lines: "**Q. How did it start?**", "**What comes next?**", "**问：为什么？**". */
import { endsWithQuestionMark } from '../text-shape';
import type { LabelRecogniser } from './types';

const BOLD_LINE = /^\s*(\*\*|__)(.+?)\1\s*$/u;
const QUESTION_MARK = /^(?:Q\s*\d{0,3}|问|問)\s*(?:[.．:：]|、)\s*/u;

export const boldQuestion: LabelRecogniser = {
  name: 'bold question line',
  minimumLines: 2,
  recognise(text) {
    const inner = BOLD_LINE.exec(text)?.[2].trim();
    if (!inner) return null;
    const marked = QUESTION_MARK.exec(inner);
    if (marked) return { label: 'Q', rest: inner.slice(marked[0].length).trim(), time: null };
    return endsWithQuestionMark(inner) ? { label: 'Q', rest: inner, time: null } : null;
  },
};
