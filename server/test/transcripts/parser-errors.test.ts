import {
  detectFormat,
  MAX_TRANSCRIPT_BYTES,
  parseTranscript,
  TranscriptParseError,
  type TranscriptFormat,
  type TranscriptOptions,
} from '../../src/transcripts/parser';
import { readSeed } from './helpers';

function parseError(text: string, options?: TranscriptOptions): TranscriptParseError {
  try {
    parseTranscript(text, options);
  } catch (error) {
    if (error instanceof TranscriptParseError) return error;
    throw error;
  }
  throw new Error('expected a TranscriptParseError');
}

describe('transcripts that cannot be parsed', () => {
  it('refuses empty text', () => {
    const error = parseError('');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'TranscriptParseError',
      message: 'the transcript is empty',
      line: null,
      field: 'text',
    });
  });

  it('refuses whitespace only', () => {
    expect(parseError('  \r\n\t\n\u3000\n')).toMatchObject({
      message: 'the transcript is only whitespace',
      line: null,
    });
  });

  it('refuses text that is not a string', () => {
    expect(parseError(null as unknown as string).message).toBe('the transcript must be text');
  });

  it('refuses text over the size limit, counted in UTF-8 bytes', () => {
    expect(MAX_TRANSCRIPT_BYTES).toBe(2 * 1024 * 1024);
    expect(parseError('a'.repeat(MAX_TRANSCRIPT_BYTES + 1)).message).toMatch(
      /^the transcript is 2\.0 MB \(2097153 bytes\), more than the limit of 2\.0 MB \(2097152 bytes\)$/,
    );
    const chinese = '中'.repeat(MAX_TRANSCRIPT_BYTES / 3 + 1);
    expect(chinese.length).toBeLessThan(MAX_TRANSCRIPT_BYTES);
    expect(parseError(chinese).message).toMatch(/more than the limit/);
  });

  it('refuses binary text, saying on which line', () => {
    expect(parseError('Q: Why?\nA: Because\u0000.\n')).toMatchObject({
      message: 'line 2: the transcript contains NUL characters: is it a binary file?',
      line: 2,
    });
  });

  it('refuses text without question/answer structure, naming the formats it looked for', () => {
    const error = parseError('An essay about markets.\n\nIt has paragraphs: but nobody asks anything.\n');
    expect(error.message).toBe(
      'no question/answer structure found: expected "Q:" / "A:" labels, numbered questions ("1. …?"), "Name: text" dialogue',
    );
    expect(error.line).toBeNull();
  });

  it('refuses captions that name nobody, saying how captions name their speakers', () => {
    const autoCaptions = [
      '1\n00:00:01,000 --> 00:00:03,000\nwelcome back to the show',
      '2\n00:00:03,000 --> 00:00:06,500\ntoday we talk about custody',
      '3\n00:00:06,500 --> 00:00:09,000\nand why it matters so much',
    ].join('\n\n');
    expect(parseError(`${autoCaptions}\n`, { fileName: 'episode.srt' }).message).toBe(
      'no question/answer structure found in these SRT captions: they need the speakers named in their cues, ' +
        'as voice tags ("<v Ann Lee>") or at the start of the text ("Ann Lee: …")',
    );
    const webvtt = `WEBVTT\n\n${autoCaptions.replace(/,/g, '.')}\n`;
    expect(parseError(webvtt).message).toMatch(
      /^no question\/answer structure found in these WebVTT captions/,
    );
  });

  it('points at the line of a structure that is only half there', () => {
    const error = parseError('Intro.\nQ: What happened next?\nNothing much, really.\n');
    expect(error.message).toMatch(/QA: there are "Q:" questions but no "A:" answer \(line 2\)/);
  });

  it('does not take a numbered to-do list for an interview', () => {
    expect(parseError('Steps:\n1. Open the box.\n2. Remove the device.\nThen plug it in.\n').message).toMatch(
      /NUMBERED: the numbered lines read as a list, not as questions \(line 2\)/,
    );
  });

  it('refuses a single speaker talking to nobody', () => {
    const text = 'Ann Lee: Hello.\nAnn Lee: Is anyone there?\n';
    expect(parseError(text, { format: 'DIALOGUE' })).toMatchObject({
      message:
        'line 1: the text does not fit the DIALOGUE format ("Name: text" dialogue): only one speaker, "Ann Lee", is labelled',
      field: 'format',
    });
  });
});

describe('an explicit format that does not fit the text', () => {
  const seed001 = readSeed('001_c29ba4278306a2c9.txt').text;
  const seed000 = readSeed('000_6fec0ff2dda97956.txt').text;

  it.each<[string, string, TranscriptFormat, RegExp]>([
    [
      'seed 001',
      seed001,
      'NUMBERED',
      /NUMBERED format \(numbered questions \("1\. …\?"\)\): no numbered question lines .* found; it looks like DIALOGUE instead$/,
    ],
    [
      'seed 001',
      seed001,
      'QA',
      /QA format \("Q:" \/ "A:" labels\): no "Q:" \/ "A:" labels found; it looks like DIALOGUE instead$/,
    ],
    [
      'seed 000',
      seed000,
      'DIALOGUE',
      /DIALOGUE format \("Name: text" dialogue\): no "Name: text" speaker labels found; it looks like NUMBERED instead$/,
    ],
  ])('%s as %s', (_name, text, format, message) => {
    const error = parseError(text, { format });
    expect(error.field).toBe('format');
    expect(error.message).toMatch(message);
  });

  it('says so for an unknown format name', () => {
    expect(parseError('Q: a?\nA: b.', { format: 'INTERVIEW' as TranscriptFormat })).toMatchObject({
      field: 'format',
      message: 'unknown format "INTERVIEW": use NUMBERED, DIALOGUE, QA or leave it out to detect it',
    });
  });

  it('checks the language tag and the people given as options', () => {
    expect(parseError('Q: a?\nA: b.', { language: 'English!' }).field).toBe('language');
    expect(parseError('Q: a?\nA: b.', { interviewee: { name: ' ' } })).toMatchObject({
      field: 'interviewee',
      message: 'every interviewee needs a name',
    });
  });
});

describe('detectFormat on text without structure', () => {
  it('returns null for prose and throws for empty text', () => {
    expect(detectFormat('Just a paragraph.\nAnd another one.')).toBeNull();
    expect(() => detectFormat('')).toThrow(TranscriptParseError);
  });
});
