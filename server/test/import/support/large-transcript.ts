/**
 * Large, realistic transcripts for import tests and the import benchmark: the shapes of the seed
 * interviews (numbered questions with answer paragraphs, or "Name: text" dialogue with section lines),
 * repeated with varied wording from a seeded generator, so every run produces the same text.
 */
export type LargeTranscriptFormat = 'NUMBERED' | 'DIALOGUE';

export interface LargeTranscriptOptions {
  entries: number;
  format?: LargeTranscriptFormat;
  /** Start a new section every this many entries (DIALOGUE only; 0 for none). */
  sectionEvery?: number;
  seed?: number;
}

// Short words, so that 25,000 entries come to about 0.9 MB, like the largest texts seen in practice.
const SUBJECTS = [
  'fees',
  'risk',
  'users',
  'growth',
  'the team',
  'custody',
  'Asia',
  'rules',
  'tokens',
  'trust',
];
const QUESTION_OPENINGS = ['Why', 'How about', 'And', 'What of', 'Next for'];
const ANSWER_SENTENCES = [
  'We listen.',
  'It took time.',
  'Users decide.',
  'We ship early.',
  'It varies.',
  'Trust is slow.',
  'Look at data.',
  'Small teams win.',
  'Rules first.',
  'Never stop.',
  'Luck, too.',
  'Yes.',
];

/** A small deterministic generator (mulberry32), so a transcript of a given size is always the same text. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A transcript of exactly `entries` entries (one question and its answer each) in the given format. */
export function largeTranscript({
  entries,
  format = 'NUMBERED',
  sectionEvery = 500,
  seed = 9,
}: LargeTranscriptOptions): string {
  const random = randomFrom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const question = () => `${pick(QUESTION_OPENINGS)} ${pick(SUBJECTS)}?`;
  const answer = () =>
    random() < 0.8 ? pick(ANSWER_SENTENCES) : `${pick(ANSWER_SENTENCES)} ${pick(ANSWER_SENTENCES)}`;

  const lines: string[] = [`Large interview of ${entries} entries`];
  if (format === 'NUMBERED') {
    lines.push('An interview about markets, teams and users, in many short questions.');
    for (let n = 1; n <= entries; n += 1) lines.push(`${n}. ${question()}`, answer());
  } else {
    lines.push('Host: Ann', 'Guest: Bo', '');
    for (let n = 1; n <= entries; n += 1) {
      if (sectionEvery > 0 && n % sectionEvery === 1 && n > 1)
        lines.push(`Part ${Math.ceil(n / sectionEvery)}`);
      lines.push(`Ann: ${question()}`, `Bo: ${answer()}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
