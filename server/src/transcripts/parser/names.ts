/** People's names: what looks like one, role words used as labels, "Name, Title of Org" descriptions. */
import { nameKey } from '../../shared/text';
import type { SpeakerRole } from './types';

export { nameKey };

export interface PersonInfo {
  name: string;
  title: string | null;
  organization: string | null;
}

/** Labels that say a role, not a name: "Q", "Host", "主持人", "Guest", "A", "嘉宾". */
const ROLE_WORDS: Record<SpeakerRole, ReadonlySet<string>> = {
  INTERVIEWER: new Set(
    [
      'q',
      'question',
      'interviewer',
      'host',
      'co-host',
      'moderator',
      'presenter',
      'anchor',
      'journalist',
      'reporter',
      '主持人',
      '主持',
      '记者',
      '記者',
      '采访者',
      '採訪者',
      '提问',
      '提問',
      '问',
      '問',
      '司会',
      '聞き手',
      'インタビュアー',
      '기자',
      '사회자',
    ].map(nameKey),
  ),
  INTERVIEWEE: new Set(
    [
      'a',
      'answer',
      'interviewee',
      'guest',
      'panelist',
      'panellist',
      'respondent',
      '嘉宾',
      '嘉賓',
      '受访者',
      '受訪者',
      '答',
      '回答',
      'ゲスト',
      '話し手',
      '게스트',
    ].map(nameKey),
  ),
};

/** Labels of notes, links, metadata and a page's furniture ("Advertisement" above an ad), never of a speaker. */
const NOT_A_SPEAKER =
  /^(?:note|notes|nb|p\.?s|update|updated|editor'?s note|tip|example|step|part|chapter|section|photo|image|picture|video|audio|link|url|date|time|location|place|tags?|keywords?|summary|tl;?dr|subtitle|caption|credit|credits|source|sources|disclaimer|advertisement|advert|sponsored|related|transcript|chapters|links|show notes|广告|相关|注|注释|注釋|备注|備註|提示|图|圖|图片|圖片|视频|視頻|来源|來源|链接|鏈接|声明|聲明|免责声明|免責聲明|风险提示|風險提示)$/iu;

export function isNeverASpeaker(label: string): boolean {
  return NOT_A_SPEAKER.test(label.trim());
}

/** The role a bare role word stands for ("Host" → INTERVIEWER), or null for anything else. */
export function roleOfWord(label: string): SpeakerRole | null {
  const key = nameKey(label);
  if (ROLE_WORDS.INTERVIEWER.has(key)) return 'INTERVIEWER';
  if (ROLE_WORDS.INTERVIEWEE.has(key)) return 'INTERVIEWEE';
  return null;
}

/** "Host (Laura Shin)" / "Laura Shin (Host)" / "Laura Shin（主持人）" / "法新社记者": the name and the role word, if any. */
export function splitRoleFromLabel(label: string): { name: string; role: SpeakerRole | null } {
  // A press conference's "法新社记者：" / "路透社記者：": the outlet's reporter asks.
  const outletReporter = /^(\p{Script=Han}{2,8}?)(?:记者|記者)$/u.exec(label.trim());
  if (outletReporter) return { name: outletReporter[1], role: 'INTERVIEWER' };
  const match = /^(.+?)\s*[(（](.+?)[)）]$/u.exec(label.trim());
  if (!match) return { name: label.trim(), role: roleOfWord(label) };
  const [, outer, inner] = match;
  const outerRole = roleOfWord(outer);
  if (outerRole) return { name: inner.trim(), role: outerRole };
  return { name: outer.trim(), role: roleOfWord(inner) };
}

const PARTICLES = new Set([
  'van',
  'von',
  'de',
  'da',
  'di',
  'del',
  'der',
  'den',
  'la',
  'le',
  'du',
  'dos',
  'bin',
  'al',
  'ibn',
  'y',
]);
const FUNCTION_WORDS = new Set([
  'and',
  'or',
  'of',
  'the',
  'for',
  'in',
  'on',
  'with',
  'to',
  'a',
  'an',
  'at',
  'by',
  'from',
  'our',
  'my',
  'your',
  'about',
  'is',
  'are',
]);
const NAME_TOKEN = /^(?:\p{Lu}[\p{L}\p{M}'’.-]*|\p{Lu}\.)$/u;
/** A word in a script without case, in a mixed-script name ("深潮 TechFlow"). */
const CJK_TOKEN = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}·・]{1,8}$/u;
const CJK_NAME = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}·・]{2,8}$/u;
const CJK_LETTERS = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;
/** A generic speaker as diarisation tools name them: "SPEAKER_00", "spk_1". */
const SPEAKER_ID = /^(?:speaker|spk|spkr)[ _-]?\d{1,3}$/i;
/** A generic speaker as Chinese transcription tools number them: "说话人1", "发言人 2". */
const CJK_NUMBERED = /^[\p{Script=Han}]{2,4}\s?\d{1,2}$/u;
/** A Chinese nickname with a Latin initial: "阿K", "小A". */
const CJK_NICKNAME = /^[\p{Script=Han}]{1,3}[A-Z]{1,2}$/u;

