/**
 * Bilingual transcripts give each turn twice, one language after the other ("Q: …" / "问：…",
 * "贾铭：…" / "Jia Ming: …"). A label that only ever speaks right after one other label, in the other
 * script, the same kind of turn and asking as it does, is that label's translation: its turn joins the one before, so an
 * entry keeps both texts.
 */
import type { Turn } from './skeleton';
import { containsQuestionMark } from './text-shape';

type Script = 'han' | 'latin' | null;

function scriptOf(turn: Turn): Script {
  const text = turn.content.map((line) => line.text).join(' ');
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  // Han characters carry a word each; Latin letters about a fifth of one.
  const latin = (text.match(/\p{Script=Latin}/gu) ?? []).length / 5;
  if (han === 0 && latin === 0) return null;
  return han > latin ? 'han' : 'latin';
}

/** A translation asks when its original does: a question's answer in the other language is no translation. */
function asks(turn: Turn): boolean {
  return turn.content.some((line) => containsQuestionMark(line.text));
}

export function joinTranslations<T extends Turn>(turns: readonly T[], keyOf: (turn: T) => string): T[] {
  const partner = new Map<string, string | null>();
  const counts = new Map<string, number>();
  turns.forEach((turn, index) => {
    const key = keyOf(turn);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const previous = turns[index - 1];
    const script = scriptOf(turn);
    const translates =
      previous !== undefined &&
      previous.kind === turn.kind &&
      keyOf(previous) !== key &&
      script !== null &&
      scriptOf(previous) !== null &&
      script !== scriptOf(previous) &&
      asks(turn) === asks(previous);
    const before = translates ? keyOf(previous) : null;
    partner.set(key, partner.has(key) && partner.get(key) !== before ? null : before);
  });
  // The label it follows must itself be an original, or "Q" / "问" alternating would chain; and every
  // turn of the original has its translation.
  const translationOf = (key: string): boolean => {
    const original = partner.get(key) ?? null;
    return (
      (counts.get(key) ?? 0) >= 2 &&
      original !== null &&
      (partner.get(original) ?? null) === null &&
      counts.get(original) === counts.get(key)
    );
  };
  const translations = new Set([...counts.keys()].filter(translationOf));
  // Both sides of the conversation are given twice: one speaker always answering in the other language
  // (an English question, a Chinese answer) is a conversation, not a translation.
  // (A speaker named the same in both languages repeats their own label: "A (Mei):" / "答（Mei）：".)
  const repeatsInOtherLanguage = turns.some(
    (turn, index) =>
      index > 0 &&
      keyOf(turns[index - 1]) === keyOf(turn) &&
      scriptOf(turn) !== null &&
      scriptOf(turns[index - 1]) !== null &&
      scriptOf(turn) !== scriptOf(turns[index - 1]),
  );
  if (translations.size + (repeatsInOtherLanguage ? 1 : 0) < 2) return [...turns];
  const joined: T[] = [];
  for (const turn of turns) {
    const previous = joined[joined.length - 1];
    if (previous && translations.has(keyOf(turn))) {
      previous.content.push({ number: turn.line, text: '' }, ...turn.content);
      continue;
    }
    joined.push(turn);
  }
  return joined;
}
