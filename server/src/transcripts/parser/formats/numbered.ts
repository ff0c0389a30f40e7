/** NUMBERED transcripts: "1. Question?" lines, each followed by the answer's paragraphs. */
import { readHeader } from '../header';
import { isHeadingLike } from '../headings';
import { parseLabelLine } from '../labels';
import {
  isBlank,
  nextNonBlankIndex,
  type ParagraphMode,
  paragraphs,
  previousNonBlankIndex,
  type SourceLine,
} from '../lines';
import { SpeakerRoster } from '../roster';
import type { Scanner, Turn } from '../skeleton';
import {
  containsQuestionMark,
  endsLikeSentence,
  endsWithColon,
  endsWithQuestionMark,
  looksLikeQuestion,
} from '../text-shape';
import type { ParseWarning } from '../types';

/** "1. ", "2) ", "3、", "４．", "Q5: ", "Q 6." at the start of a line, before text (up to "99999."). */
const NUMBER_PREFIX =
  /^\s*(?:(\d{1,5})(?:[.)]\s+|[．、）]\s*)|Q\s*(\d{1,5})\s*[.:：)．]\s*|(?:Question|问题|問題)\s*(\d{1,5})\s*(?:[.:：)．]|\s[—–-]{1,2})\s*)(?=\S)/iu;

/** The most a numbering may skip and still be one sequence, and what each skipped number costs. */
const MAX_GAP = 5;
const GAP_COST = 2;

interface Candidate {
  index: number;
  number: number;
  questionLike: boolean;
  score: number;
  /** A heading stands right before it: numbering may start again at 1 in a new section. */
  afterHeading: boolean;
}

function numberedQuestionNumber(text: string): number | null {
  const match = NUMBER_PREFIX.exec(text);
  return match ? Number(match[1] ?? match[2] ?? match[3]) : null;
}

export const scanNumbered: Scanner = ({ lines, mode, options, explicit }) => {
  const candidates = numberedLines(lines);
  if (candidates.length === 0) {
    return { ok: false, reason: 'no numbered question lines ("1. …?") found', line: null };
  }
  const chain = questionChain(candidates);
  const questionLike = chain.filter((candidate) => candidate.questionLike).length;
  if (chain.length === 0 || (!explicit && questionLike * 2 < chain.length)) {
    const line = lines[(chain[0] ?? candidates[0]).index].number;
    return { ok: false, reason: 'the numbered lines read as a list, not as questions', line };
  }

  const roster = new SpeakerRoster(options);
  const header = readHeader(lines.slice(0, chain[0].index), roster);
  const warnings = numberingWarnings(chain, lines);
  const questioner = roster.sole('INTERVIEWER')?.name ?? null;
  const answerer = roster.sole('INTERVIEWEE')?.name ?? null;

  const turns: Turn[] = [];
  chain.forEach((candidate, position) => {
    const end = position + 1 < chain.length ? chain[position + 1].index : lines.length;
    const first = lines[candidate.index];
    const body = [
      { number: first.number, text: first.text.replace(NUMBER_PREFIX, '') },
      ...lines.slice(candidate.index + 1, end),
    ];
    const answerStart = questionLength(body, mode);
    const speaker = questioner ? roster.use(questioner, 'INTERVIEWER') : null;
    turns.push({ kind: 'question', speaker, line: first.number, content: body.slice(0, answerStart) });
    turns.push(...answerTurns(body.slice(answerStart), roster, answerer));
  });
  if (!turns.some((turn) => turn.kind === 'answer' && turn.content.some((line) => !isBlank(line)))) {
    return {
      ok: false,
      reason: 'the numbered questions have no answers',
      line: lines[chain[0].index].number,
    };
  }
  return {
    ok: true,
    skeleton: { format: 'NUMBERED', preamble: header.rest, turns, roster, header, warnings },
  };
};

/** The longest run of question lines numbered 1, 2, 3…: numbered lines off the sequence stay in answers. */
function questionChain(candidates: readonly Candidate[]): Candidate[] {
  const value: number[] = [];
  const previous: number[] = [];
  const bestEnding = new Map<number, number>();
  let bestSoFar = -1;
  candidates.forEach((candidate, j) => {
    let best = candidate.score - GAP_COST * (candidate.number - 1);
    let from = -1;
    if (candidate.number === 1 && candidate.afterHeading && bestSoFar >= 0 && value[bestSoFar] > 0) {
      [best, from] = [value[bestSoFar] + candidate.score, bestSoFar];
    }
    for (let gap = 1; gap <= MAX_GAP; gap++) {
      const i = bestEnding.get(candidate.number - gap);
      if (i === undefined) continue;
      const through = value[i] + candidate.score - GAP_COST * (gap - 1);
      if (through > best) [best, from] = [through, i];
    }
    value[j] = best;
    previous[j] = from;
    const current = bestEnding.get(candidate.number);
    if (current === undefined || best > value[current]) bestEnding.set(candidate.number, j);
    if (bestSoFar < 0 || best > value[bestSoFar]) bestSoFar = j;
  });

  let end = -1;
  candidates.forEach((_, j) => {
    if (end < 0 || value[j] > value[end]) end = j;
  });
  if (end < 0 || value[end] <= 0) return [];
  const chain: Candidate[] = [];
  for (let j = end; j >= 0; j = previous[j]) chain.unshift(candidates[j]);
  return chain;
}

