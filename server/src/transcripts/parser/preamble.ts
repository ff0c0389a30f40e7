/** The lines before the first question: title, introduction, leading boilerplate, first heading. */
import { isLeadingBoilerplate } from './boilerplate';
import { isHeadingLike, isIntroHeading, isTitleLike } from './headings';
import { type ParagraphMode, paragraphs, type SourceLine } from './lines';

export interface Preamble {
  title: string | null;
  intro: string;
  boilerplate: string[];
  /** A heading right before the first question opens the first section. */
  heading: string | null;
}

export interface PreambleContext {
  mode: ParagraphMode;
  /** The title the options or a header give; a first line equal to it is not repeated in the intro. */
  title: string | null;
  firstTurnIsQuestion: boolean;
}

export function readPreamble(lines: readonly SourceLine[], context: PreambleContext): Preamble {
  // A line split off a paragraph around a byline ("Interviewer: Ann Lee / Recorded 2 May") is no heading.
  const splitOff = new Set<SourceLine[]>();
  const parts = paragraphs(lines, context.mode).flatMap((paragraph) => {
    const separated = separateBoilerplateLines(paragraph);
    if (separated.length > 1) for (const part of separated) splitOff.add(part);
    return separated;
  });
  const textOf = (index: number): string => parts[index].map((line) => line.text).join('\n');
  const isLine = (index: number): boolean => index >= 0 && index < parts.length && parts[index].length === 1;
  const taken = new Set<number>();

  let title = context.title;
  if (isLine(0) && isTitleLike(textOf(0)) && !isLeadingBoilerplate(textOf(0))) {
    if (title === null) title = textOf(0).trim();
    if (sameText(title, textOf(0))) taken.add(0);
  }

  let heading: string | null = null;
  const last = parts.length - 1;
  if (context.firstTurnIsQuestion && isLine(last) && !taken.has(last) && !splitOff.has(parts[last])) {
    const text = textOf(last);
    if (isHeadingLike(text) && !isIntroHeading(text) && !isLeadingBoilerplate(text)) {
      heading = text.trim();
      taken.add(last);
    }
  }

  const intro: string[] = [];
  const boilerplate: string[][] = [];
  let previousBoilerplate: SourceLine | null = null;
  parts.forEach((part, index) => {
    if (taken.has(index) || (isLine(index) && isIntroHeading(textOf(index)))) return;
    if (!isLeadingBoilerplate(part[0].text)) {
      intro.push(textOf(index));
      previousBoilerplate = null;
      return;
    }
    // Boilerplate lines that follow each other make one block.
    const adjacent: boolean =
      previousBoilerplate !== null && part[0].number === previousBoilerplate.number + 1;
    if (adjacent) boilerplate[boilerplate.length - 1].push(textOf(index));
    else boilerplate.push([textOf(index)]);
    previousBoilerplate = part[part.length - 1];
  });

  return {
    title,
    intro: intro.join('\n\n'),
    boilerplate: boilerplate.map((block) => block.join('\n')),
    heading,
  };
}

/** A byline inside a block ("Title / By Ann Lee") is a paragraph of its own, and so are the lines around it. */
function separateBoilerplateLines(paragraph: SourceLine[]): SourceLine[][] {
  if (paragraph.length === 1 || !paragraph.some((line) => isLeadingBoilerplate(line.text))) {
    return [paragraph];
  }
  const parts: SourceLine[][] = [];
  for (const line of paragraph) {
    const previous = parts[parts.length - 1];
    if (
      previous &&
      !isLeadingBoilerplate(line.text) &&
      !isLeadingBoilerplate(previous[previous.length - 1].text)
    ) {
      previous.push(line);
    } else {
      parts.push([line]);
    }
  }
  return parts;
}

function sameText(a: string, b: string): boolean {
  const normalise = (text: string): string =>
    text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return normalise(a) === normalise(b);
}
