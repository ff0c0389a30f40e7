/**
 * Timestamped labels: "[00:01:23] Ann Lee: text", "(00:12:05) Ann:", "00:12:05 Ann: text",
 * "Ann Lee (00:01:23): text", "Ann Lee [01:23]"; a time with no label continues the speaker before.
 */
import { parseLabelLine } from '../labels';
import { isPersonNameLike, roleOfWord } from '../names';
import type { LabelRecogniser, RecognisedLine } from './types';
import { boldLabel } from './bold-label';

const STAMP = String.raw`(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?`;
const TIME_FIRST = new RegExp(
  String.raw`^\s*(?:\[(${STAMP})\]|\((${STAMP})\)|(${STAMP}))\s*[-–—|]?\s*(.*)$`,
  'u',
);
const TIME_AFTER_NAME = new RegExp(
  String.raw`^\s*(?:\*\*)?([^\[\]()（）:：*]{1,40}?)\s*(?:\[(${STAMP})\]|\((${STAMP})\)|(${STAMP}))\s*(?:\*\*)?\s*[:：]?\s*(?:\*\*)?\s*(.*)$`,
  'u',
);

export function stampSeconds(stamp: string): number {
  return stamp
    .replace(',', '.')
    .split(':')
    .map(Number)
    .reduce((total, part) => total * 60 + part, 0);
}

export const timestampLabel: LabelRecogniser = {
  name: 'timestamped label',
  minimumLines: 2,
  recognise(text): RecognisedLine | null {
    const first = TIME_FIRST.exec(text);
    if (first) {
      const time = stampSeconds(first[1] ?? first[2] ?? first[3]);
      const rest = first[4];
      const labelled = boldLabel.recognise(rest) ?? parseLabelLine(rest);
      if (labelled && (isPersonNameLike(labelled.label ?? '') || roleOfWord(labelled.label ?? ''))) {
        return { label: labelled.label, rest: labelled.rest.trim(), time };
      }
      return { label: null, rest, time };
    }
    const after = TIME_AFTER_NAME.exec(text);
    if (!after) return null;
    const label = after[1].trim();
    if (!isPersonNameLike(label) && !roleOfWord(label)) return null;
    return { label, rest: after[5].trim(), time: stampSeconds(after[2] ?? after[3] ?? after[4]) };
  },
};
