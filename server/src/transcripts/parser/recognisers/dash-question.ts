/**
 * Questions opened by a double dash, the Japanese interview convention ("――きっかけは？"), also
 * "——" in Chinese: the line is the interviewer's. A single dash is not one: Spanish and French set
 * every speaker's turn after "—".
 */
import type { LabelRecogniser } from './types';

const DASH_QUESTION = /^\s*(?:[―—─]\s?){2}(?![―—─])\s*(\S.*)$/u;
/** An epigraph's attribution ("——鲁迅", "——摘自《读书》", "—— Lu Xun"), not a question. */
const ATTRIBUTION = /^(?:摘自|引自|选自|選自|出自|《|\p{Script=Han}{2,4}$|(?:\p{Lu}[\p{L}.'’-]*\s?){1,4}$)/u;

export const dashQuestion: LabelRecogniser = {
  name: 'double-dash question',
  minimumLines: 3,
  recognise(text) {
    const rest = DASH_QUESTION.exec(text)?.[1]?.trim();
    if (!rest || ATTRIBUTION.test(rest)) return null;
    return { label: 'Q', rest, time: null };
  },
};
