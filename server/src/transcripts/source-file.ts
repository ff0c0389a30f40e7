/**
 * A transcript as a file: its text, or its bytes in base64 with its name. Word documents (.docx) are
 * read to Markdown with mammoth (paragraphs as lines, a blank line between them, bold and headings
 * kept); any other file is UTF-8 text, and captions (.vtt, .srt) are read by the parser itself.
 */
import { badUserInput } from '../shared/errors';
import { MAX_TRANSCRIPT_BYTES } from './parser';
import { wordDocumentText } from './word-document';

export interface TranscriptFile {
  text?: string | null;
  /** The file's bytes in base64, instead of `text`. */
  contentBase64?: string | null;
  fileName?: string | null;
}

/** Extensions the importer reads: transcripts, and the service's own JSON export. */
export const TRANSCRIPT_FILE_EXTENSIONS = [
  '.txt',
  '.md',
  '.markdown',
  '.vtt',
  '.srt',
  '.docx',
  '.json',
] as const;

/** A file (a .docx with its images, say) may be larger than the text it holds. */
export const MAX_TRANSCRIPT_FILE_BYTES = 4 * MAX_TRANSCRIPT_BYTES;
export const MAX_TRANSCRIPT_FILE_BASE64_LENGTH = Math.ceil(MAX_TRANSCRIPT_FILE_BYTES / 3) * 4;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function isDocx(fileName: string | null | undefined, bytes: Buffer): boolean {
  return /\.docx$/i.test(fileName ?? '') || bytes.subarray(0, 4).equals(ZIP_MAGIC);
}

/** The transcript's text; BAD_USER_INPUT naming the field when the content cannot be read. */
export async function transcriptText(file: TranscriptFile): Promise<string> {
  const base64 = file.contentBase64?.trim();
  if (!base64) return file.text ?? '';
  if (file.text) throw badUserInput('text', 'give the text or options.contentBase64, not both');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(base64.replace(/\s+/g, ''))) {
    throw badUserInput('options.contentBase64', 'is not base64');
  }
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_TRANSCRIPT_FILE_BYTES) {
    throw badUserInput('options.contentBase64', `the file is larger than ${MAX_TRANSCRIPT_FILE_BYTES} bytes`);
  }
  return isDocx(file.fileName, bytes) ? docxText(bytes) : bytes.toString('utf8');
}

/** A file read from disk (the CLI): .docx through mammoth, anything else as UTF-8. */
export async function fileText(bytes: Buffer, fileName: string): Promise<string> {
  return isDocx(fileName, bytes) ? docxText(bytes) : bytes.toString('utf8');
}

async function docxText(bytes: Buffer): Promise<string> {
  try {
    return await wordDocumentText(bytes);
  } catch (error) {
    throw badUserInput(
      'options.contentBase64',
      `not a Word document mammoth can read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
