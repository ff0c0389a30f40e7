import {
  detectFormat,
  MAX_TRANSCRIPT_BYTES,
  parseTranscript,
  type ParsedTranscript,
} from '../../src/transcripts/parser';
import { roundTripProblems } from './helpers';

function pairs(parsed: ParsedTranscript): Array<[string | null, string, string | null, string]> {
  return parsed.entries.map((entry) => [entry.questioner, entry.question, entry.speaker, entry.text]);
}

function messages(parsed: ParsedTranscript): Array<[number | null, string]> {
  return parsed.warnings
    .filter((warning) => !warning.message.startsWith('no title'))
    .map((w) => [w.line, w.message]);
}

describe('labels in other scripts and spellings', () => {
  it('reads a Japanese QA text with full-width colons and a header', () => {
    const text =
      'インタビュー：新しい働き方\n聞き手：佐藤花子\nゲスト：山田太郎\n' +
      'Q：最初の仕事は何でしたか？\nA：小さな出版社で編集の仕事をしていました。\n' +
      'Q：今の仕事について教えてください。\nA：「働き方」を変えるサービスを作っています。\n';
    const parsed = parseTranscript(text);
    expect(parsed).toMatchObject({
      format: 'QA',
      language: 'ja',
      title: 'インタビュー：新しい働き方',
      intro: '',
    });
    expect(pairs(parsed)).toEqual([
      ['佐藤花子', '最初の仕事は何でしたか？', '山田太郎', '小さな出版社で編集の仕事をしていました。'],
      [
        '佐藤花子',
        '今の仕事について教えてください。',
        '山田太郎',
        '「働き方」を変えるサービスを作っています。',
      ],
    ]);
    expect(parsed.warnings).toEqual([]);
    expect(roundTripProblems(text, parsed)).toEqual([]);
  });

  it('reads 问：/答： as Q/A', () => {
    const parsed = parseTranscript('问：你好吗？\n答：很好。\n', {
      interviewer: '记者甲',
      interviewee: '王磊',
    });
    expect(parsed).toMatchObject({ format: 'QA', language: 'zh' });
    expect(pairs(parsed)).toEqual([['记者甲', '你好吗？', '王磊', '很好。']]);
  });

  it('reads "Q1:" numbering as NUMBERED when the answers carry no label', () => {
    const text = 'Q1: How did you start?\nBy accident.\nQ2: And then?\nIt grew.\n';
    expect(detectFormat(text)).toBe('NUMBERED');
    expect(pairs(parseTranscript(text))).toEqual([
      [null, 'How did you start?', null, 'By accident.'],
      [null, 'And then?', null, 'It grew.'],
    ]);
  });

  it('gives role-word labels the names from the options, with title and organisation', () => {
    const parsed = parseTranscript(
      'Interviewer: How did it start?\nGuest: By accident.\nInterviewer: Really?\nGuest: Really.\n',
      {
        interviewer: 'Jane Doe',
        interviewee: 'John Roe, CEO of Acme',
      },
    );
    expect(parsed.speakers).toEqual([
      { name: 'Jane Doe', role: 'INTERVIEWER', title: null, organization: null },
      { name: 'John Roe', role: 'INTERVIEWEE', title: 'CEO', organization: 'Acme' },
    ]);
    expect(pairs(parsed)[1]).toEqual(['Jane Doe', 'Really?', 'John Roe', 'Really.']);
  });

  it('matches a short label to the full name in the options', () => {
    const parsed = parseTranscript('Host: What now?\nSong: We grow.\nHost: Where?\nSong: Everywhere.\n', {
      interviewee: { name: 'Intae Song', title: 'CSO', organization: 'Bitget' },
    });
    expect(parsed.entries.map((entry) => entry.speaker)).toEqual(['Intae Song', 'Intae Song']);
  });
});

