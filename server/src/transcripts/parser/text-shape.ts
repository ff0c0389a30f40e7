/** What a single line of text looks like: a question, a list item, a sentence, a heading. */

const CLOSERS = new Set(`"'”’)）」』】»]`);

/** The text without closing quotes/brackets at its end, so "…?”" still ends with "?". */
function withoutClosers(text: string): string {
  const trimmed = text.trim();
  let end = trimmed.length;
  while (end > 0 && CLOSERS.has(trimmed[end - 1])) end--;
  return trimmed.slice(0, end);
}

export function endsWithQuestionMark(text: string): boolean {
  return /[?？]$/.test(withoutClosers(text));
}

export function containsQuestionMark(text: string): boolean {
  return /[?？]/.test(text);
}

/** Ends like a finished sentence: . ! ? … (any script), possibly inside quotes. */
export function endsLikeSentence(text: string): boolean {
  return /[.!?…。！？]$/.test(withoutClosers(text));
}

export function endsWithColon(text: string): boolean {
  return /[:：]$/.test(text.trim());
}

/** Ends with punctuation that a heading or title never ends with. */
export function endsWithPunctuation(text: string): boolean {
  return /[.,;:!?…。，；：、！？]$/.test(withoutClosers(text));
}

const INTERROGATIVE_START =
  /^(how|what|why|when|where|who|whom|whose|which|do|does|did|can|could|would|will|should|is|are|was|were|have|has|tell|describe|please|explain|share)\b/i;

const INTERROGATIVE_CJK = /(吗|呢|如何|怎么|怎样|什么|为什么|哪些|哪里|多少|是否|か|ですか|ますか)[。.]?$/u;

/** A Chinese prompt that asks without a "？": "谈谈你对…的看法", "请介绍一下…", "给年轻人一些建议，你会说什么". */
const PROMPT_CJK =
  /^(?:请|請|能否|可否|谈谈|談談|聊聊|说说|說說|讲讲|講講|介绍|介紹|分享一下)|[你您](?!.*[。！!]$)/u;

/** Reads as a question: ends with "?" or asks in its words. */
export function looksLikeQuestion(text: string): boolean {
  const trimmed = text.trim();
  return (
    endsWithQuestionMark(trimmed) ||
    INTERROGATIVE_START.test(trimmed) ||
    INTERROGATIVE_CJK.test(trimmed) ||
    PROMPT_CJK.test(trimmed)
  );
}

const LIST_ITEM = /^\s*(?:[-*•‣◦▪–—]\s+|\(?\d{1,3}[.)）]\s+|\d{1,3}[、．]\s*|\(?[a-zA-Z][.)]\s+|[①-⑳])/u;

export function isListItem(text: string): boolean {
  return LIST_ITEM.test(text);
}

export function isUrlLike(text: string): boolean {
  return /^(?:https?:\/\/|www\.)\S+$/i.test(text.trim());
}

export function containsUrl(text: string): boolean {
  return /https?:\/\/\S+|www\.\S+/i.test(text);
}

/** Han, kana and hangul: scripts that write without spaces, so length is counted in characters. */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

export function cjkShare(text: string): number {
  const letters = text.replace(/[\s\p{P}\p{S}\d]/gu, '');
  if (!letters) return 0;
  return (letters.match(CJK_CHAR)?.length ?? 0) / letters.length;
}

export function wordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}

/** Short enough for a heading or a title: a line, not a paragraph. */
export function isShortLine(text: string, maxLatin: number, maxCjk: number): boolean {
  const trimmed = text.trim();
  return cjkShare(trimmed) > 0.5 ? [...trimmed].length <= maxCjk : trimmed.length <= maxLatin;
}

/** Starts like a heading: a capital letter, a digit, a quote or a letter of a script without case. */
export function startsLikeHeading(text: string): boolean {
  const first = [...text.trim()][0] ?? '';
  if (/\p{Ll}/u.test(first)) return false;
  return /[\p{L}\p{N}"'“‘「『《【(]/u.test(first);
}
