import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { TranscriptFormat, TranscriptOptions } from '../transcripts/parser';
import { describeTranscript } from '../transcripts/summary';
import { parseForImport } from '../transcripts/import.service';
import { fileText, TRANSCRIPT_FILE_EXTENSIONS } from '../transcripts/source-file';
import { openCli, runCli } from './bootstrap';

const USAGE = `Usage: npm run import -- FILE|FOLDER [options]

Imports transcript files (.txt, .md, .vtt, .srt, .docx; a folder: every such file in it) as interviews.

Options:
  --format NUMBERED|DIALOGUE|QA   the transcript's format (detected when omitted)
  --title TEXT                    the interview's title (default: taken from the text)
  --publisher NAME                who published it
  --interviewer NAME              who asks, when the text does not say
  --interviewee NAME              who answers, when the text does not say
  --language TAG                  e.g. en, zh (detected when omitted)
  --publish                       publish at once (default: draft)
  --dry-run                       only print what would be imported
  --help                          this text`;

const FORMATS: readonly TranscriptFormat[] = ['NUMBERED', 'DIALOGUE', 'QA'];

async function filesOf(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new Error(`no such file or folder: ${path}`);
  if (!info.isDirectory()) return [path];
  return (await readdir(path))
    .filter((name) => TRANSCRIPT_FILE_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension)))
    .sort()
    .map((name) => join(path, name));
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      title: { type: 'string' },
      publisher: { type: 'string' },
      interviewer: { type: 'string' },
      interviewee: { type: 'string' },
      language: { type: 'string' },
      publish: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const format = values.format?.toUpperCase();
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    process.stderr.write(`--format must be one of ${FORMATS.join(', ')}\n`);
    return 2;
  }
  const options: TranscriptOptions = {
    format: format as TranscriptFormat | undefined,
    title: values.title,
    publisher: values.publisher,
    interviewer: values.interviewer,
    interviewee: values.interviewee,
    language: values.language,
  };
  const files = await filesOf(positionals[0]);
  if (files.length === 0) {
    process.stderr.write(
      `No transcript files (${TRANSCRIPT_FILE_EXTENSIONS.join(', ')}) in ${positionals[0]}\n`,
    );
    return 2;
  }

  const dryRun = values['dry-run'];
  const cli = dryRun ? null : await openCli();
  let failures = 0;
  try {
    for (const [index, file] of files.entries()) {
      const progress = files.length > 1 ? `[${index + 1}/${files.length}] ` : '';
      try {
        const text = await fileText(await readFile(file), basename(file));
        const parsed = parseForImport(text, { ...options, fileName: basename(file) });
        process.stdout.write(`${progress}${basename(file)}\n${describeTranscript(parsed)}\n`);
        if (!cli) {
          process.stdout.write('Dry run: nothing written.\n\n');
          continue;
        }
        const result = await cli.services.transcripts.import(
          text,
          { ...options, publish: values.publish, fileName: basename(file) },
          null,
        );
        process.stdout.write(
          `Imported "${result.interview.title}" (${result.interview.status.toLowerCase()}, slug ${result.interview.slug}): ` +
            `${result.entries} entries; speakers created: ${result.speakersCreated.join(', ') || 'none'}; ` +
            `matched: ${result.speakersMatched.join(', ') || 'none'}\n\n`,
        );
      } catch (error) {
        failures += 1;
        process.stderr.write(
          `${progress}${basename(file)}: ${error instanceof Error ? error.message : String(error)}\n\n`,
        );
      }
    }
  } finally {
    await cli?.close();
  }
  if (files.length > 1)
    process.stdout.write(`${files.length - failures} of ${files.length} files imported.\n`);
  return failures > 0 ? 1 : 0;
}

runCli(main);
