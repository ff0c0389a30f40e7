/**
 * The service's own JSON export (docs/schemas/interview-export.v2.json, and the older v1) read back as a
 * parsed transcript: the document already holds the structure, so nothing is guessed and every field is
 * taken as written.
 */
import { TranscriptParseError } from '../errors';
import { readSource } from '../source';
import type { ParsedEntry, ParsedSpeaker, ParsedTranscript } from '../types';

/** The identifier and version the export writes (server/src/exports/formatters.ts). */
export const EXPORT_SCHEMA_ID = 'https://transcripts.example/schemas/interview-export.v2.json';
export const EXPORT_SCHEMA_VERSION = 2;
/** Every version still read, by number: version 1 predates `continuation`. */
const READABLE_SCHEMAS: ReadonlyMap<unknown, string> = new Map([
  [1, 'https://transcripts.example/schemas/interview-export.v1.json'],
  [EXPORT_SCHEMA_VERSION, EXPORT_SCHEMA_ID],
]);

const SCHEMA_HINT = `an interview export (version ${EXPORT_SCHEMA_VERSION}, "$schema": "${EXPORT_SCHEMA_ID}"; or version 1)`;

type JsonObject = Record<string, unknown>;

/**
 * The export read as a parsed transcript; null when the text is not JSON (it is then read as a transcript).
 * Text named `.json`, or that parses as a JSON object or array, must be an interview export: anything else
 * throws TranscriptParseError naming `text`.
 */
export function readExportJson(text: string, fileName: string | null): ParsedTranscript | null {
  const namedJson = /\.json$/i.test(fileName ?? '');
  const body = text.replace(/^\uFEFF/, '').trim();
  if (!namedJson && !/^[{[][\s\S]*[}\]]$/.test(body)) return null;
  // The limits every transcript has (size, binary, empty) hold for JSON too.
  readSource(text);
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    if (!namedJson) return null;
    throw new TranscriptParseError(`the file is not valid JSON (${(error as Error).message})`);
  }
  return exportToTranscript(document);
}

function exportToTranscript(document: unknown): ParsedTranscript {
  const root = objectAt(document, 'the document', `JSON must be ${SCHEMA_HINT}`);
  const schemaOfVersion = READABLE_SCHEMAS.get(root.version);
  if (schemaOfVersion === undefined || root.$schema !== schemaOfVersion) {
    const found =
      root.$schema === undefined && root.version === undefined
        ? 'it has no "$schema" and "version"'
        : `it has "$schema" ${JSON.stringify(root.$schema ?? null)}, "version" ${JSON.stringify(root.version ?? null)}`;
    throw new TranscriptParseError(`JSON must be ${SCHEMA_HINT}; ${found}`);
  }
  const interview = objectAt(root.interview, 'interview');
  const sections = arrayAt(interview.sections, 'interview.sections').map((section, index) =>
    requiredString(section, `interview.sections[${index}]`),
  );
  const speakers = arrayAt(root.speakers, 'speakers').map((value, index) => readSpeaker(value, index));
  const names = new Set(speakers.map((speaker) => speaker.name));
  const entries = arrayAt(root.entries, 'entries')
    .map((value, index) => readEntry(value, index, names, new Set(sections)))
    .sort((a, b) => a.position - b.position)
    // The first entry continues nothing.
    .map((entry, index) => ({
      ...entry,
      position: index + 1,
      continuation: entry.continuation && index > 0,
    }));
  const askers = new Set(entries.map((entry) => entry.questioner));
  const intro = optionalString(interview.intro, 'interview.intro') ?? '';
  return {
    format: 'DIALOGUE',
    title: requiredString(interview.title, 'interview.title'),
    publisher: optionalString(interview.publisher, 'interview.publisher'),
    language: requiredString(interview.language, 'interview.language'),
    intro,
    summary:
      optionalString(interview.summary, 'interview.summary') ?? (intro ? intro.split('\n\n')[0] : null),
    sections,
    speakers: speakers.map((speaker) => ({
      ...speaker,
      role: askers.has(speaker.name) ? 'INTERVIEWER' : 'INTERVIEWEE',
    })),
    entries,
    boilerplate: optionalStrings(root.boilerplate, 'boilerplate'),
    notes: optionalStrings(root.notes, 'notes'),
    decisions: [],
    warnings: [],
  };
}

function readSpeaker(value: unknown, index: number): Omit<ParsedSpeaker, 'role'> {
  const at = `speakers[${index}]`;
  const speaker = objectAt(value, at);
  return {
    name: requiredString(speaker.name, `${at}.name`),
    title: optionalString(speaker.title, `${at}.title`),
    organization: optionalString(speaker.organization, `${at}.organization`),
  };
}

function readEntry(
  value: unknown,
  index: number,
  speakers: ReadonlySet<string>,
  sections: ReadonlySet<string>,
): ParsedEntry {
  const at = `entries[${index}]`;
  const entry = objectAt(value, at);
  const position = entry.position;
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 1) {
    throw new TranscriptParseError(`${at}.position must be a whole number from 1`);
  }
  const section = optionalString(entry.section, `${at}.section`);
  if (section !== null && !sections.has(section)) {
    throw new TranscriptParseError(`${at}.section "${section}" is not one of interview.sections`);
  }
  const question = stringAt(entry.question, `${at}.question`);
  return {
    position,
    section,
    question,
    questioner: speakerName(entry.questioner, `${at}.questioner`, speakers),
    text: stringAt(entry.text, `${at}.text`),
    speaker: speakerName(entry.speaker, `${at}.speaker`, speakers),
    questionLine: null,
    answerLine: null,
    startTime: seconds(entry.startTime, `${at}.startTime`),
    endTime: seconds(entry.endTime, `${at}.endTime`),
    // An entry that asks a question of its own no longer continues the one before it (as when edited).
    continuation: flag(entry.continuation, `${at}.continuation`) && question.trim() === '',
  };
}

/** A boolean field that older exports do not have: absent is false. */
function flag(value: unknown, at: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TranscriptParseError(`${at} must be true or false`);
  return value;
}

function speakerName(value: unknown, at: string, speakers: ReadonlySet<string>): string | null {
  const name = optionalString(value, at);
  if (name !== null && !speakers.has(name)) {
    throw new TranscriptParseError(`${at} "${name}" is not the name of one of the speakers`);
  }
  return name;
}

function seconds(value: unknown, at: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TranscriptParseError(`${at} must be seconds from the start (a number, 0 or more) or null`);
  }
  return value;
}

function objectAt(value: unknown, at: string, message = `${at} must be an object`): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TranscriptParseError(message);
  }
  return value as JsonObject;
}

function arrayAt(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new TranscriptParseError(`${at} must be an array`);
  return value;
}

function stringAt(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new TranscriptParseError(`${at} must be a string`);
  return value;
}

function requiredString(value: unknown, at: string): string {
  const text = stringAt(value, at).trim();
  if (!text) throw new TranscriptParseError(`${at} must not be empty`);
  return text;
}

function optionalString(value: unknown, at: string): string | null {
  if (value === null || value === undefined) return null;
  return stringAt(value, at);
}

/** Fields a later version-1 export may add; absent in older ones. */
function optionalStrings(value: unknown, at: string): string[] {
  if (value === undefined || value === null) return [];
  return arrayAt(value, at).map((item, index) => stringAt(item, `${at}[${index}]`));
}
