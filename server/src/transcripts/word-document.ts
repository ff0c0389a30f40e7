/**
 * A Word document as the Markdown the parser reads and the interview keeps as its source: each paragraph
 * a line with a blank line after it, bold as "**…**", italics as "*…*", headings as "#"…"######", list
 * items as "- …"/"1. …" on consecutive lines, a table's paragraphs (a bio box) as plain paragraphs and
 * footnotes as Markdown's "[^1]: …" at the end. Images are dropped; their captions are paragraphs and stay.
 * mammoth reads the document as HTML and turndown writes that as Markdown, with the rules below.
 */
import mammoth from 'mammoth';
import TurndownService from 'turndown';

/** The little of a DOM element the rules read (the server's TypeScript has no DOM library). */
interface DomElement {
  nodeName: string;
  parentNode: DomElement | null;
  children: ArrayLike<unknown>;
  getAttribute(name: string): string | null;
}

/** A paragraph bold but for its closing punctuation ("**Why now**?") is a bold paragraph. */
const BOLD_BUT_PUNCTUATION = /^\*\*((?:(?!\*\*).)+)\*\*(\s*[.?!:。？！：…]+)$/u;
/** A line of a list inside a list item: its item or an indented line of one. */
const NESTED = /\n(?=\s|[-*+] |\d+\. )/gu;
const FOOTNOTE = /^#(?:footnote|endnote)-(ref-)?(\d+)$/u;

export async function wordDocumentText(bytes: Buffer): Promise<string> {
  const { value } = await mammoth.convertToHtml(
    { buffer: bytes },
    { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
  );
  return htmlAsMarkdown(value);
}

/** mammoth's HTML as Markdown lines. */
export function htmlAsMarkdown(html: string): string {
  const service = new TurndownService({
    headingStyle: 'atx',
    bulletListMarker: '-',
    emDelimiter: '*',
    strongDelimiter: '**',
  });
  // The source reads as a Markdown paste, not as Markdown escaped for a renderer.
  service.escape = (text) => text;
  /** The number of the last numbered list's only item: mammoth splits a list its items' answers interrupt. */
  let loneNumber = 0;
  service
    .addRule('image', { filter: 'img', replacement: () => '' })
    .addRule('link', { filter: 'a', replacement: (content) => content })
    .addRule('footnote', {
      // A footnote's reference as Markdown's "[^1]"; the "↑" back from the footnote to it goes.
      filter: (node) => dom(node).nodeName === 'A' && FOOTNOTE.test(dom(node).getAttribute('href') ?? ''),
      replacement: (_content, node) => {
        const [, back, number] = FOOTNOTE.exec(dom(node).getAttribute('href') ?? '') ?? [];
        return back ? '' : `[^${number}]`;
      },
    })
    .addRule('emphasis', {
      filter: ['em', 'i'],
      // Italics broken by a line break close before it and open again after it.
      replacement: (content) => content.split('\n').map(marked('*')).join('\n'),
    })
    .addRule('plain', {
      // No Markdown marks inside a heading or a table: its bold is not the document's structure.
      filter: (node) =>
        ['STRONG', 'B', 'EM', 'I'].includes(dom(node).nodeName) && within(node, ['TABLE', ...HEADINGS]),
      replacement: (content) => content,
    })
    .addRule('lineBreak', {
      filter: 'br',
      // A bold paragraph (or a heading, a bio box) broken for its layout is still one line.
      replacement: (_content, node) => (within(node, ['STRONG', 'B', 'TABLE', ...HEADINGS]) ? ' ' : '\n'),
    })
    .addRule('heading', {
      filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
      replacement: (content, node) => {
        const marks = within(node, ['TABLE']) ? '' : `${'#'.repeat(Number(dom(node).nodeName.charAt(1)))} `;
        return `\n\n${marks}${content.trim()}\n\n`;
      },
    })
    .addRule('paragraph', {
      filter: 'p',
      replacement: (content) => `\n\n${boldParagraph(content)}\n\n`,
    })
    .addRule('listItem', {
      filter: 'li',
      replacement: (content, node) => {
        const item = dom(node);
        const note = /^(?:footnote|endnote)-(\d+)$/u.exec(item.getAttribute('id') ?? '');
        let prefix = '- ';
        if (note) prefix = `[^${note[1]}]: `;
        else if (item.parentNode?.nodeName === 'OL') prefix = `${itemNumber(item)}. `;
        // Its paragraphs on consecutive lines, its own lists (their items' lines) indented under it.
        const lines = boldParagraph(content.replace(/^\n+|\n+$/gu, '').replace(/\n{2,}/gu, '\n'), false);
        return `${prefix}${lines.replace(NESTED, `\n${' '.repeat(prefix.length)}`)}\n`;
      },
    });
  return `${service.turndown(html).replace(/[ \t]+$/gmu, '')}\n`;

  /** "1. **Why?**", its answer, "2. **How?**": lists of one item each go on with the numbering. */
  function itemNumber(item: DomElement): number {
    const list = item.parentNode;
    const index = Array.prototype.indexOf.call(list?.children ?? [], item);
    const lone = list?.children.length === 1 && !within(list, ['LI']);
    return lone ? ++loneNumber : Number(list?.getAttribute('start') ?? 1) + index;
  }
}

const HEADINGS = ['H1', 'H2', 'H3', 'H4', 'H5', 'H6'];

function dom(node: unknown): DomElement {
  return node as DomElement;
}

function within(node: unknown, names: string[]): boolean {
  for (let parent = dom(node).parentNode; parent; parent = parent.parentNode) {
    if (names.includes(parent.nodeName)) return true;
  }
  return false;
}

/** Wraps a line's text in `marker`, the spaces around it kept outside. */
function marked(marker: string): (line: string) => string {
  return (line) =>
    line.replace(/^(\s*)(.*?)(\s*)$/u, (_, lead: string, text: string, trail: string) =>
      text ? `${lead}${marker}${text}${marker}${trail}` : `${lead}${trail}`,
    );
}

/** Each line trimmed (at its end only in a list item, whose lists are indented) and made bold whole. */
function boldParagraph(content: string, trim = true): string {
  return content
    .split('\n')
    .map((line) => (trim ? line.trim() : line.trimEnd()).replace(BOLD_BUT_PUNCTUATION, '**$1$2**'))
    .join('\n');
}