describe('panels', () => {
  it('takes a full name speaking once as a panellist, and says so', () => {
    const text =
      'Host: Welcome. What brought you here today?\nAnn Lee: Curiosity, mostly.\nHost: And you, Bo?\n' +
      'Bo Chen: The same, I think.\nHost: Anyone else?\nCy Park: I came for the coffee.\n';
    const parsed = parseTranscript(text, { interviewer: 'Jane Host' });
    expect(parsed.entries.map((entry) => entry.speaker)).toEqual(['Ann Lee', 'Bo Chen', 'Cy Park']);
    expect(messages(parsed)).toEqual([
      [2, '"Ann Lee" is taken as a speaker here, though the text does not make it clear; check it'],
      [4, '"Bo Chen" is taken as a speaker here, though the text does not make it clear; check it'],
      [6, '"Cy Park" is taken as a speaker here, though the text does not make it clear; check it'],
    ]);
  });

  it('takes full names after a question ending in ":" as panellists, not as a list', () => {
    const text =
      'Lena Fischer: Quick round, one word each:\nAnn Lee: Rest.\nBo Chen: Work.\nCy Park: Play.\n' +
      'Lena Fischer: Thanks. Next?\nAnn Lee: Sure.\n';
    const parsed = parseTranscript(text);
    expect(pairs(parsed)).toEqual([
      ['Lena Fischer', 'Quick round, one word each:', 'Ann Lee', 'Rest.'],
      ['Lena Fischer', 'Quick round, one word each:', 'Bo Chen', 'Work.'],
      ['Lena Fischer', 'Quick round, one word each:', 'Cy Park', 'Play.'],
      ['Lena Fischer', 'Thanks. Next?', 'Ann Lee', 'Sure.'],
    ]);
    expect(messages(parsed).map(([line]) => line)).toEqual([2, 3, 4, 6]);
  });

  it('splits a numbered answer among the panellists the options name', () => {
    const text =
      '1. What is next?\nAnn Lee: More of the same.\nBo Chen: Something new.\n2. Why?\nAnn Lee: Because it works.\n';
    const parsed = parseTranscript(text, {
      interviewer: 'Host Person',
      interviewee: 'Ann Lee, Bo Chen & Cy Park',
    });
    expect(pairs(parsed)).toEqual([
      ['Host Person', 'What is next?', 'Ann Lee', 'More of the same.'],
      ['Host Person', 'What is next?', 'Bo Chen', 'Something new.'],
      ['Host Person', 'Why?', 'Ann Lee', 'Because it works.'],
    ]);
    expect(messages(parsed)).toEqual([[null, '"Cy Park", named in the options, neither asks nor answers']]);
  });

  it('reads "A (Name):" as that person answering', () => {
    const parsed = parseTranscript('Q: What now?\nA (Ann Lee): Rest.\nA (Bo Chen): Work.\n', {
      interviewer: 'Host',
    });
    expect(pairs(parsed)).toEqual([
      ['Host', 'What now?', 'Ann Lee', 'Rest.'],
      ['Host', 'What now?', 'Bo Chen', 'Work.'],
    ]);
  });
});

describe('warnings for an editor', () => {
  it('flags a question without answer, an empty answer and a repeated "A:"', () => {
    const parsed = parseTranscript(
      'Q: First?\nQ: Second?\nA: Only the second is answered.\nA:\nQ: Third?\nA:\n',
      {
        interviewer: 'Ivy',
        interviewee: 'Eve',
      },
    );
    expect(pairs(parsed)).toEqual([
      ['Ivy', 'First?', null, ''],
      ['Ivy', 'Second?', 'Eve', 'Only the second is answered.'],
      ['Ivy', 'Third?', 'Eve', ''],
    ]);
    expect(messages(parsed)).toEqual([
      [1, 'this question has no answer'],
      [4, 'a second "A:" follows the answer of line 3; joined to it'],
      [6, 'empty answer: nothing follows the label'],
    ]);
  });

  it('flags an answer before any question, and unnamed people', () => {
    const parsed = parseTranscript('A: I will start.\nQ: Go on?\nA: Done.\n');
    expect(pairs(parsed)).toEqual([
      [null, '', null, 'I will start.'],
      [null, 'Go on?', null, 'Done.'],
    ]);
    expect(messages(parsed)).toEqual([
      [1, 'this answer has no question before it'],
      [
        1,
        '2 answer(s) do not say who gives them; name the interviewee with options.interviewee or label the answers',
      ],
      [2, '1 question(s) do not say who asks them; name the interviewer with options.interviewer'],
    ]);
  });

  it('keeps an unknown label as text and flags it', () => {
    const parsed = parseTranscript('Q: Who else is here?\nA: Just me.\nB: And me!\n', {
      interviewer: 'I',
      interviewee: 'E',
    });
    expect(parsed.entries[0].text).toBe('Just me.\n\nB: And me!');
    expect(messages(parsed)).toEqual([[3, 'unknown label "B:", kept as text of the turn above']]);
  });

  it('keeps a one-word "Label:" in a dialogue as text and flags it', () => {
    const parsed = parseTranscript(
      'Host: First question?\nGuest: Answer one.\nBitcoin: the best.\nHost: Second?\nGuest: Answer two.\n',
      {
        interviewer: 'Hal',
        interviewee: 'Gus',
      },
    );
    expect(parsed.entries[0].text).toBe('Answer one.\n\nBitcoin: the best.');
    expect(messages(parsed)).toEqual([
      [
        3,
        '"Bitcoin:" reads like a speaker label, but "Bitcoin" speaks nowhere else; kept as text (name them in the options if they speak)',
      ],
    ]);
  });

  it('keeps the interviewer’s closing words apart, not as an entry, and marks the guess', () => {
    const parsed = parseTranscript('Host: What now?\nGuest: Rest.\nHost: Thank you for your time.\n', {
      interviewer: 'Hal',
      interviewee: 'Gus',
    });
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.boilerplate).toEqual(['Thank you for your time.']);
    expect(parsed.decisions).toContainEqual(expect.objectContaining({ line: 3, kind: 'CLOSING_WORDS' }));
    expect(messages(parsed)).toEqual([]);
  });

  it('still flags a last question that has no answer', () => {
    const parsed = parseTranscript('Host: What now?\nGuest: Rest.\nHost: And after that?\n');
    expect(parsed.entries[1]).toMatchObject({ question: 'And after that?', text: '', answerLine: null });
  });

  it('warns when there is no title', () => {
    expect(parseTranscript('Q: a?\nA: b.').warnings).toContainEqual({
      line: null,
      message: 'no title: the first line does not read as one; give it with options.title',
    });
  });
});

