/**
 * People the text names outside the dialogue: the questioner in a byline ("By Ann Lee", "Interview by
 * Ann Lee") and the interviewee in the title ("Interview with Bo Chen, CTO of Acme", "Bo Chen on
 * scaling", "对话王磊：…"). Only guesses: they are used when the options and header say nothing, and
 * every use is shown to the editor as a decision.
 */
import { readByline } from './byline';
import { readHeaderLine } from './header';
import { isBlank, type SourceLine } from './lines';
import { isPersonNameLike, parsePeople, parsePerson, type PersonInfo, splitRoleBeforeName } from './names';
import type { ParserOptions } from './options';

/** Bylines are at the top: a dialogue's own lines are not searched. */
const HEAD_LINES = 12;

const TITLE_WITH =
  /^(?:an?\s+)?(?:exclusive\s+)?(?:(?:interview|conversation|q\s*&\s*a|chat|talk|in conversation|(?:\S+\s+){0,2}(?:minutes|questions|words))\s+with|(?:\S+\s+){0,2}questions\s+for|(?:entrevista|conversaci[oó]n|charla)\s+con|entretien\s+avec|(?:interview|im gespräch)\s+mit)\s*[:：]?\s+(.+)$/iu;
const TITLE_ON = /^(.+?)\s+on\s+\S/u;
/** "对话 Arcwave 合伙人 Grace 王：…", "【獨家專訪】歌手林宥安：…": what stands between the opener and the colon. */
const TITLE_CJK =
  /^[【[]?(?:独家|獨家)?(?:对话|對話|专访|專訪|访谈|訪談)[】\]]?\s*[|｜:：]?\s*([^：:，,|｜]+)/u;

/** "建築家・伊藤直樹インタビュー", "料理研究家・山本花子さんに聞く": the name before the Japanese opener. */
const TITLE_JA = /(?:^|[・:：\s「『])(\p{Script=Han}{2,5})(?:さん|氏|先生)?(?:インタビュー|に聞く|が語る)/u;

export interface GuessedPerson extends PersonInfo {
  line: number;
  how: 'byline' | 'title';
}

export function guessPeople(lines: readonly SourceLine[], options: ParserOptions): GuessedPerson[] {
  const head = lines.filter((line) => !isBlank(line)).slice(0, HEAD_LINES);
  const declaresRole = (role: 'INTERVIEWER' | 'INTERVIEWEE'): boolean =>
    head.some((line) => {
      const field = readHeaderLine(line.text);
      return field?.kind === 'people' && field.role === role;
    });
  const guesses: GuessedPerson[] = [];
  if (options.interviewers.length === 0 && !declaresRole('INTERVIEWER')) {
    for (const line of head) {
      const byline = readByline(line.text);
      if (!byline?.namesInterviewer) continue;
      // "Ann Lee | Staff", "Ann Lee, senior writer", "Ann Lee for The Herald": the names only.
      const value = byline.names
        .replace(/\s*[|｜,，].*$/u, '')
        .replace(/\s+(?:for|para|pour|für|per)\s+\S.*$/iu, '')
        .replace(/^and\s+/i, '')
        // "張雅婷 攝影／李文華": the next credit on the line is someone else's.
        .replace(/\s+[^\s/／:：]{1,4}\s*[/／:：].*$/u, '');
      const people = parsePeople(value).filter((person) => isPersonNameLike(person.name));
      if (people.length === 0) continue;
      guesses.push(...people.map((person) => ({ ...person, line: line.number, how: 'byline' as const })));
      break;
    }
  }
  if (options.interviewees.length === 0 && !declaresRole('INTERVIEWEE')) {
    const titleLine = head[0];
    const title = options.title ?? titleLine?.text.trim() ?? '';
    const person = titleLine ? personInTitle(title.replace(/^[#*_\s]+|[*_\s]+$/gu, '')) : null;
    if (person && !guesses.some((guess) => guess.name === person.name)) {
      guesses.push({ ...person, line: titleLine.number, how: 'title' });
    }
  }
  return guesses;
}

function personInTitle(title: string): PersonInfo | null {
  const cjk = TITLE_CJK.exec(title);
  if (cjk) {
    const subject = cjk[1].replace(/[(（][^)）]*[)）]/gu, '').trim();
    const firstWord = /^\S{2,8}/u.exec(subject)?.[0] ?? '';
    // "一位县城书店老板的十年": a description of somebody, not their name.
    const described = /^(?:[一两兩几幾某这這那每][位个個名对對群家]|某)/u.test(subject);
    const person = described
      ? null
      : (splitRoleBeforeName(subject) ??
        (isPersonNameLike(firstWord) ? { name: firstWord, title: null, organization: null } : null));
    if (person) return person;
  }
  const japanese = TITLE_JA.exec(title)?.[1];
  if (japanese) return { name: japanese, title: null, organization: null };
  // "The quiet architect: a conversation with Lena Park": the headline's own words come first.
  const withWhom = TITLE_WITH.exec(title) ?? TITLE_WITH.exec(title.replace(/^[^:：]{1,80}[:：]\s*/u, ''));
  if (withWhom) {
    // "Kenji Mori / 专访森健二": a bilingual title gives the name again after the slash.
    const description = withWhom[1].replace(/\s*[:：|｜/／]\s.*$/u, '').replace(/\s+(?:on|about)\s+.*$/u, '');
    const person = parsePerson(description);
    return isPersonNameLike(person.name) ? person : null;
  }
  const on = TITLE_ON.exec(title);
  if (on && on[1].split(/\s+/).length >= 2 && isPersonNameLike(on[1])) {
    return { name: on[1].trim(), title: null, organization: null };
  }
  return null;
}
