/**
 * Word documents as editors write them: a heading, a byline, a bio box (a table), questions in bold and
 * answers in plain paragraphs. The file is read to text as an upload is (the bold is lost), then parsed.
 */
import JSZip from 'jszip';
import { parseTranscript } from '../../src/transcripts/parser';
import { fileText } from '../../src/transcripts/source-file';
import { roundTripProblems } from './helpers';

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const run = (text: string, bold = false): string =>
  `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${escape(text)}</w:t></w:r>`;
const paragraph = (text: string, bold = false, style?: string): string =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}${run(text, bold)}</w:p>`;

async function wordDocument(body: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

const bioBox = (text: string): string => `<w:tbl><w:tr><w:tc>${paragraph(text)}</w:tc></w:tr></w:tbl>`;

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
