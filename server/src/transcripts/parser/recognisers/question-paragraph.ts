/**
 * Questions that only their shape marks: a paragraph of its own ending in "?" with the answer's
 * paragraphs after it, as a Word document reads once its bold is gone. Only a fallback: taken when the
 * text has no labels of any kind, since a "?" paragraph inside a labelled answer is the speaker's.
 */
import { parseLabelLine } from '../labels';
import { endsWithQuestionMark } from '../text-shape';
import type { LabelRecogniser } from './types';

const MAX_QUESTION_LENGTH = 300;
/** "1. Why?" is a numbered question and "Q: …" / "Q. …" a labelled one, which other steps read. */
const MARKED = /^\s*(?:Q\s*)?\d{1,3}\s*[.)、．:：）]|^\s*[#>*_-]|^\s*(?:Q|Question|问|問)\s*[.．:：、]/u;

export const questionParagraph: LabelRecogniser = {
  name: 'question paragraph',
  minimumLines: 3,
  fallback: true,
  recognise(text, { before, after }) {
    const trimmed = text.trim();
    // The first line is the title, however it ends; a question needs its answer below it.
    if (before === null || before.trim() !== '' || after === null || after.trim() !== '') return null;
    if (trimmed.length > MAX_QUESTION_LENGTH || !endsWithQuestionMark(trimmed)) return null;
    if (MARKED.test(trimmed) || parseLabelLine(trimmed)) return null;
    return { label: 'Q', rest: trimmed, time: null };
  },
};
