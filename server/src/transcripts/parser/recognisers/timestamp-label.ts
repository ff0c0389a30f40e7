/**
 * Timestamped labels: "[00:01:23] Ann Lee: text", "(00:12:05) Ann:", "00:12:05 Ann: text",
 * "Ann Lee (00:01:23): text", "Ann Lee [01:23]", "Ann Lee: [00:01:23] text", the name alone after
 * its time ("00:00:03 Ann Lee") or before it ("Ann Lee  0:03", "[Ann Lee] 14:03:12",
 * "**Ann Lee** · 00:12") with the text below; a time with no label continues the speaker before.
 */
import { parseLabelLine } from '../labels';
import { isPersonNameLike, roleOfWord } from '../names';
import type { LabelRecogniser, RecognisedLine } from './types';
import { boldLabel } from './bold-label';

const STAMP = String.raw`(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?`;
// A range ("[00:00.000 --> 00:04.200]", Whisper) starts where its first time says; Chinese brackets
// ("【00:00:05】", "（00:12:05）") are read as the others.
const TIME_FIRST = new RegExp(
  String.raw`^\s*(?:[\[【](${STAMP})(?:\s*-->\s*${STAMP})?[\]】]|[(（](${STAMP})[)）]|(${STAMP}))\s*[-–—|]?\s*(.*)$`,
  'u',
);
// "Ann Lee (00:01:23):", "[Ann Lee] 14:03:12" (Zoom), "**Ann Lee** · 00:12" (Fireflies), "### Ann 0:12".
const TIME_AFTER_NAME = new RegExp(
  String.raw`^\s*(?:#{1,6}\s+)?(?:\*\*|\[)?([^\[\]()（）:：*]{1,40}?)\s*(?:\*\*|\])?\s*(?:[·•|–—-]\s*)?(?:\[(${STAMP})\]|\((${STAMP})\)|(${STAMP}))\s*(?:\*\*)?\s*[:：]?\s*(?:\*\*)?\s*(.*)$`,
  'u',
);
// "Ann Lee: [00:00:12] text" (Sonix): after a colon only a bracketed time, as "Ann: 5:30 is early" is speech.
const NAME_COLON_TIME = new RegExp(
  String.raw`^\s*([^\[\]()（）:：*]{1,40}?)\s*[:：]\s*(?:\[(${STAMP})\]|\((${STAMP})\))\s*(.*)$`,
  'u',
);
const NO_NEIGHBOURS = { before: null, after: null, previous: null, next: null };

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
      const labelled = boldLabel.recognise(rest, NO_NEIGHBOURS) ?? parseLabelLine(rest);
      if (labelled && (isPersonNameLike(labelled.label ?? '') || roleOfWord(labelled.label ?? ''))) {
        return { label: labelled.label, rest: labelled.rest.trim(), time };
      }
      if (isNameAlone(rest)) return { label: rest.trim(), rest: '', time, bare: true };
      return { label: null, rest, time };
    }
    const colon = NAME_COLON_TIME.exec(text);
    if (colon && isNameAlone(colon[1])) {
      return { label: colon[1].trim(), rest: colon[4].trim(), time: stampSeconds(colon[2] ?? colon[3]) };
    }
    const after = TIME_AFTER_NAME.exec(text);
    if (!after) return null;
    const label = after[1].trim();
    if (!isPersonNameLike(label) && !roleOfWord(label)) return null;
    return { label, rest: after[5].trim(), time: stampSeconds(after[2] ?? after[3] ?? after[4]) };
  },
};

/** "Ann Lee", "Speaker 2", "HOST" with nothing after it: the name of who speaks on the lines below. */
function isNameAlone(text: string): boolean {
  const trimmed = text.trim();
  return (
    trimmed.length <= 40 &&
    trimmed.split(/\s+/).length <= 4 &&
    (isPersonNameLike(trimmed) || roleOfWord(trimmed) !== null)
  );
}
