/**
 * Table-driven: every fixtures/<family>/<name>.<ext> is parsed (its file name given, as an upload gives
 * it) and its entries compared with <name>.expected.json; the round trip must hold for each.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTranscript, type TranscriptOptions } from '../../src/transcripts/parser';
import { FIXTURES_DIR, roundTripProblems } from './helpers';

interface ExpectedEntry {
  q: string;
  by?: string | null;
  a: string;
  speaker?: string | null;
  last?: string;
  section?: string | null;
  start?: number;
  end?: number;
}

interface Expected {
  options?: TranscriptOptions;
  entries: ExpectedEntry[];
  sections?: string[];
  speakers?: number;
  notes?: number;
  boilerplate?: number;
  boilerplateMin?: number;
  decisions?: string[];
  /** Lines the intro keeps as written. */
  intro?: string[];
}

export const FAMILIES = ['labels', 'tools', 'people', 'structure', 'around', 'inputs'];

const cases = FAMILIES.flatMap((family) =>
  readdirSync(join(FIXTURES_DIR, family))
    .filter((name) => !name.endsWith('.expected.json'))
    .map((name) => {
      const path = join(FIXTURES_DIR, family, name);
      const expectedPath = path.replace(/\.[^.]+$/, '.expected.json');
      return {
        label: `${family}/${name}`,
        name,
        text: readFileSync(path, 'utf8'),
        expected: JSON.parse(readFileSync(expectedPath, 'utf8')) as Expected,
      };
    }),
);

describe('transcripts as publishers publish them, family by family', () => {
  it('has several fixtures in each family', () => {
    for (const family of FAMILIES) {
      expect(cases.filter((item) => item.label.startsWith(`${family}/`)).length).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(cases)('$label: entries as expected', ({ name, text, expected }) => {
    const options = { ...expected.options, fileName: name };
    const parsed = parseTranscript(text, options);
    const actual = parsed.entries.map((entry, index) => {
      const want = expected.entries[index];
      return {
        q: want && entry.question.startsWith(want.q) ? want.q : entry.question,
        by: entry.questioner,
        a: want && entry.text.startsWith(want.a) ? want.a : entry.text,
        speaker: entry.speaker,
        ...(want?.last !== undefined
          ? { last: entry.text.endsWith(want.last) ? want.last : entry.text }
          : {}),
        ...(want?.section !== undefined ? { section: entry.section } : {}),
        ...(want?.start !== undefined ? { start: entry.startTime } : {}),
        ...(want?.end !== undefined ? { end: entry.endTime } : {}),
      };
    });
    const wanted = expected.entries.map((entry) => ({ by: null, speaker: null, ...entry }));
    expect(actual).toEqual(wanted);
    if (expected.sections) expect(parsed.sections).toEqual(expected.sections);
    if (expected.speakers !== undefined) expect(parsed.speakers).toHaveLength(expected.speakers);
    if (expected.notes !== undefined) expect(parsed.notes).toHaveLength(expected.notes);
    if (expected.boilerplate !== undefined) expect(parsed.boilerplate).toHaveLength(expected.boilerplate);
    if (expected.boilerplateMin !== undefined) {
      expect(parsed.boilerplate.length).toBeGreaterThanOrEqual(expected.boilerplateMin);
    }
    for (const line of expected.intro ?? []) expect(parsed.intro.split('\n')).toContain(line);
    for (const kind of expected.decisions ?? []) {
      expect(parsed.decisions.map((decision) => decision.kind)).toContain(kind);
    }
  });

  it.each(cases)('$label: every source line lands in exactly one place', ({ name, text, expected }) => {
    const options = { ...expected.options, fileName: name };
    expect(roundTripProblems(text, parseTranscript(text, options), options)).toEqual([]);
  });
});
