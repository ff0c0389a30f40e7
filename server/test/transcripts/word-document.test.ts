/**
 * The Markdown written for the HTML mammoth reads a Word document as: what the .docx tests reach only
 * through the parser, pinned line by line.
 */
import { htmlAsMarkdown } from '../../src/transcripts/word-document';

describe('a Word document’s HTML as Markdown', () => {
  it.each([
    {
      what: 'a bold paragraph but for its closing punctuation, broken for its layout',
      html: '<p><strong>Why now</strong>?</p><p><strong>And what<br />comes next</strong>?</p><p>Because.</p>',
      markdown: '**Why now?**\n\n**And what comes next?**\n\nBecause.\n',
    },
    {
      what: 'italics on both sides of a line break, spaces kept outside the marks',
      html: '<p>She said <em>no<br />never </em>again.</p>',
      markdown: 'She said *no*\n*never* again.\n',
    },
    {
      what: 'punctuation left as written, links as their text',
      html: '<p>[Ana spoke from Reading.] 5 * 3 = 15, snake_case &amp; <a href="https://example.org">a link</a></p>',
      markdown: '[Ana spoke from Reading.] 5 * 3 = 15, snake_case & a link\n',
    },
    {
      what: 'a heading and a bio box without marks',
      html: '<h2><strong>Growing up</strong></h2><table><tr><td><h3>About</h3><p><strong>Ruth</strong> cooks.</p></td></tr></table>',
      markdown: '## Growing up\n\nAbout\n\nRuth cooks.\n',
    },
    {
      what: 'a list inside a list item indented under it',
      html: '<ul><li>rice<ul><li>burnt</li></ul></li><li>dog</li></ul>',
      markdown: '- rice\n  - burnt\n- dog\n',
    },
  ])('$what', ({ html, markdown }) => {
    expect(htmlAsMarkdown(html)).toBe(markdown);
  });
});
