/**
 * Chat exports and pastes, where the time is the clock's, not the recording's: Telegram/WhatsApp
 * "[05.03.24 14:02] Anna Petrova: text", "05/03/2024, 14:02 - Anna: text", a log's "[10:02] ann: text"
 * with lower-case handles, Slack's "Maya Chen  10:02 AM" and WeChat's "2024-03-05 14:02:11 林小雨" with
 * the message on the lines below. The clock time is not kept as a start time.
 */
import { parseLabelLine } from '../labels';
import { isNeverASpeaker, isPersonNameLike } from '../names';
import type { LabelRecogniser, RecognisedLine } from './types';

const DATE = String.raw`(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})`;
const CLOCK = String.raw`\d{1,2}:\d{2}(?::\d{2})?`;
const MERIDIEM = String.raw`\s?(?:[AaPp]\.?[Mm]\.?|上午|下午)`;

const STAMPED_LABEL = new RegExp(
  String.raw`^\s*(?:\[\s*(?:(${DATE}),?\s+)?(${CLOCK})(${MERIDIEM})?\s*\]|(${DATE}),?\s+${CLOCK}(?:${MERIDIEM})?\s*[-–—])\s*(.*)$`,
  'u',
);
const NAME_THEN_CLOCK = new RegExp(
  String.raw`^\s*([^\d\[\]:：]{1,40}?)\s+(?:(${DATE})\s+)?${CLOCK}(${MERIDIEM})?\s*$`,
  'u',
);
const CLOCK_THEN_NAME = new RegExp(String.raw`^\s*${DATE}\s+${CLOCK}\s+([^\d:：]{1,40}?)\s*$`, 'u');
/** A chat handle: one word, lower case allowed ("ann", "ben_o"). */
const HANDLE = /^\p{L}[\p{L}\p{N}._-]{0,23}$/u;

function speakerName(label: string): string | null {
  const trimmed = label.trim();
  if (isNeverASpeaker(trimmed)) return null;
  if (isPersonNameLike(trimmed)) return trimmed;
  // A handle reads as a name once capitalised, so later steps treat it like any other.
  if (HANDLE.test(trimmed)) return trimmed[0].toUpperCase() + trimmed.slice(1);
  return null;
}

export const chatLog: LabelRecogniser = {
  name: 'chat log',
  minimumLines: 3,
  minimumLabels: 2,
  recognise(text): RecognisedLine | null {
    const stamped = STAMPED_LABEL.exec(text);
    if (stamped) {
      const [, date, clock, meridiem, dashedDate, rest] = stamped;
      const labelled = parseLabelLine(rest);
      const name = labelled ? speakerName(labelled.label) : null;
      if (!labelled || !name) return null;
      // "[00:12] Ann: …" is a recording's time, read by the timestamped labels; a handle or a date is a chat's.
      const chat = date ?? meridiem ?? dashedDate ?? (name !== labelled.label.trim() ? clock : undefined);
      return chat === undefined ? null : { label: name, rest: labelled.rest.trim(), time: null };
    }
    const after = NAME_THEN_CLOCK.exec(text);
    if (after && (after[2] || after[3]) && isPersonNameLike(after[1])) {
      return { label: after[1].trim(), rest: '', time: null, bare: true };
    }
    const before = CLOCK_THEN_NAME.exec(text);
    if (before && isPersonNameLike(before[1]))
      return { label: before[1].trim(), rest: '', time: null, bare: true };
    return null;
  },
};
