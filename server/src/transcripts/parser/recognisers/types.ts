/** A label convention: what a line's label is when the line is written in it. */
export interface RecognisedLine {
  /** The speaker's label ("Ann Lee", "SMITH", "Q"), or null for a line that only carries a time. */
  label: string | null;
  /** The line's text after the label. */
  rest: string;
  /** Seconds from the start, when the line gives a time. */
  time: number | null;
  /** Nothing but its place marks the label (no colon, no bold): used once, it is more likely text. */
  bare?: boolean;
}

/** The lines next to the one read: its text, '' for a blank line, null before the first or after the last. */
export interface Neighbours {
  before: string | null;
  after: string | null;
  /** The nearest non-blank lines, across blank ones: the paragraphs around it. */
  previous: string | null;
  next: string | null;
}

export interface LabelRecogniser {
  name: string;
  recognise(text: string, around: Neighbours): RecognisedLine | null;
  /** Lines it must explain, with recurring labels, before its reading is taken (a stray match is text). */
  minimumLines: number;
  /** Different recurring labels it must find: a label standing alone needs two people to read as dialogue. */
  minimumLabels?: number;
  /** Taken only when no other convention is and no "Label:" recurs: its lines are otherwise plain text. */
  fallback?: boolean;
  /** Not taken when another convention names the speakers or a "Label:" recurs: its lines are headings then. */
  unlessNamed?: boolean;
}
