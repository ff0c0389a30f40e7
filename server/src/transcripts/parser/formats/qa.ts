/** QA transcripts: "Q:" / "A:" labels (also "Q.", "Q：", "Q1:", "问：", "A (Ann Lee):"), names in a header. */
import { joinTranslations } from '../bilingual';
import { readHeader } from '../header';
import { type ParagraphMode, paragraphs, type SourceLine } from '../lines';
import { endsWithQuestionMark } from '../text-shape';
import { SpeakerRoster } from '../roster';
import type { Scanner, Turn } from '../skeleton';
import type { ParseWarning, SpeakerRole } from '../types';

interface QaLabel {
  kind: Turn['kind'];
  /** The label as written ("Q", "问", "Answer"), which tells a bilingual text's languages apart. */
  word: string;
  /** A name given with the label: "A (Ann Lee):". */
  name: string | null;
  rest: string;
}

const QA_LABEL =
  /^\s*(?:(Q|A)\s*\d{0,3}|([Qq]uestion|[Aa]nswer)(?:\s*\d{1,3})?|(问|問|答))\s*(?:[(（]([^)）]{1,40})[)）])?\s*(?:[:：]|[.．](?=\s|$)|、)\s*(.*)$/u;

/** Another single letter used as a label ("B:", "C:"), which a QA transcript does not know. */
const OTHER_LETTER_LABEL = /^\s*([B-PR-Z])\s*[:：]\s*\S/;

export function parseQaLabel(text: string): QaLabel | null {
  const match = QA_LABEL.exec(text);
  if (!match) return null;
  const word = match[1] ?? match[2] ?? match[3];
  const kind = /^(?:q|question|问|問)$/i.test(word) ? 'question' : 'answer';
  return { kind, word, name: match[4]?.trim() || null, rest: match[5] };
}

export const scanQa: Scanner = ({ lines, options, mode }) => {
  const labels = lines.map((line) => parseQaLabel(line.text));
  const firstQuestion = labels.findIndex((label) => label?.kind === 'question');
  const firstAnswer = labels.findIndex((label) => label?.kind === 'answer');
  if (firstQuestion < 0 && firstAnswer < 0) {
    return { ok: false, reason: 'no "Q:" / "A:" labels found', line: null };
  }
  if (firstQuestion < 0) {
    return {
      ok: false,
      reason: 'there are "A:" answers but no "Q:" question',
      line: lines[firstAnswer].number,
    };
  }
  const first = firstAnswer < 0 ? firstQuestion : Math.min(firstQuestion, firstAnswer);
  const roster = new SpeakerRoster(options);
  const header = readHeader(lines.slice(0, first), roster);
  const warnings: ParseWarning[] = [];
  const turns: Turn[] = [];
  const words = new Map<Turn, string>();
  for (let i = first; i < lines.length; i++) {
    const label = labels[i];
    const line = lines[i];
    if (label) {
      const content: SourceLine[] = label.rest ? [{ number: line.number, text: label.rest }] : [];
      const turn: Turn = { kind: label.kind, speaker: speakerOf(label, roster), line: line.number, content };
      words.set(turn, `${label.word.toLowerCase()} ${label.name ?? ''}`);
      turns.push(turn);
      continue;
    }
    const other = OTHER_LETTER_LABEL.exec(line.text);
    if (other) {
      warnings.push({
        line: line.number,
        message: `unknown label "${other[1]}:", kept as text of the turn above`,
      });
    }
    turns[turns.length - 1].content.push(line);
  }
  // "Q1:" questions with unlabelled answers are numbered questions: the NUMBERED scanner reads them.
  const numbered = labels.some((label, i) => label?.kind === 'question' && /^\s*Q\s*\d/i.test(lines[i].text));
  const joined = joinTranslations(turns, (turn) => words.get(turn) ?? '');
  const withAnswers = numbered ? joined : splitUnlabelledAnswers(joined, mode, roster);
  if (!withAnswers.some((turn) => turn.kind === 'answer')) {
    return {
      ok: false,
      reason: 'there are "Q:" questions but no "A:" answer',
      line: lines[firstQuestion].number,
    };
  }
  return {
    ok: true,
    skeleton: {
      format: 'QA',
      preamble: header.rest,
      turns: joinRepeatedAnswers(withAnswers, warnings),
      roster,
      header,
      warnings,
    },
  };
};

function speakerOf(label: QaLabel, roster: SpeakerRoster): string | null {
  const role: SpeakerRole = label.kind === 'question' ? 'INTERVIEWER' : 'INTERVIEWEE';
  const name = label.name
    ? (roster.resolve(label.name).name ?? label.name)
    : (roster.sole(role)?.name ?? null);
  return name ? roster.use(name, role) : null;
}

/**
 * A question no "A:" follows ("Q. How did it start?" then the answer's paragraphs): its first paragraph,
 * with the paragraphs after it that also end with "?", is the question, the rest the answer of the only
 * interviewee.
 */
function splitUnlabelledAnswers(turns: readonly Turn[], mode: ParagraphMode, roster: SpeakerRoster): Turn[] {
  const result: Turn[] = [];
  // One "Q:" followed by text is as likely a half-labelled text: the reading needs a convention that recurs.
  if (turns.filter((turn) => turn.kind === 'question').length < 2) return [...turns];
  turns.forEach((turn, index) => {
    result.push(turn);
    if (turn.kind !== 'question' || turns[index + 1]?.kind === 'answer') return;
    const parts = paragraphs(turn.content, mode);
    let taken = 1;
    while (taken < parts.length - 1 && endsWithQuestionMark(parts[taken][parts[taken].length - 1].text))
      taken++;
    if (parts.length <= taken) return;
    const answerStart = turn.content.indexOf(parts[taken][0]);
    const answerer = roster.sole('INTERVIEWEE')?.name ?? null;
    result.push({
      kind: 'answer',
      speaker: answerer ? roster.use(answerer, 'INTERVIEWEE') : null,
      line: turn.content[answerStart].number,
      content: turn.content.slice(answerStart),
    });
    turn.content = turn.content.slice(0, answerStart);
  });
  return result;
}

/** "A:" right after an answer by the same named person continues it: one answer, not two entries. */
function joinRepeatedAnswers(turns: readonly Turn[], warnings: ParseWarning[]): Turn[] {
  const joined: Turn[] = [];
  for (const turn of turns) {
    const previous = joined[joined.length - 1];
    if (
      previous &&
      turn.kind === 'answer' &&
      previous.kind === 'answer' &&
      turn.speaker &&
      turn.speaker === previous.speaker
    ) {
      warnings.push({
        line: turn.line,
        message: `a second "A:" follows the answer of line ${previous.line}; joined to it`,
      });
      previous.content.push({ number: turn.line, text: '' }, ...turn.content);
      continue;
    }
    joined.push(turn);
  }
  return joined;
}
