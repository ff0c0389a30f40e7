/** From a format's skeleton to the parsed transcript: sections, entries, boilerplate, warnings. */
import { boilerplateBlocks, trailingBoilerplateStart } from './boilerplate';
import { isHeadingLike } from './headings';
import { detectLanguage } from './language';
import { isBlank, joinParagraphs, type ParagraphMode, paragraphs, type SourceLine } from './lines';
import type { LineTime } from './normalise';
import { isEditorsNote } from './notes';
import { readPreamble } from './preamble';
import type { ScanContext, Skeleton, Turn } from './skeleton';
import { cjkShare, containsQuestionMark, wordCount } from './text-shape';
import type { ParseDecision, ParsedEntry, ParsedTranscript, ParseWarning } from './types';

interface OpenQuestion {
  text: string;
  speaker: string | null;
  line: number | null;
  answered: boolean;
}

export function assemble(skeleton: Skeleton, context: ScanContext): ParsedTranscript {
  const { mode, options, source } = context;
  const warnings: ParseWarning[] = [...skeleton.warnings];
  const decisions: ParseDecision[] = [...(skeleton.decisions ?? [])];
  const turns: Turn[] = skeleton.turns.map((turn) => ({ ...turn, content: [...turn.content] }));

  const last = turns[turns.length - 1];
  const cut = trailingBoilerplateStart(last.content, mode, followsClosingWords(turns, mode));
  const trailingLines = cut >= 0 ? last.content.slice(cut) : [];
  const trailing = cut >= 0 ? boilerplateBlocks(trailingLines, mode) : [];
  if (cut >= 0) last.content = last.content.slice(0, cut);
  // A footer set as the reply to the closing words ("Q7: Thanks, Jordan." / "Contact: …") leaves no answer.
  if (cut === 0) turns.pop();
  const closing = takeClosingWords(turns, mode);
  if (closing) {
    decisions.push({
      line: closing.line,
      kind: 'CLOSING_WORDS',
      message:
        'the interviewer’s closing words, with no answer after them, are kept apart rather than made an entry',
    });
  }
  const notes = turns.flatMap((turn) => takeNotes(turn, mode));

  const preamble = readPreamble(skeleton.preamble, {
    mode,
    title: options.title ?? skeleton.header.title,
    firstTurnIsQuestion: turns[0].kind === 'question',
  });
  const headingsAfter = turns.map((turn, index) =>
    turns[index + 1]?.kind === 'question' ? takeClosingHeading(turn, mode, source.headings) : null,
  );
  const lineOf = lineFinder(context.lines);
  // Notes that stood before a section heading.
  notes.push(...turns.flatMap((turn) => takeNotes(turn, mode)));
  notes.sort((a, b) => a.line - b.line);
  for (const note of notes) {
    decisions.push({
      line: note.line,
      kind: 'NOTE',
      message: 'bracketed or italic text between the questions kept as an editor’s note',
    });
  }

  const sections: string[] = preamble.heading ? [preamble.heading] : [];
  if (preamble.heading) {
    decisions.push({
      line: lineOf(preamble.heading),
      kind: 'SECTION_HEADING',
      message: `"${preamble.heading}" taken as a section heading`,
    });
  }
  let section = preamble.heading;
  const entries: ParsedEntry[] = [];
  const addEntry = (question: OpenQuestion, answer: Turn | null): void => {
    const time = answer ? turnTime(answer, source.times) : null;
    entries.push({
      position: entries.length + 1,
      section,
      question: question.text,
      questioner: question.speaker,
      text: answer ? joinParagraphs(answer.content, mode) : '',
      speaker: answer?.speaker ?? null,
      questionLine: question.line,
      answerLine: answer?.line ?? null,
      startTime: time?.start ?? null,
      endTime: time?.end ?? null,
    });
    question.answered = true;
  };
  const closeUnanswered = (question: OpenQuestion | null): void => {
    if (!question || question.answered) return;
    warnings.push({ line: question.line, message: 'this question has no answer' });
    addEntry(question, null);
  };

  let question: OpenQuestion | null = null;
  turns.forEach((turn, index) => {
    if (turn.kind === 'question') {
      closeUnanswered(question);
      question = {
        text: joinParagraphs(turn.content, mode),
        speaker: turn.speaker,
        line: turn.line,
        answered: false,
      };
      if (!question.text) {
        warnings.push({ line: turn.line, message: 'empty question: nothing follows the label' });
      }
    } else {
      if (!question) {
        warnings.push({ line: turn.line, message: 'this answer has no question before it' });
        question = { text: '', speaker: null, line: null, answered: false };
      }
      addEntry(question, turn);
      if (!turn.content.some((line) => !isBlank(line))) {
        warnings.push({ line: turn.line, message: 'empty answer: nothing follows the label' });
      }
    }
    const heading = headingsAfter[index];
    if (heading) {
      closeUnanswered(question);
      section = heading.text;
      sections.push(heading.text);
      decisions.push({
        line: heading.line,
        kind: 'SECTION_HEADING',
        message: `"${heading.text}" taken as a section heading`,
      });
    }
  });
  closeUnanswered(question);
  // The closing words are no entry, but their time still ends the last answer.
  fillOpenEnds(entries, closing ? [...turns, closing.turn] : turns, source.times);

  warnings.push(...attributionWarnings(entries, skeleton));
  for (const person of skeleton.roster.usedGuesses()) {
    decisions.push(
      person.guess === 'byline'
        ? {
            line: person.line,
            kind: 'QUESTIONER_FROM_BYLINE',
            message: `"${person.name}" asks the questions: taken from the byline`,
          }
        : {
            line: person.line,
            kind: 'INTERVIEWEE_FROM_TITLE',
            message: `"${person.name}" gives the answers: taken from the title`,
          },
    );
  }
  const boilerplate = [...preamble.boilerplate, ...(closing ? [closing.text] : []), ...trailing];
  for (const block of boilerplate) {
    decisions.push({
      line: lineOf(block.split('\n')[0]),
      kind: 'BOILERPLATE',
      message: 'kept apart from the dialogue as boilerplate (byline, credit, sign-off or disclaimer)',
    });
  }
  if (!preamble.title) {
    warnings.push({
      line: null,
      message: 'no title: the first line does not read as one; give it with options.title',
    });
  }
  const intro = preamble.intro;
  return {
    format: skeleton.format,
    title: preamble.title,
    publisher: options.publisher ?? skeleton.header.publisher,
    language:
      options.language ??
      detectLanguage([intro, ...entries.flatMap((entry) => [entry.question, entry.text])].join('\n')),
    intro,
    summary: intro ? intro.split('\n\n')[0] : null,
    sections,
    speakers: skeleton.roster.speakers(),
    entries,
    boilerplate,
    notes: notes.map((note) => note.text),
    decisions: decisions.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    warnings: warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}

/**
 * A heading closing a turn, just before the next question ("Part Two: Growth"): the turn's last line
 * when it is heading-like, the turn has text besides it and, in block mode, it stands alone.
 */
function takeClosingHeading(
  turn: Turn,
  mode: ParagraphMode,
  markedHeadings: ReadonlySet<number>,
): { text: string; line: number } | null {
  const textLines = turn.content.filter((line) => !isBlank(line));
  if (textLines.length < 2) return null;
  const index = turn.content.lastIndexOf(textLines[textLines.length - 1]);
  const line = turn.content[index];
  const text = line.text.trim();
  if (!markedHeadings.has(line.number)) {
    if (!isHeadingLike(text)) return null;
    // A lone short word or two ("Thanks", "哈哈") ending an answer is more likely speech than a heading.
    if (cjkShare(text) > 0.5 ? [...text].length < 4 : wordCount(text) < 2) return null;
    if (mode === 'block' && !isBlank(turn.content[index - 1])) return null;
  }
  turn.content = turn.content.slice(0, index);
  return { text, line: line.number };
}

/** Editor's notes a turn ends with, taken off it; the turn keeps its own text. */
function takeNotes(turn: Turn, mode: ParagraphMode): Array<{ text: string; line: number }> {
  const parts = paragraphs(turn.content, mode);
  let k = parts.length;
  while (k > 1 && isEditorsNote(parts[k - 1].map((line) => line.text).join('\n'))) k--;
  if (k === parts.length) return [];
  const notes = parts
    .slice(k)
    .map((part) => ({ text: part.map((line) => line.text).join('\n'), line: part[0].number }));
  turn.content = turn.content.slice(0, turn.content.indexOf(parts[k][0]));
  return notes;
}

/** The last turn is an answer to words that ask nothing ("Thanks, Jordan."), after an answered question. */
function followsClosingWords(turns: readonly Turn[], mode: ParagraphMode): boolean {
  const [answered, closing, last] = turns.slice(-3);
  if (
    turns.length < 3 ||
    last.kind !== 'answer' ||
    closing.kind !== 'question' ||
    answered.kind !== 'answer'
  ) {
    return false;
  }
  const text = joinParagraphs(closing.content, mode);
  return text !== '' && !containsQuestionMark(text);
}

/**
 * The interviewer's last words when nobody answers them ("Thank you, that was great."): not an entry.
 * A final question with a "?" stays an unanswered entry: it may be a question whose answer is missing.
 */
function takeClosingWords(
  turns: Turn[],
  mode: ParagraphMode,
): { text: string; line: number; turn: Turn } | null {
  const last = turns[turns.length - 1];
  if (turns.length < 2 || last.kind !== 'question' || turns[turns.length - 2].kind !== 'answer') return null;
  const text = joinParagraphs(last.content, mode);
  if (!text || containsQuestionMark(text)) return null;
  turns.pop();
  return { text, line: last.line, turn: last };
}

/** The first and last times among a turn's lines. */
function turnTime(turn: Turn, times: ReadonlyMap<number, LineTime>): LineTime | null {
  let start: number | null = null;
  let end: number | null = null;
  const lines = turn.content.filter((line) => !isBlank(line));
  for (const number of [turn.line, ...lines.map((line: SourceLine) => line.number)]) {
    const time = times.get(number);
    if (!time) continue;
    start = start === null ? time.start : Math.min(start, time.start);
    if (time.end !== null) end = end === null ? time.end : Math.max(end, time.end);
  }
  return start === null ? null : { start, end };
}

/** An answer timed only by its label ends where the next timed turn starts. */
function fillOpenEnds(
  entries: ParsedEntry[],
  turns: readonly Turn[],
  times: ReadonlyMap<number, LineTime>,
): void {
  const turnStarts = turns
    .map((turn) => turnTime(turn, times)?.start ?? null)
    .filter((start): start is number => start !== null)
    .sort((a, b) => a - b);
  for (const entry of entries) {
    if (entry.startTime === null || entry.endTime !== null) continue;
    const start = entry.startTime;
    entry.endTime = turnStarts.find((next) => next > start) ?? null;
  }
}

/** The source line a text (a heading, a block's first line) stands on: its first unclaimed occurrence. */
function lineFinder(lines: readonly SourceLine[]): (text: string) => number | null {
  const claimed = new Set<number>();
  return (text) => {
    const wanted = text.trim();
    const found = lines.find((line) => !claimed.has(line.number) && line.text.trim() === wanted);
    if (!found) return null;
    claimed.add(found.number);
    return found.number;
  };
}

/** One warning each for answers and questions nobody is named for, and for named people who never speak. */
function attributionWarnings(entries: readonly ParsedEntry[], skeleton: Skeleton): ParseWarning[] {
  const warnings: ParseWarning[] = [];
  const unattributedAnswers = entries.filter((entry) => entry.text && !entry.speaker);
  if (unattributedAnswers.length > 0) {
    warnings.push({
      line: unattributedAnswers[0].answerLine,
      message: `${unattributedAnswers.length} answer(s) do not say who gives them; name the interviewee with options.interviewee or label the answers`,
    });
  }
  const asked = new Set(
    entries.filter((entry) => entry.question && !entry.questioner).map((entry) => entry.questionLine),
  );
  if (asked.size > 0) {
    warnings.push({
      line: [...asked][0],
      message: `${asked.size} question(s) do not say who asks them; name the interviewer with options.interviewer`,
    });
  }
  for (const person of skeleton.roster.unused()) {
    const from = person.line === null ? 'the options' : `the header`;
    warnings.push({
      line: person.line,
      message: `"${person.name}", named in ${from}, neither asks nor answers`,
    });
  }
  return warnings;
}