describe('what stays text', () => {
  it('does not take a short closing word of an answer for a heading', () => {
    const parsed = parseTranscript(
      'Ann Lee: Ready?\nBo Chen: Yes.\nAbsolutely\nAnn Lee: Go?\nBo Chen: Go.\n',
    );
    expect(parsed.sections).toEqual([]);
    expect(parsed.entries[0].text).toBe('Yes.\n\nAbsolutely');
  });

  it('accepts statement-style numbered questions when the format is named', () => {
    const text = 'Intro line.\n1. Tell us about yourself.\nI am a builder.\n2. Describe your week.\nBusy.\n';
    expect(detectFormat(text)).toBe('NUMBERED');
    const parsed = parseTranscript(text, { format: 'NUMBERED' });
    expect(pairs(parsed)).toEqual([
      [null, 'Tell us about yourself.', null, 'I am a builder.'],
      [null, 'Describe your week.', null, 'Busy.'],
    ]);
    expect(parsed.intro).toBe('Intro line.');
  });

  it('does not repeat a first line equal to options.title in the intro', () => {
    const parsed = parseTranscript('My Title\nA short intro.\nQ: x?\nA: y.\n', { title: 'My title' });
    expect(parsed).toMatchObject({ title: 'My title', intro: 'A short intro.', summary: 'A short intro.' });
  });

  it('takes a numbered answer that follows its question without a blank line', () => {
    const text = '1. How?\nLike this.\n\n2. Why?\nBecause it\nworks.\n\n3. When?\nSoon.\n';
    expect(pairs(parseTranscript(text))).toEqual([
      [null, 'How?', null, 'Like this.'],
      [null, 'Why?', null, 'Because it\nworks.'],
      [null, 'When?', null, 'Soon.'],
    ]);
  });
});

describe('lists and footers in answers', () => {
  it('keeps recurring "Pros:" / "Cons:" list items in the answers', () => {
    const text =
      'Host: What do you think of stablecoins?\nGuest: Mixed feelings. In short:\nPros: they settle fast.\n' +
      'Cons: they concentrate risk.\nHost: And CBDCs?\nGuest: Same story:\nPros: they are safe.\nCons: they are slow.\n';
    const parsed = parseTranscript(text, { interviewer: 'Hal', interviewee: 'Gus' });
    expect(pairs(parsed)).toEqual([
      [
        'Hal',
        'What do you think of stablecoins?',
        'Gus',
        'Mixed feelings. In short:\n\nPros: they settle fast.\n\nCons: they concentrate risk.',
      ],
      ['Hal', 'And CBDCs?', 'Gus', 'Same story:\n\nPros: they are safe.\n\nCons: they are slow.'],
    ]);
    expect(messages(parsed)).toEqual([]);
  });

  it('takes the links an answer ends with for a footer', () => {
    const text =
      'Q: Where can people find you?\nA: Online, mostly.\nTwitter: https://twitter.com/x\nhttps://example.com\n';
    const parsed = parseTranscript(text, { interviewer: 'I', interviewee: 'E' });
    expect(parsed.entries[0].text).toBe('Online, mostly.');
    expect(parsed.boilerplate).toEqual(['Twitter: https://twitter.com/x\nhttps://example.com']);
  });
});

describe('language', () => {
  it('detects German from its little words, and the option wins over detection', () => {
    const text =
      'Q: Wie hat das angefangen?\nA: Es war nicht geplant, und wir wussten nicht, dass es so gross wird. Die Idee ist aber gut.\n';
    expect(parseTranscript(text).language).toBe('de');
    expect(parseTranscript(text, { language: 'de-CH' }).language).toBe('de-CH');
  });
});

describe('large input', () => {
  it('parses a transcript just under the size limit in reasonable time', () => {
    const turn = 'Ann Lee: What happened next, and why?\nBo Chen:\nA long answer. '.concat(
      'More words here. '.repeat(50),
      '\n',
    );
    const text = turn.repeat(Math.floor(MAX_TRANSCRIPT_BYTES / Buffer.byteLength(turn)));
    const started = Date.now();
    const parsed = parseTranscript(text);
    expect(parsed.entries.length).toBeGreaterThan(1000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('is not slowed down by long runs of quotes, colons or spaces', () => {
    const started = Date.now();
    for (const filler of ['”'.repeat(500_000), ':'.repeat(1_000_000), ' '.repeat(1_000_000)]) {
      expect(parseTranscript(`Q: Why?\nA: ${filler}x\n`).entries).toHaveLength(1);
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