/**
 * Every numbered line, scored by how much it reads as a question: a "?" counts for it; following
 * another numbered line or a line ending in ":" (a list's first item) and indentation count against.
 */
function numberedLines(lines: readonly SourceLine[]): Candidate[] {
  const numbered = new Set<number>();
  const candidates: Candidate[] = [];
  lines.forEach((line, index) => {
    const number = numberedQuestionNumber(line.text);
    if (number === null) return;
    numbered.add(index);
    const text = line.text.replace(NUMBER_PREFIX, '');
    const questionLike = containsQuestionMark(text) || looksLikeQuestion(text);
    let score = 1;
    if (endsWithQuestionMark(text)) score += 1.5;
    else if (containsQuestionMark(text)) score += 0.75;
    else if (questionLike) score += 0.5;
    const before = previousNonBlankIndex(lines, index);
    if (before >= 0 && numbered.has(before)) score -= 1;
    if (before >= 0 && endsWithColon(lines[before].text)) score -= 1;
    if (/^\s/.test(line.text)) score -= 0.5;
    const afterHeading = before >= 0 && !numbered.has(before) && isHeadingLike(lines[before].text);
    candidates.push({ index, number, questionLike, score, afterHeading });
  });
  return candidates;
}

/**
 * How many of a question's lines are the question: its first line, with the lines it wraps onto (block
 * mode: until a line ends a sentence), and the paragraphs after it that also end with "?" ("You joined
 * in 2019. / What was it like?"), leaving at least one for the answer.
 */
function questionLength(body: readonly SourceLine[], mode: ParagraphMode): number {
  let end = 1;
  if (mode === 'block') {
    while (end < body.length && !isBlank(body[end]) && !endsLikeSentence(body[end - 1].text)) end++;
  }
  const rest = paragraphs(body.slice(end), mode);
  if (rest.length === 0) return body.length;
  let taken = 0;
  while (
    taken < rest.length - 1 &&
    endsWithQuestionMark(rest[taken][rest[taken].length - 1].text) &&
    rest[taken].reduce((length, line) => length + line.text.length, 0) <= 300
  ) {
    taken++;
  }
  return rest[taken][0].number - body[0].number;
}

/**
 * The answer as one turn, or one per answerer when its paragraphs open with the label of someone the
 * options or header name ("Ann Lee: …", "A: …"): a panel answering a numbered question.
 */
function answerTurns(lines: readonly SourceLine[], roster: SpeakerRoster, answerer: string | null): Turn[] {
  const start = nextNonBlankIndex(lines, 0);
  if (start < 0) return [];
  const turns: Turn[] = [];
  let current: Turn | null = null;
  for (const line of lines.slice(start)) {
    const label = parseLabelLine(line.text);
    const resolved = label ? roster.resolve(label.label) : null;
    if (label && resolved?.known && resolved.role === 'INTERVIEWEE') {
      const speaker = resolved.name ? roster.use(resolved.name, 'INTERVIEWEE') : null;
      const content = label.rest ? [{ number: line.number, text: label.rest }] : [];
      current = { kind: 'answer', speaker, line: line.number, content };
      turns.push(current);
      continue;
    }
    if (!current) {
      current = {
        kind: 'answer',
        speaker: answerer ? roster.use(answerer, 'INTERVIEWEE') : null,
        line: line.number,
        content: [],
      };
      turns.push(current);
    }
    current.content.push(line);
  }
  return turns;
}

function numberingWarnings(chain: readonly Candidate[], lines: readonly SourceLine[]): ParseWarning[] {
  const warnings: ParseWarning[] = [];
  if (chain[0].number !== 1) {
    warnings.push({
      line: lines[chain[0].index].number,
      message: `the question numbering starts at ${chain[0].number}`,
    });
  }
  for (let i = 1; i < chain.length; i++) {
    const expected = chain[i - 1].number + 1;
    if (chain[i].number === expected || (chain[i].number === 1 && chain[i].afterHeading)) continue;
    const missing =
      chain[i].number - 1 === expected ? `${expected} is` : `${expected}–${chain[i].number - 1} are`;
    warnings.push({
      line: lines[chain[i].index].number,
      message: `numbering gap: question ${chain[i - 1].number} is followed by ${chain[i].number}; ${missing} missing`,
    });
  }
  return warnings;
}
