/** A label convention: what a line's label is when the line is written in it. */
export interface RecognisedLine {
  /** The speaker's label ("Ann Lee", "SMITH", "Q"), or null for a line that only carries a time. */
  label: string | null;
  /** The line's text after the label. */
  rest: string;
  /** Seconds from the start, when the line gives a time. */
  time: number | null;
}

export interface LabelRecogniser {
  name: string;
  recognise(text: string): RecognisedLine | null;
  /** Lines it must explain, with recurring labels, before its reading is taken (a stray match is text). */
  minimumLines: number;
}
