/**
 * Questions set as paragraphs wholly in bold, with no label and no need of a "?": "**Tell me about your
 * childhood.**", "__Why Leipzig?__", "**你为什么开始做这件事**", the answer in the plain paragraphs below,
 * as magazines, CMSs and Word documents set them. A bold paragraph alone (a standfirst, a pull quote)
 * is not one: they must recur, each followed by plain text, and a text that names its speakers keeps
 * its bold lines as headings.
 */
import { isNeverASpeaker, isPersonNameLike, roleOfWord } from '../names';
import { endsWithQuestionMark } from '../text-shape';
import { boldLabel } from './bold-label';
import type { LabelRecogniser } from './types';

const BOLD_PARAGRAPH = /^\s*(?:\*\*((?:(?!\*\*).)+)\*\*|__((?:(?!__).)+)__)\s*$/u;
const MAX_QUESTION_LENGTH = 300;
const NO_NEIGHBOURS = { before: null, after: null, previous: null, next: null };
/** A pull quote is quoted; a question hardly ever is, whole. */
const QUOTED = /^["“”„«「『].*["“”»」』]$/u;
const HEADING = /^\s{0,3}#/u;
/** Sentences end inside it: "Ruth Okafor has cooked for strangers since 2004. We met her at home." */
const SENTENCES = /[.!。！](?:\s+|(?=\p{Script=Han}))\S/u;

function boldText(text: string): string | null {
  const match = BOLD_PARAGRAPH.exec(text);
  return match ? (match[1] ?? match[2]).trim() : null;
}

export const boldParagraph: LabelRecogniser = {
  name: 'bold paragraph question',
  minimumLines: 2,
  unlessNamed: true,
  recognise(text, { previous, next }) {
    const inner = boldText(text);
    // The first line is the title; a question needs its answer, in plain text, below it: a bold line
    // above another question ("**Early years**" over "How did it start?") is a heading.
    if (!inner || previous === null || next === null || boldText(next) !== null) return null;
    if (HEADING.test(next) || endsWithQuestionMark(next)) return null;
    if (inner.length > MAX_QUESTION_LENGTH || QUOTED.test(inner)) return null;
    // Sentences in bold under the title are its standfirst.
    if (HEADING.test(previous) && !endsWithQuestionMark(inner) && SENTENCES.test(inner)) return null;
    if (boldLabel.recognise(text, NO_NEIGHBOURS)) return null;
    // "**Ann Lee**" above her speech is a name set as a column, read by its own convention.
    if (isPersonNameLike(inner) || roleOfWord(inner) !== null || isNeverASpeaker(inner)) return null;
    return { label: 'Q', rest: inner, time: null };
  },
};
