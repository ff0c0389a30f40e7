import { readdirSync } from 'node:fs';
import { parseTranscript, type ParsedTranscript, type TranscriptOptions } from '../../src/transcripts/parser';
import { FIXTURES_DIR, readFixture, readSeed, readSeeds, roundTripProblems } from './helpers';

const FIXTURE_OPTIONS: Record<string, TranscriptOptions> = {
  'numbered-crlf.txt': { interviewer: 'Alex Morgan', interviewee: 'Sofia Reyes' },
};

const fixtures = readdirSync(FIXTURES_DIR).filter((name) => name.endsWith('.txt'));

describe('round trip: every paragraph of the source lands unchanged in exactly one place', () => {
  it('has fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(4);
  });

  it.each(fixtures)('fixture %s', (name) => {
    const text = readFixture(name);
    const options = FIXTURE_OPTIONS[name] ?? {};
    expect(roundTripProblems(text, parseTranscript(text, options), options)).toEqual([]);
  });

  it.each(readSeeds().map((seed) => seed.file))('seed %s', (file) => {
    const { text, options } = readSeed(file);
    expect(roundTripProblems(text, parseTranscript(text, options), options)).toEqual([]);
    expect(roundTripProblems(text, parseTranscript(text))).toEqual([]);
  });

  it.each(fixtures)('fixture %s with CRLF line endings and a BOM', (name) => {
    const text = `\uFEFF${readFixture(name).replace(/\r?\n/g, '\r\n')}`;
    expect(roundTripProblems(text, parseTranscript(text, FIXTURE_OPTIONS[name]))).toEqual([]);
  });
});

describe('the round-trip check itself', () => {
  const text = readFixture('dialogue-panel.txt');
  const parsed = parseTranscript(text);
  const changed = (change: (copy: ParsedTranscript) => void): string[] => {
    const copy = structuredClone(parsed);
    change(copy);
    return roundTripProblems(text, copy);
  };

  it('notices a lost paragraph', () => {
    expect(changed((copy) => (copy.entries[0].text = copy.entries[0].text.split('\n\n')[0]))).toEqual([
      'line 10 is lost or changed: "And regulators finally gave us a framework to work with."',
    ]);
  });

  it('notices a paragraph in two places', () => {
    expect(changed((copy) => (copy.intro += `\n\n${copy.entries[1].text}`))).toHaveLength(1);
  });

  it('notices re-typed quotes', () => {
    expect(changed((copy) => (copy.entries[6].text = copy.entries[6].text.replace('’', "'")))).toHaveLength(
      2,
    );
  });

  it('notices dropped boilerplate', () => {
    expect(changed((copy) => copy.boilerplate.pop())).toHaveLength(3);
  });
});
