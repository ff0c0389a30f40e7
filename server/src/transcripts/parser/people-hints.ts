/**
 * People the text names outside the dialogue: the questioner in a byline ("By Ann Lee", "Interview by
 * Ann Lee") and the interviewee in the title ("Interview with Bo Chen, CTO of Acme", "Bo Chen on
 * scaling", "对话王磊：…"). Only guesses: they are used when the options and header say nothing, and
 * every use is shown to the editor as a decision.
 */
import { isLeadingBoilerplate } from './boilerplate';
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
/** "Interview: Ray Dalio, founder of Bridgewater", "Q&A: Caitlin Long on …". */
const TITLE_KIND_COLON =
  /^(?:(?:an?\s+)?(?:exclusive\s+)?(?:interview|q\s*&\s*a|conversation))\s*[:：|｜]\s*(.+)$/iu;
/** "对话 Arcwave 合伙人 Grace 王：…", "【獨家專訪】歌手林宥安：…": what stands between the opener and the colon. */
const TITLE_CJK =
  /^[【[]?(?:独家|獨家)?(?:对话|對話|专访|專訪|访谈|訪談)[】\]]?\s*[|｜:：]?\s*([^：:，,|｜]+)/u;
/** "律动 BlockBeats 专访 Ethena 创始人 Guy Young", "吴说独家｜专访 …": the outlet before the opener. */
const TITLE_CJK_AFTER_OUTLET =
  /^[^：:，,。]{1,24}?(?:独家|獨家)?(?:对话|對話|专访|專訪|访谈|訪談)[】\]]?\s*[|｜:：]?\s*([^：:，,|｜]+)/u;
/** A newsroom's desk or team signing the piece: no person to ask the questions. */
const DESK = /(?:编辑部|編輯部|团队|團隊|研究院|工作室|小组|小組)$|\b(?:staff|desk|team|newsroom)$/iu;
/** A picture as Markdown pastes it: "![Portrait of Ann Lee](https://…)". */
const IMAGE_LINE = /^\s*!\[[^\]]*\]\([^)]*\)\s*$/u;

const TITLE_TALKS =
  /^(\p{Script=Han}{2,4}|\p{Lu}[\p{L}.'-]+(?:\s\p{Lu}[\p{L}.'-]+){1,2})\s*(?:谈|談|详解|詳解|解读|解讀|回应|回應|复盘|復盤)(?!谈|談)/u;
/** Words before "谈" that are no one's name: "我们谈谈", "大家谈". */
const NOT_A_SUBJECT =
  /^(?:我们|我們|你们|你們|他们|他們|大家|再|也|浅|漫|闲|閒|笔|筆|座|会|會|面|商|和)|(?:漫|浅|再|也|笔|座|会|會|面)$/u;

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
      // "Ann Lee | Staff", "Ann Lee · March 4", "Ann Lee for The Herald": the names only.
      const value = byline.names
        .replace(/\s*[|｜,，].*$|\s+[·•—–]\s.*$/u, '')
        .replace(/\s+(?:for|para|pour|für|per)\s+\S.*$/iu, '')
        .replace(/^and\s+/i, '')
        // "張雅婷 攝影／李文華": the next credit on the line is someone else's.
        .replace(/\s+[^\s/／:：]{1,4}\s*[/／:：].*$/u, '');
      // "律动 BlockBeats 记者 小白": the name after the role.
      const roleFirst = /\p{Script=Han}/u.test(value) ? splitRoleBeforeName(value) : null;
      // "PANews 编辑部" signs a desk, not a person who asks.
      const people = (roleFirst ? [roleFirst] : parsePeople(value)).filter(
        (person) => isPersonNameLike(person.name) && !DESK.test(person.name),
      );
      if (people.length === 0) continue;
      guesses.push(...people.map((person) => ({ ...person, line: line.number, how: 'byline' as const })));
      break;
    }
  }
  if (options.interviewees.length === 0 && !declaresRole('INTERVIEWEE')) {
    // A picture and its credit may stand above the title.
    const titleLine = head.find((line) => !IMAGE_LINE.test(line.text) && !isLeadingBoilerplate(line.text));
    const title = options.title ?? titleLine?.text.trim() ?? '';
    const person = titleLine ? personInTitle(title.replace(/^[#*_\s]+|[*_\s]+$/gu, '')) : null;
    if (titleLine && person && !guesses.some((guess) => guess.name === person.name)) {
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
  // After an outlet's name only a name with its role is taken: "律动 BlockBeats 对话 Arbitrum 与 Optimism" names none.
  const afterOutlet = TITLE_CJK_AFTER_OUTLET.exec(title);
  if (afterOutlet) {
    const person = splitRoleBeforeName(afterOutlet[1].replace(/[(（][^)）]*[)）]/gu, '').trim());
    if (person) return person;
  }
  const japanese = TITLE_JA.exec(title)?.[1];
  if (japanese) return { name: japanese, title: null, organization: null };
  // "The quiet architect: a conversation with Lena Park": the headline's own words come first.
  const withWhom =
    TITLE_WITH.exec(title) ??
    TITLE_WITH.exec(title.replace(/^[^:：]{1,80}[:：]\s*/u, '')) ??
    TITLE_KIND_COLON.exec(title);
  if (withWhom) {
    // "Kenji Mori / 专访森健二": a bilingual title gives the name again after the slash.
    const description = withWhom[1].replace(/\s*[:：|｜/／]\s.*$/u, '').replace(/\s+(?:on|about)\s+.*$/u, '');
    const person = roleBeforeName(description) ?? parsePerson(description);
    return isPersonNameLike(person.name) ? person : null;
  }
  // "王磊谈交易所合规：…": the Chinese "X on …".
  const talks = TITLE_TALKS.exec(title);
  if (talks && !NOT_A_SUBJECT.test(talks[1]) && isPersonNameLike(talks[1])) {
    return { name: talks[1].trim(), title: null, organization: null };
  }
  const on = TITLE_ON.exec(title);
  if (on && on[1].split(/\s+/).length >= 2 && isPersonNameLike(on[1])) {
    return { name: on[1].trim(), title: null, organization: null };
  }
  return null;
}

/** Roles a headline writes before the name: "Ava Labs President John Wu", "Fed Governor Chris Waller". */
const ROLE_BEFORE_NAME_EN =
  /\b(?:co-?founder|founder|president|chair(?:man|woman)?|ceo|cto|coo|cfo|chief\s+\w+\s+officer|partner|director|economist|analyst|strategist|professor|senator|governor|minister|commissioner|investor|researcher)\s+/giu;

/** "Ava Labs president John Wu": the name after the last role word, with what comes before as the title. */
function roleBeforeName(description: string): PersonInfo | null {
  if (/[,，(（]|\s[—–-]\s/u.test(description)) return null;
  const roles = [...description.matchAll(ROLE_BEFORE_NAME_EN)];
  const last = roles[roles.length - 1];
  if (last?.index === undefined) return null;
  const name = description.slice(last.index + last[0].length).trim();
  const words = name.split(/\s+/);
  if (words.length < 2 || words.length > 3 || !isPersonNameLike(name)) return null;
  return { name, title: description.slice(0, last.index + last[0].length).trim(), organization: null };
}
