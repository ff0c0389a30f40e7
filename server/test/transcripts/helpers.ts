import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseSource, type ParsedTranscript, type TranscriptOptions } from '../../src/transcripts/parser';

export const FIXTURES_DIR = join(__dirname, 'fixtures');
export const SEEDS_DIR = join(__dirname, '..', '..', '..', 'seeds');

export function readFixture(name: string): string {
  return readFileSync(join(FIXTURES_DIR, name), 'utf8');
}

/** One entry of seeds/seeds.json: the file and the options the seed loader passes to the parser. */
export interface SeedDescription extends TranscriptOptions {
  file: string;
  status: 'DRAFT' | 'PUBLISHED';
}

export function readSeeds(): SeedDescription[] {
  return JSON.parse(readFileSync(join(SEEDS_DIR, 'seeds.json'), 'utf8')) as SeedDescription[];
}

/** A seed's text and its parser options, as the seed loader reads them. */
export function readSeed(file: string): { text: string; options: TranscriptOptions; seed: SeedDescription } {
  const seed = readSeeds().find((candidate) => candidate.file === file);
  if (!seed) throw new Error(`${file} is not described in seeds.json`);
  const { file: _file, status: _status, ...options } = seed;
  return { text: readFileSync(join(SEEDS_DIR, file), 'utf8'), options, seed };
}

/** The lines of a text as the parser numbers them: CRLF/CR as LF, trailing whitespace dropped. */
export function sourceLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd());
}

// What the parser turns into structure at the start of a line: numbers, "Q:"/"A:", "Name:" labels.
const STRUCTURE_PREFIXES = [
  /^\s*(?:Q\s*)?\d{1,3}(?:[.)]\s+|[．、）:：]\s*)/,
  /^\s*(?:Question|问题|問題)\s*\d{1,3}\s*(?:[.:：)．]|\s[—–-]{1,2})\s*/iu,
  /^\s*(?:Q|A|[Qq]uestion|[Aa]nswer|问|問|答)\s*\d{0,3}\s*(?:[(（][^)）]*[)）])?\s*(?:[:：]|[.．](?=\s|$)|、)\s*/u,
  /^\s*[^:：]{1,40}?\s*[:：]\s*/u,
];
const INTRO_HEADINGS = /^(?:introduction|intro|preface|前言|引言|导语|導語|はじめに)$/iu;

/**
 * Everything the parser returns must come from the source unchanged, and every line of the source
 * must end up in exactly one place: title, intro, a section heading, a question (once, however many
 * answer it), an answer, an editor's note, or the boilerplate. Lines are compared as the parser's first
 * step normalises them (captions as cue text, Markdown marks, label conventions and NBSP read). Only labels, numbers, the intro heading and header lines
 * that name the people, title or publisher may be consumed as structure.
 * Returns the problems found; [] when the round trip holds.
 */
export function roundTripProblems(
  source: string,
  parsed: ParsedTranscript,
  options: TranscriptOptions = {},
): string[] {
  const outputs = new Map<string, number>();
  const add = (text: string | null): void => {
    for (const line of (text ?? '').split('\n')) {
      if (line !== '') outputs.set(line, (outputs.get(line) ?? 0) + 1);
    }
  };
  const take = (line: string): boolean => {
    const count = outputs.get(line) ?? 0;
    if (count === 0) return false;
    outputs.set(line, count - 1);
    return true;
  };

  add(parsed.title);
  add(parsed.intro);
  parsed.sections.forEach(add);
  const askedAt = new Set<number | null>();
  for (const entry of parsed.entries) {
    if (!askedAt.has(entry.questionLine)) add(entry.question);
    askedAt.add(entry.questionLine);
    add(entry.text);
  }
  parsed.boilerplate.forEach(add);
  parsed.notes.forEach(add);

  const problems: string[] = [];
  const normalised = normaliseSource(source, options.fileName ?? null).lines;
  normalised.forEach(({ text: line, number }) => {
    if (line.trim() === '') return;
    const stripped = STRUCTURE_PREFIXES.map((prefix) => line.replace(prefix, '')).filter(
      (text) => text !== line,
    );
    if (take(line)) return;
    if (stripped.some((text) => text === '' || take(text))) return;
    if (INTRO_HEADINGS.test(line.trim()) || namesSomethingParsed(line, parsed)) return;
    problems.push(`line ${number} is lost or changed: ${JSON.stringify(line)}`);
  });

  for (const [line, count] of outputs) {
    if (count === 0 || (options.title && line === options.title)) continue;
    problems.push(`${JSON.stringify(line)} is in the result ${count} more time(s) than in the source`);
  }
  return problems;
}

/** A header line ("Guest: Ann Lee, CEO of Acme", "采访：本刊研究员 阿K", "Title: …") whose value the result carries. */
function namesSomethingParsed(line: string, parsed: ParsedTranscript): boolean {
  const value = /^[^:：]{1,24}[:：]\s*(.+)$/u.exec(line)?.[1];
  if (!value) return false;
  if (value === parsed.title || value === parsed.publisher) return true;
  // "Ann Lee, CEO of Acme", or the role first as Chinese writes it: "Arcwave 合伙人 Grace 王".
  const compact = (text: string): string => text.replace(/\s+/g, '');
  return parsed.speakers.some(
    (speaker) =>
      value.startsWith(speaker.name) ||
      (speaker.title !== null && compact(value) === compact(speaker.title + speaker.name)),
  );
}
