/**
 * Labels set as a column, the name alone on its line and the speech below it, as screenplays and some
 * CMS exports do: "HOST" / "RAMÓN VEGA" / "**Ann Lee**" / "记者" after a blank line, the text on the
 * next line.
 */
import { isNeverASpeaker, isPersonNameLike, roleOfWord } from '../names';
import type { LabelRecogniser } from './types';

const UPPER_CASE_NAME = /^\p{Lu}[\p{Lu}\p{M}.'’ -]*\p{Lu}\.?$/u;

export const columnLabel: LabelRecogniser = {
  name: 'label above its text',
  minimumLines: 4,
  minimumLabels: 2,
  recognise(text, { before, after }) {
    const label = text
      .trim()
      .replace(/^(\*\*|__)(.+)\1$/u, '$2')
      .trim();
    if (!label || (before !== null && before.trim() !== '')) return null;
    if (!after || after.trim() === '' || label.length > 30 || label.split(/\s+/).length > 4) return null;
    if (isNeverASpeaker(label)) return null;
    const nameLike = UPPER_CASE_NAME.test(label) || roleOfWord(label) !== null || isPersonNameLike(label);
    return nameLike ? { label, rest: '', time: null, bare: true } : null;
  },
};
