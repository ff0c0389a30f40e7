import type { TranscriptFormat, TranscriptOptions } from '../graphql/operations';

/** The "names and format" form as typed: empty means "let the service decide". */
export interface OptionsForm {
  format: TranscriptFormat | '';
  title: string;
  publisher: string;
  language: string;
  interviewer: string;
  interviewee: string;
  publish: boolean;
}

export const EMPTY_OPTIONS: OptionsForm = {
  format: '',
  title: '',
  publisher: '',
  language: '',
  interviewer: '',
  interviewee: '',
  publish: false,
};

export const FORMATS: { id: TranscriptFormat | ''; name: string }[] = [
  { id: '', name: 'Detect automatically' },
  { id: 'NUMBERED', name: 'Numbered questions (1. …?)' },
  { id: 'DIALOGUE', name: 'Dialogue (Name: text)' },
  { id: 'QA', name: 'Q: / A:' },
];

export function toOptions(
  form: OptionsForm,
  fileName: string | null,
  contentBase64: string | null = null,
): TranscriptOptions {
  const value = (s: string) => (s.trim() ? s.trim() : undefined);
  return {
    format: form.format || undefined,
    title: value(form.title),
    publisher: value(form.publisher),
    language: value(form.language),
    interviewer: value(form.interviewer),
    interviewee: value(form.interviewee),
    fileName: fileName ?? undefined,
    contentBase64: contentBase64 ?? undefined,
  };
}
