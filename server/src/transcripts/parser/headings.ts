import {
  endsWithPunctuation,
  isListItem,
  isShortLine,
  isUrlLike,
  startsLikeHeading,
  wordCount,
} from './text-shape';

/** Headings that announce the introduction rather than open a section of the dialogue. */
const INTRO_HEADING =
  /^(?:introduction|intro|preface|foreword|background|editor'?s note|前言|引言|导语|導語|导读|導讀|编者按|編者按|序言|はじめに|まえがき|리드|서문)\s*[:：]?$/iu;

export function isIntroHeading(text: string): boolean {
  return INTRO_HEADING.test(text.trim());
}

/**
 * A line that can be a section heading: short, not a sentence (no closing punctuation), not a list
 * item or link, and not starting in lower case. Colons inside are fine ("Part One: Why Now").
 */
export function isHeadingLike(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed || isListItem(trimmed) || isUrlLike(trimmed)) return false;
  if (!isShortLine(trimmed, 120, 40) || wordCount(trimmed) > 18) return false;
  return !endsWithPunctuation(trimmed) && startsLikeHeading(trimmed);
}

/** A first line that can be the title: a heading-like line, which may also end with "?" or "!". */
export function isTitleLike(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed || isListItem(trimmed) || isUrlLike(trimmed) || isIntroHeading(trimmed)) return false;
  if (!isShortLine(trimmed, 150, 60) || wordCount(trimmed) > 24) return false;
  const body = trimmed.replace(/[?？!！]+["'”’)）」』]*$/u, '');
  return body !== '' && !endsWithPunctuation(body) && startsLikeHeading(trimmed);
}
