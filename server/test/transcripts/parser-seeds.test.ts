import { detectFormat, parseTranscript } from '../../src/transcripts/parser';
import { readSeed, readSeeds, roundTripProblems, sourceLines } from './helpers';

const SEED_000 = '000_6fec0ff2dda97956.txt';
const SEED_001 = '001_c29ba4278306a2c9.txt';

describe('seeds.json', () => {
  it('describes both seed files as published interviews with their people', () => {
    expect(readSeeds()).toEqual([
      expect.objectContaining({
        file: SEED_000,
        status: 'PUBLISHED',
        publisher: 'Wu Blockchain',
        language: 'en',
        interviewer: 'Wu Blockchain',
        interviewee: { name: 'Intae Song', title: 'Global Chief Sales Officer', organization: 'Bitget' },
      }),
      expect.objectContaining({
        file: SEED_001,
        status: 'PUBLISHED',
        publisher: 'Deep Tide TechFlow',
        language: 'en',
        interviewer: 'Deep Tide TechFlow',
        interviewee: { name: 'Xie Jiayin', title: 'Chinese-speaking head', organization: 'Bitget' },
      }),
    ]);
  });
});

describe(`seed ${SEED_000} (numbered questions)`, () => {
  const { text, options } = readSeed(SEED_000);
  const parsed = parseTranscript(text, options);
  const lines = sourceLines(text);

  it('is read as NUMBERED, with the metadata from seeds.json and no warnings', () => {
    expect(detectFormat(text)).toBe('NUMBERED');
    expect(parsed).toMatchObject({
      format: 'NUMBERED',
      title: options.title,
      publisher: 'Wu Blockchain',
      language: 'en',
    });
    expect(parsed.speakers).toEqual([
      { name: 'Wu Blockchain', role: 'INTERVIEWER', title: null, organization: null },
      {
        name: 'Intae Song',
        role: 'INTERVIEWEE',
        title: 'Global Chief Sales Officer',
        organization: 'Bitget',
      },
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('has 10 entries, each question being its numbered line, asked by Wu Blockchain and answered by Intae Song', () => {
    const numbered = lines
      .map((line, index) => ({ match: /^(\d+)\. (.+)$/.exec(line), line: index + 1 }))
      .filter(({ match }) => match !== null);
    expect(numbered.map(({ match }) => Number(match?.[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(parsed.entries).toHaveLength(10);
    parsed.entries.forEach((entry, index) => {
      expect(entry).toMatchObject({
        position: index + 1,
        section: null,
        question: numbered[index].match?.[2],
        questionLine: numbered[index].line,
        answerLine: numbered[index].line + 1,
        questioner: 'Wu Blockchain',
        speaker: 'Intae Song',
      });
    });
  });

  it('keeps the list under question 4 in answer 4', () => {
    const answer4 = parsed.entries[3].text.split('\n\n');
    expect(answer4).toHaveLength(6);
    expect(answer4[1]).toBe('Future priorities include:');
    expect(answer4.slice(2).map((item) => item.split(':')[0])).toEqual([
      'Global Market Expansion',
      'Innovative Products and Services',
      'Deepening Institutional and VIP Business',
      'Regulatory Compliance and Industry Collaboration',
    ]);
    expect(parsed.entries[4].question).toMatch(/^Bitget is known for its aggressive corporate culture/);
  });

  it('ends answer 10 before "Follow us" and keeps the footer and the disclaimer as boilerplate', () => {
    const answer10 = parsed.entries[9].text;
    expect(answer10).toMatch(/you will find your place in this industry\.$/);
    expect(answer10).not.toContain('Follow us');
    expect(parsed.boilerplate).toEqual([
      lines[1],
      'Follow us\nTwitter: https://twitter.com/WuBlockchain\nTelegram: https://t.me/wublockchainenglish',
    ]);
  });

  it('keeps the opening paragraph as the intro, byte for byte', () => {
    expect(parsed.intro).toBe(lines[0]);
    expect(parsed.intro).toContain('Bitget’s Global Chief Sales Officer');
    expect(parsed.summary).toBe(lines[0]);
    expect(parsed.entries[4].text).toContain('rather than “aggressiveness.”');
  });

  it('round-trips', () => {
    expect(roundTripProblems(text, parsed, options)).toEqual([]);
  });
});

describe(`seed ${SEED_001} (dialogue with headings)`, () => {
  const { text, options } = readSeed(SEED_001);
  const parsed = parseTranscript(text, options);
  const lines = sourceLines(text);

  it('is read as DIALOGUE, with the metadata from seeds.json and no warnings', () => {
    expect(detectFormat(text)).toBe('DIALOGUE');
    expect(parsed).toMatchObject({
      format: 'DIALOGUE',
      title: options.title,
      publisher: 'Deep Tide TechFlow',
      language: 'en',
    });
    expect(parsed.speakers).toEqual([
      { name: 'Deep Tide TechFlow', role: 'INTERVIEWER', title: null, organization: null },
      { name: 'Xie Jiayin', role: 'INTERVIEWEE', title: 'Chinese-speaking head', organization: 'Bitget' },
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('has 13 entries asked by Deep Tide TechFlow and answered by Xie Jiayin', () => {
    expect(parsed.entries).toHaveLength(13);
    for (const entry of parsed.entries) {
      expect(entry.questioner).toBe('Deep Tide TechFlow');
      expect(entry.speaker).toBe('Xie Jiayin');
      expect(lines[(entry.questionLine ?? 0) - 1]).toBe(`Deep Tide TechFlow: ${entry.question}`);
      expect(lines[(entry.answerLine ?? 0) - 1]).toBe('Xie Jiayin:');
      expect(entry.text).not.toMatch(/^Xie Jiayin|Deep Tide TechFlow:/);
    }
    expect(parsed.entries.map((entry) => entry.position)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
    ]);
  });

  it('opens 4 sections, of 4, 2, 4 and 3 entries, at the headings', () => {
    expect(parsed.sections).toEqual([
      'If I cannot protect users well, then I do not deserve to be the Chinese-speaking head of Bitget',
      'Becoming Top Three: The Chinese-speaking Market and Bitget',
      '10 Points of Wolfishness Behind Creating "The Warmest Exchange"',
      'Persisting in Long-termism is the Only Way to Achieve Real Results',
    ]);
    const sizes = parsed.sections.map(
      (section) => parsed.entries.filter((entry) => entry.section === section).length,
    );
    expect(sizes).toEqual([4, 2, 4, 3]);
    for (const entry of parsed.entries) expect(entry.text).not.toContain(entry.section ?? '\u0000');
  });

  it('keeps the introduction on the interview, without byline, heading or podcast note', () => {
    const intro = parsed.intro.split('\n\n');
    expect(intro[0]).toBe(lines[0]);
    expect(intro[1]).toBe(lines[3]);
    expect(intro[intro.length - 1]).toBe(lines[14]);
    expect(intro).toHaveLength(13);
    expect(parsed.intro).not.toMatch(/Written by|^Introduction$|QR code/m);
    expect(parsed.intro).toContain('About himself, he says:');
  });

  it('keeps the Chinese disclaimer apart from answer 13, in the boilerplate with the byline', () => {
    const answer13 = parsed.entries[12].text;
    expect(answer13).toMatch(/Persisting in long-termism is the only way to achieve real results\.$/);
    expect(answer13).not.toContain('免责声明');
    expect(parsed.boilerplate).toEqual([
      'Written by: Deep Tide TechFlow',
      `${lines[16]}\n${lines[17]}`,
      lines[107],
    ]);
    expect(parsed.boilerplate[2]).toMatch(/^免责声明:本文章仅代表作者个人观点/);
  });

  it('finds the same structure without any options', () => {
    const bare = parseTranscript(text);
    expect(
      bare.entries.map(({ question, text: answer, section }) => ({ question, answer, section })),
    ).toEqual(parsed.entries.map(({ question, text: answer, section }) => ({ question, answer, section })));
    expect(bare.speakers.map(({ name, role }) => ({ name, role }))).toEqual([
      { name: 'Deep Tide TechFlow', role: 'INTERVIEWER' },
      { name: 'Xie Jiayin', role: 'INTERVIEWEE' },
    ]);
  });

  it('round-trips', () => {
    expect(roundTripProblems(text, parsed, options)).toEqual([]);
  });
});
