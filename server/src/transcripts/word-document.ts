/**
 * A Word document as the Markdown the parser reads and the interview keeps as its source: each paragraph
 * a line with a blank line after it, bold as "**…**", italics as "*…*", headings as "#"…"######", list
 * items as "- …"/"1. …" on consecutive lines, a table's paragraphs (a bio box) as plain paragraphs and
 * footnotes as Markdown's "[^1]: …" at the end. Images are dropped; their captions are paragraphs and stay.
 */
import mammoth from 'mammoth';

const TOKEN = /<(\/?)([a-z][a-z0-9]*)([^<>]*)>|([^<]+)/giu;
const ENTITY = /&(?:#(\d{1,6})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos));/giu;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const INLINE_MARKS: Record<string, string> = { strong: '**', b: '**', em: '*', i: '*' };
/** A paragraph bold but for its closing punctuation ("**Why now**?") is a bold paragraph. */
const BOLD_BUT_PUNCTUATION = /^\*\*((?:(?!\*\*).)+)\*\*(\s*[.?!:。？！：…]+)$/u;

interface Block {
  prefix: string;
  text: string;
  /** The list an item is in (0 for a paragraph): its items follow each other without a blank line. */
  list: number;
  /** No Markdown marks: a heading's bold or a table cell's is not the document's structure. */
  plain: boolean;
}

interface Mark {
  marker: string;
  /** Written only once text follows, so "<strong> </strong>" leaves nothing and spaces stay outside. */
  written: boolean;
}

export async function wordDocumentText(bytes: Buffer): Promise<string> {
  const { value } = await mammoth.convertToHtml(
    { buffer: bytes },
    { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
  );
  return htmlAsMarkdown(value);
}

/** mammoth's HTML (a small, well-nested set of tags) as Markdown lines. */
export function htmlAsMarkdown(html: string): string {
  const writer = new MarkdownWriter();
  for (const [, closing, name, attributes, text] of html.matchAll(TOKEN)) {
    if (text !== undefined) writer.text(text.replace(ENTITY, decode));
    else writer.tag(name.toLowerCase(), closing === '/', attributes);
  }
  return writer.markdown();
}

class MarkdownWriter {
  private readonly blocks: Block[] = [];
  private readonly lists: Array<{ ordered: boolean; count: number; item: Block | null }> = [];
  /** The number of the last numbered list's only item: mammoth splits a list its items' answers interrupt. */
  private loneNumber = 0;
  private listCount = 0;
  private marks: Mark[] = [];
  private block: Block | null = null;
  private tables = 0;
  private skipping = 0;
  private readonly anchors: boolean[] = [];

  text(text: string): void {
    if (this.skipping > 0) return;
    const block = this.block ?? this.start('');
    const leading = /^\s*/u.exec(text)?.[0] ?? '';
    block.text += leading;
    if (leading.length === text.length) return;
    for (const mark of this.marks) {
      if (!mark.written && !block.plain) block.text += mark.marker;
      mark.written = !block.plain;
    }
    block.text += text.slice(leading.length);
  }

  tag(name: string, closing: boolean, attributes: string): void {
    const heading = /^h([1-6])$/u.exec(name);
    if (name === 'a') {
      // A footnote's reference as Markdown's "[^1]"; the "↑" back from the footnote to it goes.
      const note = closing ? null : /href="#(?:footnote|endnote)-(ref-)?(\d+)"/u.exec(attributes);
      if (note && !note[1]) this.text(`[^${note[2]}]`);
      const skip = closing ? this.anchors.pop() === true : note !== null;
      if (!closing) this.anchors.push(skip);
      if (skip) this.skipping += closing ? -1 : 1;
    } else if (INLINE_MARKS[name]) {
      if (!closing) this.marks.push({ marker: INLINE_MARKS[name], written: false });
      else this.closeMarks(this.marks.length - 1, true);
    } else if (name === 'br' && this.block) {
      // A bold paragraph broken for its layout is still one question or heading.
      const bold = this.marks.some((mark) => mark.marker === '**');
      if (bold || this.block.plain) this.block.text += ' ';
      else this.closeMarks(0, false);
      if (!bold && !this.block.plain) this.block.text += '\n';
    } else if (name === 'ul' || name === 'ol') {
      this.end();
      const list = closing ? this.lists.pop() : undefined;
      if (!closing && this.lists.length === 0) this.listCount++;
      if (!closing) this.lists.push({ ordered: name === 'ol', count: 0, item: null });
      else if (list?.ordered && this.lists.length === 0) this.continueNumbering(list.count, list.item);
    } else if (name === 'li') {
      if (closing) this.end();
      else this.startItem(attributes);
    } else if (name === 'p' || heading) {
      const list = this.block?.list ?? 0;
      if (closing) {
        if (list === 0) this.end();
      } else if (list === 0 || this.block?.text.trim()) {
        const marks = heading && this.tables === 0 ? `${'#'.repeat(Number(heading[1]))} ` : '';
        this.start(marks, list, heading !== null);
      }
    } else if (name === 'table') {
      this.end();
      this.tables += closing ? -1 : 1;
    }
  }

  markdown(): string {
    this.end();
    const blocks = this.blocks;
    return blocks
      .map((block, index) => {
        const lines = block.text
          .trim()
          .split('\n')
          .map((line) => line.trim().replace(BOLD_BUT_PUNCTUATION, '**$1$2**'));
        const tight = block.list > 0 && block.list === blocks[index - 1]?.list;
        const separator = index === 0 ? '' : tight ? '\n' : '\n\n';
        return `${separator}${block.prefix}${lines.join('\n')}`;
      })
      .join('')
      .concat('\n');
  }

  private startItem(attributes: string): void {
    const list = this.lists[this.lists.length - 1] ?? { ordered: false, count: 0, item: null };
    list.count++;
    const note = /id="(?:footnote|endnote)-(\d+)"/u.exec(attributes);
    const indent = '  '.repeat(Math.max(0, this.lists.length - 1));
    list.item = this.start(
      note ? `[^${note[1]}]: ` : `${indent}${list.ordered ? `${list.count}.` : '-'} `,
      this.listCount,
    );
  }

  /** "1. **Why?**", its answer, "2. **How?**": lists of one item each go on with the numbering. */
  private continueNumbering(count: number, item: Block | null): void {
    if (count !== 1 || !item || item.prefix.startsWith('[^')) return;
    this.loneNumber++;
    item.prefix = `${this.loneNumber}. `;
  }

  private start(prefix: string, list = 0, heading = false): Block {
    this.end();
    this.block = { prefix, text: '', list, plain: heading || this.tables > 0 };
    return this.block;
  }

  private end(): void {
    if (this.block?.text.trim()) this.blocks.push(this.block);
    this.block = null;
    this.marks = [];
  }

  /** Closes the marks from `from` on, spaces kept outside them; `drop` forgets them (their tags closed). */
  private closeMarks(from: number, drop: boolean): void {
    const block = this.block;
    for (const mark of this.marks.slice(from).reverse()) {
      if (!mark.written || !block) continue;
      const trailing = /\s*$/u.exec(block.text)?.[0] ?? '';
      block.text = `${block.text.trimEnd()}${mark.marker}${trailing}`;
      mark.written = false;
    }
    if (drop) this.marks = this.marks.slice(0, from);
  }
}

function decode(entity: string, decimal?: string, hex?: string, name?: string): string {
  if (decimal) return String.fromCodePoint(Number(decimal));
  if (hex) return String.fromCodePoint(parseInt(hex, 16));
  return NAMED[(name ?? '').toLowerCase()] ?? entity;
}
