import { detectFormat, parseTranscript } from '../../src/transcripts/parser';
import { readFixture } from './helpers';

describe('QA transcript with a header naming the people (qa-header.txt)', () => {
  const text = readFixture('qa-header.txt');
  const parsed = parseTranscript(text);

  it('takes title, people and their title/organisation from the header', () => {
    expect(detectFormat(text)).toBe('QA');
    expect(parsed).toMatchObject({
      format: 'QA',
      title: 'Rates, Risk and the Road Ahead',
      publisher: null,
      language: 'en',
    });
    expect(parsed.speakers).toEqual([
      { name: 'Maria Keller', role: 'INTERVIEWER', title: null, organization: null },
      {
        name: 'Daniel Okafor',
        role: 'INTERVIEWEE',
        title: 'Chief Economist',
        organization: 'Northbridge Bank',
      },
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('keeps the intro with its wrapped lines as written', () => {
    expect(parsed.intro).toBe(
      'Daniel Okafor has spent twenty years watching central banks. We met him\n' +
        'in London the week after the rate decision to talk about inflation,\n' +
        'housing and what comes next.',
    );
  });

  it('reads "Q:" and "Q." alike, with multi-paragraph questions and answers', () => {
    expect(parsed.entries.map((entry) => [entry.questionLine, entry.answerLine])).toEqual([
      [10, 12],
      [18, 22],
      [30, 32],
      [37, 39],
    ]);
    expect(parsed.entries[0].text).toBe(
      'Not really. The signals had been there for months, and the\ncommittee had all but told us what it would do.\n\n' +
        'What surprised me was the tone of the statement, which was far more\ncautious than I expected.',
    );
    expect(parsed.entries[1].question).toBe(
      'You have said the housing market is the “canary in the coal mine”.\n\nWhat do you mean by that, and what are you watching now?',
    );
    for (const entry of parsed.entries) {
      expect(entry).toMatchObject({ questioner: 'Maria Keller', speaker: 'Daniel Okafor', section: null });
    }
  });

  it('keeps numbered and bulleted lists inside their answers', () => {
    expect(parsed.entries[1].text.split('\n\n')).toEqual([
      'Three things, in this order:',
      '1. Mortgage approvals, which lead prices by about six months.\n' +
        '2. The share of fixed-rate deals rolling off this year.\n' +
        '3. Rents — because they feed straight into the inflation figures.',
      'If all three turn at once, we should worry.',
    ]);
    expect(parsed.entries[2].text).toBe(
      'Savers have had a good year, honestly. My advice:\n- keep an emergency fund in cash;\n' +
        '- lock in a fixed rate for part of the rest;\n- don’t chase last year’s winners.',
    );
  });

  it('keeps the header, the disclaimer and the "thanks for reading" note out of the last answer', () => {
    expect(parsed.entries[3].text).toBe(
      'Cautiously. “Cautiously optimistic” is an economist’s favourite phrase,\nbut this time I mean it.',
    );
    expect(parsed.boilerplate).toEqual([
      'Interviewer: Maria Keller\nGuest: Daniel Okafor, Chief Economist of Northbridge Bank',
      'Disclaimer: This interview is for information only and does not\nconstitute investment advice.',
      'Thanks for reading. Subscribe to our newsletter for more conversations.',
    ]);
  });
});

describe('dialogue with a panel (dialogue-panel.txt)', () => {
  const text = readFixture('dialogue-panel.txt');
  const parsed = parseTranscript(text);

  it('finds the moderator and the three panellists, and not the byline', () => {
    expect(detectFormat(text)).toBe('DIALOGUE');
    expect(parsed.title).toBe('Stablecoins at the Crossroads: A Panel Discussion');
    expect(parsed.speakers.map(({ name, role }) => `${role} ${name}`)).toEqual([
      'INTERVIEWER Lena Fischer',
      'INTERVIEWEE Tom Baker',
      'INTERVIEWEE Aiko Tanaka',
      'INTERVIEWEE Ravi Menon',
    ]);
    expect(parsed.boilerplate[0]).toBe('Written by: Jane Roe');
    expect(parsed.warnings).toEqual([]);
  });

  it('gives one entry per panellist, each carrying the same question', () => {
    const first = parsed.entries.filter((entry) => entry.questionLine === 7);
    expect(first.map((entry) => entry.speaker)).toEqual(['Tom Baker', 'Aiko Tanaka', 'Ravi Menon']);
    expect(new Set(first.map((entry) => entry.question))).toEqual(
      new Set([
        'Let me start with the question everyone here is asking. Why are stablecoins suddenly on every bank’s agenda?',
      ]),
    );
    expect(parsed.entries.map((entry) => entry.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parsed.entries[0].text).toBe(
      'Because the numbers got too big to ignore. Settlement volume passed that of some card networks last year.\n\n' +
        'And regulators finally gave us a framework to work with.',
    );
  });

  it('reads headings with colons as sections, not speakers', () => {
    expect(parsed.sections).toEqual(['Part One: Why Stablecoins Now', 'Looking Ahead: Risks and Rewards']);
    expect(parsed.entries.map((entry) => entry.section)).toEqual([
      ...Array<string>(4).fill('Part One: Why Stablecoins Now'),
      ...Array<string>(3).fill('Looking Ahead: Risks and Rewards'),
    ]);
    expect(parsed.entries[3].text).toBe('It has, mostly. Clarity is worth more than leniency.');
  });

  it('keeps a "Term: definition" list in the answer', () => {
    expect(parsed.entries[2].text.split('\n\n').slice(1)).toEqual([
      'Three numbers tell the story:',
      'Average Fee: 6.2% of the amount sent.',
      'Settlement Time: two to five days.',
      'Failed Payments: about one in twenty.',
    ]);
  });

  it('keeps the intro and moves the "Follow us" footer to the boilerplate', () => {
    expect(parsed.intro.split('\n\n')).toHaveLength(2);
    expect(parsed.intro).not.toContain('Introduction');
    expect(parsed.entries[6].text).toBe('Honestly? Complacency. Everything works until it doesn’t.');
    expect(parsed.boilerplate[1]).toBe(
      'Follow us\nTwitter: https://twitter.com/example\nWebsite: https://example.com',
    );
  });
});

describe('Chinese dialogue with full-width colons (dialogue-chinese.txt)', () => {
  const text = readFixture('dialogue-chinese.txt');
  const parsed = parseTranscript(text);

  it('detects the language and takes the people from the header', () => {
    expect(detectFormat(text)).toBe('DIALOGUE');
    expect(parsed).toMatchObject({ language: 'zh', title: '对话王磊：交易所的下一个十年' });
    expect(parsed.speakers).toEqual([
      { name: '李娜', role: 'INTERVIEWER', title: null, organization: null },
      { name: '王磊', role: 'INTERVIEWEE', title: '港湾交易所华语区负责人', organization: null },
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('keeps the text byte for byte, typographic quotes included', () => {
    expect(parsed.intro).toBe(
      '在加密行业，很少有人像王磊这样坚持“长期主义”。\n\n本期我们与他聊了聊团队、产品和行业的未来。',
    );
    expect(parsed.entries.map(({ question, text: answer }) => [question, answer])).toEqual([
      [
        '你还记得刚入行时的情形吗？',
        '记得很清楚。那是2018年，市场很冷，我们只有十几个人。\n\n但大家都相信这件事值得做。',
      ],
      [
        '当时最大的困难是什么？',
        '是信任。用户不相信一个新平台，我们只能一点一点去赢得。\n\n我们当时做了三件事：\n\n第一，公开储备证明；\n\n第二，客服二十四小时在线；\n\n第三，每周发布运营报告。',
      ],
      ['你怎么看接下来的市场？', '我对长期很乐观，短期的波动不代表什么。“熊市”往往是最好的建设期。'],
    ]);
  });

  it('reads the numbered Chinese headings as sections', () => {
    expect(parsed.sections).toEqual(['一、从零开始', '二、未来展望']);
    expect(parsed.entries.map((entry) => entry.section)).toEqual([
      '一、从零开始',
      '一、从零开始',
      '二、未来展望',
    ]);
  });

  it('keeps the byline and header, 免责声明 and 风险提示 apart', () => {
    expect(parsed.boilerplate).toEqual([
      '作者：深潮 TechFlow\n主持人：李娜\n嘉宾：王磊，港湾交易所华语区负责人',
      '免责声明：本文仅代表作者个人观点，不构成任何投资建议。',
      '风险提示：加密资产价格波动较大，请谨慎投资。',
    ]);
  });
});

describe('numbered transcript with CRLF line endings (numbered-crlf.txt)', () => {
  const text = readFixture('numbered-crlf.txt');
  const options = { interviewer: 'Alex Morgan', interviewee: 'Sofia Reyes, Founder of Lumen Labs' };
  const parsed = parseTranscript(text, options);

  it('is a CRLF file, and nothing of the CR reaches the result', () => {
    expect(text).toContain('\r\n');
    expect(JSON.stringify(parsed)).not.toContain('\\r');
    expect(detectFormat(text)).toBe('NUMBERED');
  });

  it('takes title, byline and people apart', () => {
    expect(parsed.title).toBe('Building in a Bear Market: Five Questions for Sofia Reyes');
    expect(parsed.intro).toBe(
      'Sofia Reyes founded Lumen Labs in 2019. We asked her how a small team survives a long downturn.',
    );
    expect(parsed.speakers).toEqual([
      { name: 'Alex Morgan', role: 'INTERVIEWER', title: null, organization: null },
      { name: 'Sofia Reyes', role: 'INTERVIEWEE', title: 'Founder', organization: 'Lumen Labs' },
    ]);
    expect(parsed.boilerplate).toEqual([
      'By Alex Morgan',
      'Thank you for reading. Follow us for more founder interviews.',
    ]);
  });

  it('keeps the numbered list of answer 2 in it, though its items are numbered 1–3', () => {
    expect(parsed.entries.map((entry) => entry.questionLine)).toEqual([8, 12, 24, 30, 35]);
    expect(parsed.entries[1].text).toBe(
      'Almost everything went wrong. We recovered by doing three things:\n\n' +
        '1. We cut our burn by half within a month.\n2. We talked to every remaining customer, one by one.\n' +
        '3. We shipped one feature a week, no matter how small.\n\nThe third one mattered most.',
    );
    expect(parsed.entries[2].question).toBe('What does a typical week look like for you now?');
  });

  it('reads a question of two paragraphs as one question', () => {
    expect(parsed.entries[1].question).toBe(
      'You have said the first year nearly broke the company.\n\nWhat went wrong, and how did you recover?',
    );
    expect(parsed.entries[1].answerLine).toBe(16);
  });

  it('opens sections at the headings and warns about the numbering gap', () => {
    expect(parsed.sections).toEqual(['Getting Started', 'The Road Ahead']);
    expect(parsed.entries.map((entry) => entry.section)).toEqual([
      'Getting Started',
      'Getting Started',
      'Getting Started',
      'The Road Ahead',
      'The Road Ahead',
    ]);
    expect(parsed.warnings).toEqual([
      { line: 35, message: 'numbering gap: question 4 is followed by 6; 5 is missing' },
    ]);
  });

  it('parses the same as the LF version of the text', () => {
    expect(parseTranscript(text.replace(/\r\n/g, '\n'), options)).toEqual(parsed);
  });
});

describe('HTML pasted from a CMS source view', () => {
  const html = [
    '<h1>Caf&eacute; Society</h1>',
    '<p><strong>Lena Voss:</strong> Why open a caf&eacute; in 2024?</p>',
    '<p><strong>Omar Haddad:</strong> Because the street had none&nbsp;&mdash; and rent was &pound;900.</p>',
    '<p><strong>Lena Voss:</strong> What comes next?</p>',
    '<p><strong>Omar Haddad:</strong> A second room &amp; a terrace.</p>',
    '<p>&copy; 2024 Caf&eacute; Quarterly. All rights reserved.</p>',
  ].join('\n');
  const parsed = parseTranscript(html);

  it('reads every named and numbered entity as the character it stands for', () => {
    expect(parsed.title).toBe('Café Society');
    expect(parsed.entries.map((entry) => [entry.question, entry.text])).toEqual([
      ['Why open a café in 2024?', 'Because the street had none — and rent was £900.'],
      ['What comes next?', 'A second room & a terrace.'],
    ]);
  });

  it('recognises the copyright line once its entity is read, and keeps it apart', () => {
    expect(parsed.boilerplate).toEqual(['© 2024 Café Quarterly. All rights reserved.']);
  });
});
