/** From a format's skeleton to the parsed transcript: sections, entries, boilerplate, warnings. */
import { boilerplateBlocks, trailingBoilerplateStart } from './boilerplate';
import { isHeadingLike } from './headings';
import { detectLanguage } from './language';
import { isBlank, joinParagraphs, type ParagraphMode } from './lines';
import { readPreamble } from './preamble';
import type { ScanContext, Skeleton, Turn } from './skeleton';
import { cjkShare, wordCount } from './text-shape';
import type { ParsedEntry, ParsedTranscript, ParseWarning } from './types';

interface OpenQuestion {
  text: string;
  speaker: string | null;
  line: number | null;
  answered: boolean;
}

export function assemble(skeleton: Skeleton, context: ScanContext): ParsedTranscript {
  const { mode, options } = context;
  const warnings: ParseWarning[] = [...skeleton.warnings];
  const turns: Turn[] = skeleton.turns.map((turn) => ({ ...turn, content: [...turn.content] }));

  const last = turns[turns.length - 1];
  const cut = trailingBoilerplateStart(last.content, mode);
  const trailing = cut >= 0 ? boilerplateBlocks(last.content.slice(cut), mode) : [];
  if (cut >= 0) last.content = last.content.slice(0, cut);

  const preamble = readPreamble(skeleton.preamble, {
    mode,
    title: options.title ?? skeleton.header.title,
    firstTurnIsQuestion: turns[0].kind === 'question',
  });
  const headingsAfter = turns.map((turn, index) =>
    turns[index + 1]?.kind === 'question' ? takeClosingHeading(turn, mode) : null,
  );

  const sections: string[] = preamble.heading ? [preamble.heading] : [];
  let section = preamble.heading;
  const entries: ParsedEntry[] = [];
  const addEntry = (question: OpenQuestion, answer: Turn | null): void => {
    entries.push({
      position: entries.length + 1,
      section,
      question: question.text,
      questioner: question.speaker,
      text: answer ? joinParagraphs(answer.content, mode) : '',
      speaker: answer?.speaker ?? null,
      questionLine: question.line,
      answerLine: answer?.line ?? null,
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
      section = heading;
      sections.push(heading);
    }
  });
  closeUnanswered(question);

  warnings.push(...attributionWarnings(entries, skeleton));
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
    boilerplate: [...preamble.boilerplate, ...trailing],
    warnings: warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}

/**
 * A heading closing a turn, just before the next question ("Part Two: Growth"): the turn's last line
 * when it is heading-like, the turn has text besides it and, in block mode, it stands alone.
 */
function takeClosingHeading(turn: Turn, mode: ParagraphMode): string | null {
  const textLines = turn.content.filter((line) => !isBlank(line));
  if (textLines.length < 2) return null;
  const index = turn.content.lastIndexOf(textLines[textLines.length - 1]);
  const text = turn.content[index].text.trim();
  if (!isHeadingLike(text)) return null;
  // A lone short word or two ("Thanks", "哈哈") ending an answer is more likely speech than a heading.
  if (cjkShare(text) > 0.5 ? [...text].length < 4 : wordCount(text) < 2) return null;
  if (mode === 'block' && !isBlank(turn.content[index - 1])) return null;
  turn.content = turn.content.slice(0, index);
  return text;
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
