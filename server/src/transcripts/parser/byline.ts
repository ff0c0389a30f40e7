/**
 * Bylines: who asked, wrote, translated or edited the piece ("Interview by Ann Lee for The Herald",
 * "Por Lucía Gómez", "采访 / 撰文：周若男"). One definition for both uses: a byline before the dialogue
 * is kept apart as boilerplate, and one that names the interviewer tells who asks the questions.
 */

/** Openers after which the names are the interviewer's. */
const ASKING = [
  String.raw`by`,
  String.raw`(?:interview(?:ed)?|conducted|questions|text|words|reported|reporting)\s+by`,
  String.raw`por|entrevista\s+(?:de|por)|propos recueillis par|interview\s+von|intervista\s+di`,
  String.raw`(?:采访者|採訪者|提问者|提問者|采访|採訪|采写|採寫|记者|記者|提问|提問)(?:\s*[/／、]\s*(?:撰文|整理|文字|摄影|攝影|编辑|編輯))*`,
  // Taiwan and Hong Kong media sign the reporter "文／張雅婷", mainland media "文｜小白".
  String.raw`文(?=\s*[/／|｜丨])`,
];

/** Openers of other credits: boilerplate too, but the names need not be the interviewer's. */
const CREDITING = [
  String.raw`(?:written|compiled|translated|edited|produced)\s+by`,
  String.raw`(?:authors?|writer|editor|translator)(?=\s*[:：])`,
  String.raw`(?:撰文|作者|编译|編譯|翻译|翻譯|整理|编辑|編輯|责编|責編|出品|策划|策劃|文)(?=\s*[:：|丨｜/／])`,
];

const BYLINE = new RegExp(
  // The opener is a word of its own: "Bylaws …" and "BYD is …" are not bylines.
  `^(?:(?<asking>${ASKING.join('|')})|(?<crediting>${CREDITING.join('|')}))(?![\\p{L}\\p{N}])\\s*[:：|丨｜/／]?\\s*(?<names>.+)$`,
  'iu',
);

/** Bylines are one short line; a longer one is a sentence that starts with "By …". */
const MAX_BYLINE_LENGTH = 120;

export interface Byline {
  /** The text after the opener: names, perhaps with roles or the publication ("Ann Lee for The Herald"). */
  names: string;
  namesInterviewer: boolean;
}

export function readByline(text: string): Byline | null {
  // "*By Ann Lee | April 12*" as a CMS pastes it: the emphasis is no part of the byline.
  const trimmed = text
    .trim()
    .replace(/^([*_]{1,3})(?=\S)(.*\S)\1$/u, '$2')
    .trim();
  if (trimmed.length > MAX_BYLINE_LENGTH) return null;
  const groups = BYLINE.exec(trimmed)?.groups;
  if (!groups) return null;
  const names = groups.names.trim();
  // "记者：" alone names nobody: it is a label with the speech on the lines below.
  if (!/[\p{L}\p{N}]/u.test(names)) return null;
  // "By the time we met…" is a sentence: names do not start with a lower-case letter.
  if (/^\p{Ll}/u.test(names)) return null;
  // "记者：您为什么离开？" is the reporter asking, not a credit: names carry no sentence punctuation.
  if (/[?？。！!，]/u.test(names)) return null;
  // "记者：先请您简单介绍一下自己" asks without a question mark: names say no "you" and are short runs.
  if (/[您你]|\p{Script=Han}{12,}/u.test(names)) return null;
  return { names, namesInterviewer: groups.asking !== undefined };
}
