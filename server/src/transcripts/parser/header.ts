/** Header lines before the dialogue that name the people or the title: "Interviewer: Ann Lee", "嘉宾：王磊". */
import type { SourceLine } from './lines';
import { isPersonNameLike, parsePeople, type PersonInfo } from './names';
import type { SpeakerRoster } from './roster';
import type { SpeakerRole } from './types';

export type HeaderField =
  | { kind: 'people'; role: SpeakerRole; people: PersonInfo[] }
  | { kind: 'title'; value: string }
  | { kind: 'publisher'; value: string };

const PEOPLE_KEYS: Array<[RegExp, SpeakerRole]> = [
  [
    /^(?:interviewers?|interviewed by|interview by|hosts?|co-hosts?|hosted by|moderators?|moderated by|presenters?|主持人|主持|采访者|採訪者|采访|採訪|提问者|提問者|聞き手|インタビュアー|司会|사회자|인터뷰어)$/iu,
    'INTERVIEWER',
  ],
  [
    /^(?:interviewees?|guests?|panelists?|panellists?|panel|speakers?|participants?|respondents?|嘉宾|嘉賓|受访者|受訪者|受访嘉宾|受訪嘉賓|受访人|对谈嘉宾|對談嘉賓|ゲスト|話し手|게스트|인터뷰이)$/iu,
    'INTERVIEWEE',
  ],
];
const TITLE_KEY = /^(?:title|标题|標題|タイトル|제목)$/iu;
const PUBLISHER_KEY = /^(?:publisher|published by|publication|outlet|出品|出品方|媒体|媒體|来源媒体)$/iu;

const HEADER_LINE = /^\s*([^:：]{1,24}?)\s*[:：]\s*(\S.*)$/u;

/**
 * The header field a line states, or null. People fields only count when the value reads as names
 * ("Host: Welcome everyone!" is the host speaking, not a header).
 */
export function readHeaderLine(text: string): HeaderField | null {
  const match = HEADER_LINE.exec(text);
  if (!match) return null;
  const [, key, value] = match;
  if (TITLE_KEY.test(key)) return { kind: 'title', value: value.trim() };
  if (PUBLISHER_KEY.test(key)) return { kind: 'publisher', value: value.trim() };
  const role = PEOPLE_KEYS.find(([pattern]) => pattern.test(key))?.[1];
  if (!role) return null;
  // "Interviewer — Ms. Warren, you have called crypto…?" is the interviewer asking, not a header.
  if (/[?？!！]|。./u.test(value.trim()) || value.length > 100) return null;
  const people = parsePeople(value);
  if (people.length === 0 || !people.every((person) => isPersonNameLike(person.name))) return null;
  return { kind: 'people', role, people };
}

export interface Header {
  title: string | null;
  publisher: string | null;
  /** The preamble without the title and publisher lines (the people lines stay, kept apart as bylines). */
  rest: SourceLine[];
}

/** Reads the header lines among the lines before the dialogue, declaring the people they name. */
export function readHeader(preamble: readonly SourceLine[], roster: SpeakerRoster): Header {
  const header: Header = { title: null, publisher: null, rest: [] };
  for (const line of preamble) {
    const field = readHeaderLine(line.text);
    if (!field) header.rest.push(line);
    else if (field.kind === 'title') header.title ??= field.value;
    else if (field.kind === 'publisher') header.publisher ??= field.value;
    else {
      for (const person of field.people) roster.declare(person, field.role, line.number);
      // The line stays in the text around the dialogue, where it is kept apart as a byline.
      header.rest.push(line);
    }
  }
  return header;
}
