/**
 * Upper-case or name labels before a dash: "SMITH — text", "Interviewer – text", "ANN LEE -- text",
 * "记者——text".
 */
import { isPersonNameLike, roleOfWord } from '../names';
import type { LabelRecogniser } from './types';

const DASH_LABEL = /^\s*([^—–:：]{1,40}?)\s+(?:—|–|--)\s+(\S.*)$/u;
/** Chinese sets the dash unspaced and doubled: "记者——你为什么离开？", "何一——不是离开". */
const CJK_DASH_LABEL = /^\s*([^—–:：\s][^—–:：]{0,23}?)\s*——\s*(\S.*)$/u;
const UPPER_CASE_NAME = /^\p{Lu}[\p{Lu}\p{M}.'’ -]*\p{Lu}\.?$/u;

export const dashLabel: LabelRecogniser = {
  name: 'dash label',
  minimumLines: 2,
  recognise(text) {
    const match = DASH_LABEL.exec(text) ?? CJK_DASH_LABEL.exec(text);
    if (!match) return null;
    const label = match[1].trim();
    if (/^question\s+\d/i.test(label)) return null;
    const nameLike = UPPER_CASE_NAME.test(label) || roleOfWord(label) !== null || isPersonNameLike(label);
    if (!nameLike || label.split(/\s+/).length > 4) return null;
    return { label, rest: match[2].trim(), time: null };
  },
};
