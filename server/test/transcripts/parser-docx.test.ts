/**
 * Word documents as editors write them: a heading, a byline, a bio box (a table), questions in bold and
 * answers in plain paragraphs, headings between them, lists inside answers. The file is read to text as an
 * upload is (bold, headings and lists as Markdown), then parsed.
 */
import { parseTranscript } from '../../src/transcripts/parser';
import { fileText } from '../../src/transcripts/source-file';
import { roundTripProblems } from './helpers';
import {
  bioBox,
  bullet,
  image,
  numbered,
  paragraph,
  withFootnote,
  wordDocument,
} from '../../../test/support/word-document';

describe('Word documents with bold questions', () => {
  it.each([
    {
      language: 'English',
      body: [
        paragraph('The night baker: a conversation with Ilse Brandt', false, 'Heading1'),
        paragraph('By Marco Ferri'),
        bioBox('Ilse Brandt runs Nachtbrot, a bakery in Leipzig open from 2 a.m.'),
        paragraph('Why bake at night?', true),
        paragraph('Because the city is quiet and the ovens are cheaper to run.'),
        paragraph('Do you ever sleep?', true),
        paragraph('From ten in the morning until six.'),
        paragraph('What sells first?', true),
        paragraph('Rye. Always rye.'),
      ].join(''),
      questioner: 'Marco Ferri',
      speaker: 'Ilse Brandt',
      entries: [
        ['Why bake at night?', 'Because the city is quiet'],
        ['Do you ever sleep?', 'From ten in the morning'],
        ['What sells first?', 'Rye. Always rye.'],
      ],
    },
    {
      language: 'Chinese',
      body: [
        paragraph('专访｜纪录片导演唐宁：等一场雪用了三年', false, 'Heading1'),
        paragraph('采访、撰文：吴凡'),
        bioBox('唐宁，1988年生于哈尔滨，独立纪录片导演。'),
        paragraph('为什么拍雪？', true),
        paragraph('因为我小时候以为雪是永远不会停的。'),
        paragraph('拍摄最难的是什么？', true),
        paragraph('等。等天气，也等人。'),
        paragraph('下一部拍什么？', true),
        paragraph('拍海。'),
      ].join(''),
      questioner: '吴凡',
      speaker: '唐宁',
      entries: [
        ['为什么拍雪？', '因为我小时候以为雪'],
        ['拍摄最难的是什么？', '等。'],
        ['下一部拍什么？', '拍海。'],
      ],
    },
  ])(
    '$language: each bold question with the answer below it',
    async ({ body, questioner, speaker, entries }) => {
      const text = await fileText(await wordDocument(body), 'interview.docx');
      const options = { fileName: 'interview.docx' };
      const parsed = parseTranscript(text, options);
      expect(
        parsed.entries.map((entry, index) => [entry.question, entry.text.startsWith(entries[index][1])]),
      ).toEqual(entries.map(([question]) => [question, true]));
      expect(
        parsed.entries.every((entry) => entry.questioner === questioner && entry.speaker === speaker),
      ).toBe(true);
      expect(roundTripProblems(text, parsed, options)).toEqual([]);
    },
  );
});

