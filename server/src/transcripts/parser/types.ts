/** The public shapes of the transcript parser: what it accepts and what it returns. */

export const TRANSCRIPT_FORMATS = ['NUMBERED', 'DIALOGUE', 'QA'] as const;

/**
 * NUMBERED: "1. Question?" lines, each followed by its answer;
 * DIALOGUE: "Name: text" turns (the label may stand alone on its line);
 * QA: "Q:" / "A:" labels, the people named in a header or in the options.
 */
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

export type SpeakerRole = 'INTERVIEWER' | 'INTERVIEWEE';

/** A person named by the caller, with what the text may not say about them. */
export interface SpeakerDetails {
  name: string;
  title?: string | null;
  organization?: string | null;
}

/**
 * One person, or several: a string may list a panel ("Ann Lee, Bo Chen & Cy Park" or "A; B"); a string
 * that reads "Name, Title of Organisation" is one person with their title and organisation.
 */
export type SpeakerOption = string | SpeakerDetails;

/** Everything may be omitted: the format and the names are then taken from the text. */
export interface TranscriptOptions {
  /** Parse as this format instead of detecting it; the text must fit it. */
  format?: TranscriptFormat | null;
  /** The interview's title; a first line equal to it is not repeated in the intro. */
  title?: string | null;
  publisher?: string | null;
  /** BCP-47-ish language tag ("en", "zh", "pt-BR"); detected from the text when omitted. */
  language?: string | null;
  /** Who asks, when the text does not say (NUMBERED and QA texts rarely do). */
  interviewer?: SpeakerOption | SpeakerOption[] | null;
  /** Who answers, when the text does not say; also gives title/organisation to names the text uses. */
  interviewee?: SpeakerOption | SpeakerOption[] | null;
  /** The file the text comes from: its extension tells captions (.vtt, .srt) from plain text. */
  fileName?: string | null;
}

export interface ParsedSpeaker {
  name: string;
  role: SpeakerRole;
  title: string | null;
  organization: string | null;
}

/** One transcript entry: a question and one answer to it. A panel gives one entry per answerer. */
export interface ParsedEntry {
  /** 1-based, contiguous. */
  position: number;
  /** The heading of the section the entry is in, null before the first heading. */
  section: string | null;
  /** The question as written, paragraphs joined with a blank line; '' when an answer has no question. */
  question: string;
  /** Name of who asked (a name in `speakers`), null when nobody is named. */
  questioner: string | null;
  /** The answer as written, paragraphs joined with a blank line; '' when the question has no answer. */
  text: string;
  /** Name of who answered (a name in `speakers`), null when nobody is named. */
  speaker: string | null;
  /** 1-based source line where the question starts. */
  questionLine: number | null;
  /** 1-based source line where the answer starts (its label, or its first line). */
  answerLine: number | null;
  /** Seconds from the start where the answer starts and ends, when the source gives times. */
  startTime: number | null;
  endTime: number | null;
  /** Split off the entry before it (only the service's own JSON export says so): it has no question. */
  continuation?: boolean;
}

/** Something an editor should look at; `line` is 1-based, null when it concerns the whole text. */
export interface ParseWarning {
  line: number | null;
  message: string;
}

/** What a guess was about, so the editor can check those first. */
export type DecisionKind =
  | 'SPEAKER_ALIAS'
  | 'QUESTIONER_FROM_BYLINE'
  | 'INTERVIEWEE_FROM_TITLE'
  | 'ANSWER_TO_SOLE_INTERVIEWEE'
  | 'SECTION_HEADING'
  | 'BOILERPLATE'
  | 'NOTE'
  | 'CLOSING_WORDS';

/** A decision the parser guessed; `line` is the 1-based source line it concerns. */
export interface ParseDecision {
  line: number | null;
  kind: DecisionKind;
  message: string;
}

export interface ParsedTranscript {
  format: TranscriptFormat;
  title: string | null;
  publisher: string | null;
  language: string;
  /** Everything before the first question that is not title, heading or boilerplate; '' when none. */
  intro: string;
  /** The intro's first paragraph, for listings; null without an intro. */
  summary: string | null;
  /** Section headings in order. */
  sections: string[];
  /** Everyone who asks or answers, in order of first appearance. */
  speakers: ParsedSpeaker[];
  entries: ParsedEntry[];
  /** Text around the dialogue kept apart from it (bylines, disclaimers, footers), in source order. */
  boilerplate: string[];
  /** Editor's notes between the questions ("[Bo Chen joins the conversation.]"), in source order. */
  notes: string[];
  /** Every guess worth an editor's look, in source order. */
  decisions: ParseDecision[];
  warnings: ParseWarning[];
}
