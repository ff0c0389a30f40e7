/**
 * Editor's notes between the questions: a paragraph wholly in brackets or italics that says something
 * ("[Bo Chen joins the conversation.]", "*Editor's note: the figures are from March.*", "【编者注：…】").
 * A short cue ("[laughter]", "(applause)", "[笑]") is part of the speech and stays in it.
 */
import { cjkShare, wordCount } from './text-shape';

const WRAPPED = [
  /^\[(.+)\]$/su,
  /^\((.+)\)$/su,
  /^【(.+)】$/su,
  /^（(.+)）$/su,
  /^［(.+)］$/su,
  /^〔(.+)〕$/su,
  /^\*(?!\*)(.+?)\*$/su,
  /^_(?!_)(.+?)_$/su,
];
const NOTE_OPENER =
  /^(?:editor'?s note|ed\.? note|note|update|correction|编者注|編者注|编者按|編者按|注|按)\s*[:：]/iu;

/** The text inside the brackets or italics, or null when the paragraph is not wrapped as a whole. */
export function unwrapNote(text: string): string | null {
  const trimmed = text.trim();
  for (const pattern of WRAPPED) {
    const inner = pattern.exec(trimmed)?.[1];
    if (inner !== undefined && !/[\][]/.test(inner.replace(/^\[|\]$/g, ''))) return inner.trim();
  }
  return null;
}

export function isEditorsNote(text: string): boolean {
  const trimmed = text.trim();
  if (NOTE_OPENER.test(trimmed)) return true;
  const inner = unwrapNote(trimmed);
  if (inner === null) return false;
  if (NOTE_OPENER.test(inner)) return true;
  // Cues are a word or two; a note is a sentence.
  return cjkShare(inner) > 0.5 ? [...inner].length >= 6 : wordCount(inner) >= 4;
}