/** What a headline says about itself ("对话 Bitget 王磊", "吴说专访 Arthur Hayes"), never part of a name. */
const INTERVIEW_WORD = /对话|對話|专访|專訪|访谈|訪談|对谈|對談|采访|採訪|独家|獨家|インタビュー|인터뷰/u;

/**
 * Looks like a person's (or an outlet's) name: 1–5 capitalised words ("Ann Lee", "Deep Tide TechFlow",
 * "Jean-Luc de la Croix"), a generic "Speaker 2", or 2–8 CJK characters ("王磊", "山田太郎").
 */
export function isPersonNameLike(text: string): boolean {
  const trimmed = text.trim();
  if (INTERVIEW_WORD.test(trimmed)) return false;
  if (CJK_NAME.test(trimmed) || CJK_NICKNAME.test(trimmed) || CJK_NUMBERED.test(trimmed)) return true;
  if (SPEAKER_ID.test(trimmed)) return true;
  const tokens = trimmed.split(/\s+/);
  if (tokens.length === 0 || tokens.length > 5) return false;
  if (tokens.some((token) => FUNCTION_WORDS.has(token.toLowerCase()))) return false;
  return tokens.every(
    (token, index) =>
      NAME_TOKEN.test(token) ||
      CJK_TOKEN.test(token) ||
      (index > 0 && PARTICLES.has(token)) ||
      (index > 0 && index === tokens.length - 1 && /^\d{1,2}$/.test(token)),
  );
}

