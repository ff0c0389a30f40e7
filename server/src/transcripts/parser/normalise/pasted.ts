/**
 * Text pasted from where it was formatted: HTML with its tags ("<p><strong>Ann:</strong> …</p>", as a
 * CMS's source view gives it), Markdown exports' escapes ("\*", "1\.", Google Docs) and quoted answers
 * ("> …", Notion), read as the plain Markdown the later steps understand. Words are never changed.
 */
import { decodeHTMLStrict } from 'entities';
import type { SourceLine } from '../lines';

const TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/giu;
const BLOCK_TAG = /^\s*<(?:p|h[1-6]|div|li|blockquote|strong|b)(?:\s[^<>]*)?>/iu;
const ESCAPE = /\\([\\`*_{}[\]()#+\-.!&>|~<"'=])/gu;
const QUOTE = /^\s{0,3}>\s?/u;

export function readPasted(lines: readonly SourceLine[]): SourceLine[] {
  const html = lines.filter((line) => BLOCK_TAG.test(line.text)).length >= 3;
  const quoted = lines.filter((line) => QUOTE.test(line.text)).length >= 2;
  return lines.map((line) => {
    let text = line.text;
    if (html) text = fromHtml(text);
    if (quoted) text = text.replace(QUOTE, '');
    text = text.replace(ESCAPE, '$1');
    return text === line.text ? line : { number: line.number, text };
  });
}

function fromHtml(text: string): string {
  const heading = /^\s*<h([1-6])(?:\s[^<>]*)?>/iu.exec(text);
  const marked = text
    .replace(/<\/?(?:strong|b)(?:\s[^<>]*)?>/giu, '**')
    .replace(/<\/?(?:em|i)(?:\s[^<>]*)?>/giu, '*')
    .replace(/<br\s*\/?>/giu, ' ')
    .replace(TAG, '');
  const decoded = decodeHTMLStrict(marked)
    .replace(/\u00A0/g, ' ')
    .trim();
  return heading ? `${'#'.repeat(Number(heading[1]))} ${decoded}` : decoded;
}
