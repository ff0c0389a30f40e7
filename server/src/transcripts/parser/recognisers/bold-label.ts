/** Markdown bold labels: "**Ann Lee:** text", "**Ann Lee**: text", "__主持人：__ text". */
import { isLabelShaped } from '../names';
import type { LabelRecogniser } from './types';

const BOLD_LABEL = /^\s*(\*\*|__)\s*([^*_:：]{1,40}?)\s*([:：])?\s*\1\s*([:：])?\s*(.*)$/u;

export const boldLabel: LabelRecogniser = {
  name: 'bold label',
  minimumLines: 2,
  recognise(text) {
    const match = BOLD_LABEL.exec(text);
    if (!match) return null;
    const [, , label, inside, outside, rest] = match;
    if (!inside === !outside || !isLabelShaped(label)) return null;
    return { label: label.trim(), rest: rest.trim(), time: null };
  },
};