/** Can stand before a colon as a speaker label at all: short, a name or role, no sentence punctuation. */
export function isLabelShaped(label: string): boolean {
  const trimmed = label.trim();
  if (!trimmed || trimmed.length > 40) return false;
  if (trimmed.split(/\s+/).length > 6) return false;
  // "Sarah Chen (Head of Protocol, Coinbase)": a comma inside the parentheses is the title's.
  const outside = trimmed.replace(/\s*[(（][^()（）]*[)）]$/u, '');
  if (/[,;!?。，；！？"“”«»]|https?$|^\d/u.test(outside)) return false;
  return /^[\p{L}(（]/u.test(trimmed);
}

/** The label refers to this name: the same name, or some of its words ("Song" for "Intae Song", "山田" for "山田太郎"). */
export function labelRefersTo(label: string, name: string): boolean {
  const labelKey = nameKey(label);
  const key = nameKey(name);
  if (labelKey === key) return true;
  if (isCjkSurnameOf(labelKey, key)) return true;
  const words = key.split(' ');
  const labelWords = labelKey.split(' ');
  return words.length > 1 && labelWords.every((word) => words.includes(word));
}

/** A CJK full name written without spaces: 3–5 characters, surname first ("林晓雨", "山田太郎", "佐々木健太"). */
export function isUnspacedCjkFullName(name: string): boolean {
  const length = [...name.trim()].length;
  return CJK_NAME.test(name.trim()) && length >= 3 && length <= 5;
}

/**
 * The short name is the surname the full name starts with ("山田" of "山田太郎", "林" of "林晓雨"):
 * CJK names have no spaces to split on, so a surname is the 1–3 characters the name starts with.
 */
export function isCjkSurnameOf(short: string, full: string): boolean {
  const surname = short.trim();
  const whole = full.trim();
  const length = [...surname].length;
  return (
    isUnspacedCjkFullName(whole) &&
    CJK_LETTERS.test(surname) &&
    length <= 3 &&
    length < [...whole].length &&
    whole.startsWith(surname) &&
    roleOfWord(surname) === null
  );
}

const TITLE_WORDS =
  /\b(?:of|at|for|ceo|cfo|cto|coo|cso|cmo|founder|co-founder|cofounder|head|director|officer|president|vice|partner|manager|chief|lead|editor|professor|analyst|researcher|chair(?:man|woman)?|secretary|minister|governor|economist|strategist|investor|engineer|advisor|adviser|author|host|reporter|journalist)\b|创始人|創始人|负责人|負責人|首席|总裁|總裁|总监|總監|经理|經理|主编|主編|教授|合伙人|合夥人|董事|主席/iu;

/**
 * People named in a header value or an option string: "Ann Lee, Bo Chen & Cy Park" (a panel),
 * "Ann Lee; Bo Chen, CTO of Acme", "Intae Song, Global Chief Sales Officer of Bitget" (one person
 * with title and organisation), "Ann Lee (CEO, Acme)".
 */
export function parsePeople(value: string): PersonInfo[] {
  const trimmed = value.trim();
  if (!trimmed) return [];
  const groups = trimmed.split(/\s*[;；]\s*/).filter(Boolean);
  if (groups.length > 1) return groups.flatMap(parsePeople);

  const pieces = trimmed.split(/\s*(?:[,，、&＆]|\band\b|\bund\b|\bet\b|和|与|與)\s*/u).filter(Boolean);
  if (pieces.length > 1 && pieces.every((piece) => !TITLE_WORDS.test(piece) && !/[(（]/u.test(piece))) {
    return pieces.map((name) => ({ name, title: null, organization: null }));
  }
  return [parsePerson(trimmed)];
}

/** Roles that Chinese writes before the name, after the organisation: "Arcwave 合伙人 Grace 王". */
const ROLE_BEFORE_NAME =
  /(?:联合|聯合)?(?:创始人|創始人|创办人|創辦人)|合伙人|合夥人|CEO|CTO|COO|CFO|CMO|首席[\p{Script=Han}]{1,4}?官|副?(?:总裁|總裁)|董事长|董事長|总经理|總經理|负责人|負責人|主理人|导演|導演|主编|主編|研究员|研究員|分析师|分析師|总监|總監|主席|教授|作家|演员|演員|制片人|製片人|设计师|設計師|建筑师|建築師|艺术家|藝術家|投资人|投資人|律师|律師|科学家|科學家|院长|院長|校长|校長|歌手|音乐人|音樂人|店主|老板|老闆|主厨|主廚|画家|畫家|诗人|詩人|摄影师|攝影師|陶艺家|陶藝家|插画师|插畫師|编剧|編劇|主播|记者|記者/gu;

/**
 * "Arcwave 合伙人 Grace 王" / "青年导演林晓雨" / "Solstice联合创始人兼CEO陈默": the name after the last
 * role word, with what stands before it as the title; null when no name follows a role word.
 */
export function splitRoleBeforeName(description: string): PersonInfo | null {
  const trimmed = description.trim();
  const roles = [...trimmed.matchAll(ROLE_BEFORE_NAME)];
  const last = roles[roles.length - 1];
  if (last?.index === undefined) return null;
  const end = last.index + last[0].length;
  const name = trimmed.slice(end).trim();
  if (!isPersonNameLike(name)) return null;
  return { name, title: trimmed.slice(0, end).trim(), organization: null };
}

/**
 * "Name, Title of Org" / "Name (Title, Org)" / "Name — Title at Org" / "Name, Title, Org" /
 * "Org 合伙人 Name".
 */
export function parsePerson(description: string): PersonInfo {
  const trimmed = description.trim();
  const parenthesised = /^(.+?)\s*[(（](.+)[)）]$/u.exec(trimmed);
  const dashed = /^(.+?)\s+[—–-]{1,2}\s+(.+)$/u.exec(trimmed);
  const comma = /^(.+?)\s*[,，]\s*(.+)$/u.exec(trimmed);
  if (!parenthesised && !dashed && !comma && !isPersonNameLike(trimmed)) {
    const roleFirst = splitRoleBeforeName(trimmed);
    if (roleFirst) return roleFirst;
  }
  const [, name, role] = parenthesised ?? dashed ?? comma ?? [trimmed, trimmed, ''];
  const { title, organization } = splitTitle(role);
  return { name: name.trim(), title, organization };
}

function splitTitle(role: string): { title: string | null; organization: string | null } {
  const trimmed = role.trim();
  if (!trimmed) return { title: null, organization: null };
  const of = /^(.+)\s+(?:of|at)\s+(.+)$/i.exec(trimmed);
  if (of) return { title: of[1].trim(), organization: of[2].trim() };
  const comma = /^(.+)\s*[,，]\s*(.+)$/u.exec(trimmed);
  if (comma) return { title: comma[1].trim(), organization: comma[2].trim() };
  return { title: trimmed, organization: null };
}