describe('Word documents with bold questions that do not ask, headings and lists', () => {
  it.each([
    {
      language: 'English',
      body: [
        paragraph('The long table: a conversation with Ruth Okafor', false, 'Heading1'),
        paragraph('By James Whitfield'),
        bioBox('Ruth Okafor has run a supper club from her flat in Peckham since 2004.'),
        paragraph('Growing up', false, 'Heading2'),
        paragraph('Tell me about your childhood.', true),
        paragraph('I grew up above my parents’ shop in Enugu. Everyone ate together.'),
        paragraph('Describe the first supper club.', true),
        paragraph('Three things went wrong:'),
        bullet('I burnt the rice,'),
        bullet('the table collapsed,'),
        bullet('a guest brought his dog.'),
        paragraph('I did it again the next month anyway.'),
        paragraph('The table', false, 'Heading2'),
        paragraph('What keeps people coming back?', true),
        paragraph('You cannot hide at a long table.'),
        paragraph('Talk me through a typical evening', true),
        paragraph('Soup at eight, arguments by ten.'),
      ].join(''),
      questioner: 'James Whitfield',
      speaker: 'Ruth Okafor',
      sections: ['Growing up', 'The table'],
      entries: [
        ['Tell me about your childhood.', 'I grew up above', 'Growing up'],
        ['Describe the first supper club.', 'Three things went wrong:', 'Growing up'],
        ['What keeps people coming back?', 'You cannot hide', 'The table'],
        ['Talk me through a typical evening', 'Soup at eight', 'The table'],
      ],
      list: ['- I burnt the rice,', '- the table collapsed,', '- a guest brought his dog.'],
      after: 'I did it again the next month anyway.',
    },
    {
      language: 'Chinese',
      body: [
        paragraph('专访｜陶艺家周敏：泥土比人更有耐心', false, 'Heading1'),
        paragraph('采访、撰文：陈晓'),
        bioBox('周敏，1986年生于景德镇，陶艺家。'),
        paragraph('入行', false, 'Heading2'),
        paragraph('你为什么开始做这件事', true),
        paragraph('大学毕业后找不到工作，跟着舅舅在窑上帮忙。'),
        paragraph('说说你第一次烧坏一窑的经历。', true),
        paragraph('那一窑出了三个问题：'),
        bullet('温度太高，'),
        bullet('釉料太厚，'),
        bullet('窑门没关严。'),
        paragraph('我在窑口坐了一个下午。'),
        paragraph('现在', false, 'Heading2'),
        paragraph('现在的年轻人还愿意学吗？', true),
        paragraph('愿意的人比我想的多。'),
        paragraph('谈谈你接下来的计划', true),
        paragraph('开一个给孩子的工作室。'),
      ].join(''),
      questioner: '陈晓',
      speaker: '周敏',
      sections: ['入行', '现在'],
      entries: [
        ['你为什么开始做这件事', '大学毕业后', '入行'],
        ['说说你第一次烧坏一窑的经历。', '那一窑出了三个问题：', '入行'],
        ['现在的年轻人还愿意学吗？', '愿意的人', '现在'],
        ['谈谈你接下来的计划', '开一个', '现在'],
      ],
      list: ['- 温度太高，', '- 釉料太厚，', '- 窑门没关严。'],
      after: '我在窑口坐了一个下午。',
    },
  ])(
    '$language: bold paragraphs are the questions, headings the sections, a list stays in its answer',
    async ({ body, questioner, speaker, sections, entries, list, after }) => {
      const text = await fileText(await wordDocument(body), 'interview.docx');
      const options = { fileName: 'interview.docx' };
      const parsed = parseTranscript(text, options);
      expect(
        parsed.entries.map((entry, index) => [
          entry.question,
          entry.text.startsWith(entries[index][1]),
          entry.section,
        ]),
      ).toEqual(entries.map(([question, , section]) => [question, true, section]));
      expect(parsed.sections).toEqual(sections);
      expect(
        parsed.entries.every((entry) => entry.questioner === questioner && entry.speaker === speaker),
      ).toBe(true);
      const answer = parsed.entries[1].text.split('\n');
      expect(answer.slice(answer.indexOf(list[0]), answer.indexOf(list[0]) + 3)).toEqual(list);
      expect(answer[answer.length - 1]).toBe(after);
      expect(roundTripProblems(text, parsed, options)).toEqual([]);
    },
  );
});

describe('Word documents with photos and footnotes', () => {
  it('drops a photo, keeps its caption and the footnotes apart from the answers', async () => {
    const body = [
      paragraph('Salt and patience: a conversation with Hugo Bertrand', false, 'Heading1'),
      paragraph('By Alice Moreno'),
      image('Hugo Bertrand in his cellar'),
      paragraph('Photo: Lea Vidal'),
      paragraph('How did you learn the trade?', true),
      withFootnote('From my uncle, at the old dairy in Mouthe.', 1),
      paragraph('Tell me what has changed since then.', true),
      paragraph('The milk. The cows eat differently.'),
    ].join('');
    const text = await fileText(await wordDocument(body, ['The dairy closed in 2011.']), 'interview.docx');
    expect(text).not.toContain('Hugo Bertrand in his cellar');
    const options = { fileName: 'interview.docx' };
    const parsed = parseTranscript(text, options);
    expect(parsed.entries.map((entry) => [entry.question, entry.text])).toEqual([
      ['How did you learn the trade?', 'From my uncle, at the old dairy in Mouthe.[^1]'],
      ['Tell me what has changed since then.', 'The milk. The cows eat differently.'],
    ]);
    expect(parsed.boilerplate).toEqual(
      expect.arrayContaining(['Photo: Lea Vidal', '[^1]: The dairy closed in 2011.']),
    );
    expect(roundTripProblems(text, parsed, options)).toEqual([]);
  });
});

describe('Word documents with numbered bold questions', () => {
  it('numbers the questions on across the answers that interrupt their list', async () => {
    const body = [
      paragraph('Salt and patience: a conversation with Hugo Bertrand', false, 'Heading1'),
      paragraph('By Alice Moreno'),
      numbered('How did you learn the trade?'),
      paragraph('From my uncle. He taught me two things:'),
      bullet('patience,'),
      bullet('salt.'),
      numbered('Tell me what has changed since then.'),
      paragraph('The milk.'),
      numbered('Will your children take over?'),
      paragraph('My daughter, maybe.'),
    ].join('');
    const text = await fileText(await wordDocument(body), 'interview.docx');
    const options = { fileName: 'interview.docx' };
    const parsed = parseTranscript(text, options);
    expect(parsed.entries.map((entry) => [entry.question, entry.speaker])).toEqual([
      ['How did you learn the trade?', 'Hugo Bertrand'],
      ['Tell me what has changed since then.', 'Hugo Bertrand'],
      ['Will your children take over?', 'Hugo Bertrand'],
    ]);
    expect(parsed.entries[0].text).toBe('From my uncle. He taught me two things:\n\n- patience,\n- salt.');
    expect(roundTripProblems(text, parsed, options)).toEqual([]);
  });
});
