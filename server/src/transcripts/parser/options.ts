/** The caller's options, checked and normalised. */
import { TranscriptParseError } from './errors';
import { parsePeople, type PersonInfo } from './names';
import type { GuessedPerson } from './people-hints';
import {
  TRANSCRIPT_FORMATS,
  type SpeakerOption,
  type TranscriptFormat,
  type TranscriptOptions,
} from './types';

export interface ParserOptions {
  format: TranscriptFormat | null;
  title: string | null;
  publisher: string | null;
  language: string | null;
  interviewers: PersonInfo[];
  interviewees: PersonInfo[];
  /** People the byline or title name, used when the options and header do not say. */
  guessed: GuessedPerson[];
  fileName: string | null;
}

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

export function readOptions(options: TranscriptOptions = {}): ParserOptions {
  const format = options.format ?? null;
  if (format !== null && !TRANSCRIPT_FORMATS.includes(format)) {
    throw new TranscriptParseError(
      `unknown format "${String(format)}": use ${TRANSCRIPT_FORMATS.join(', ')} or leave it out to detect it`,
      null,
      'format',
    );
  }
  const language = text(options.language);
  if (language !== null && !LANGUAGE_TAG.test(language)) {
    throw new TranscriptParseError(
      `"${language}" is not a language tag such as "en" or "zh-Hant"`,
      null,
      'language',
    );
  }
  return {
    format,
    title: text(options.title),
    publisher: text(options.publisher),
    language,
    interviewers: people(options.interviewer, 'interviewer'),
    interviewees: people(options.interviewee, 'interviewee'),
    guessed: [],
    fileName: text(options.fileName),
  };
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function people(value: SpeakerOption | SpeakerOption[] | null | undefined, field: string): PersonInfo[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((option): PersonInfo[] => {
    if (typeof option === 'string') return parsePeople(option);
    const name = text(option?.name);
    if (!name) throw new TranscriptParseError(`every ${field} needs a name`, null, field);
    return [{ name, title: text(option.title), organization: text(option.organization) }];
  });
}
