import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { InterviewDocument } from '../interviews/interview.model';
import type { TranscriptFormat, TranscriptOptions } from '../transcripts/parser';
import { describeTranscript } from '../transcripts/summary';
import { parseForImport } from '../transcripts/import.service';
import { fileText, TRANSCRIPT_FILE_EXTENSIONS } from '../transcripts/source-file';
import { InvalidInputError } from '../shared/errors';
import { languageTag } from '../shared/language';
import { tryParseId } from '../shared/mongo/ids';
import { CliContext, openCli, runCli } from './bootstrap';

const USAGE = `Usage: npm run import -- FILE|FOLDER [options]

Imports transcript files (.txt, .md, .vtt, .srt, .docx) and the service's own JSON exports (.json) as
interviews; a folder: every such file in it.

Options:
  --format NUMBERED|DIALOGUE|QA   the transcript's format (detected when omitted)
  --title TEXT                    the interview's title (default: taken from the text)
  --publisher NAME                who published it
  --interviewer NAME              who asks, when the text does not say
  --interviewee NAME              who answers, when the text does not say
  --language TAG                  a BCP 47 language tag, e.g. en, zh, pt-BR (detected when omitted)
  --translation-of SLUG|ID        import one file as the translation of that interview, into --language
                                  (or the language detected): it joins that interview's language
                                  versions, entries paired n <-> n
  --publish                       publish at once (default: draft)
  --dry-run                       only print what would be imported
  --help                          this text`;

const FORMATS: readonly TranscriptFormat[] = ['NUMBERED', 'DIALOGUE', 'QA'];

/** The service's option names in its messages, as the flags that set them. */
const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
  'options.translationOf': '--translation-of',
  'options.language': '--language',
};

/** A value a flag refuses: printed naming the flag, exit code 2. */
class UsageError extends Error {}

function errorMessage(error: unknown): string {
  if (error instanceof InvalidInputError)
    return `${FLAG_OF_OPTION[error.field] ?? error.field}: ${error.reason}`;
  return error instanceof Error ? error.message : String(error);
}

function validLanguage(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return languageTag('--language', value);
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
}

/** The interview named by --translation-of, drafts included: by id, else by slug. */
async function originalNamed(cli: CliContext, value: string): Promise<InterviewDocument> {
  const wanted = value.trim();
  if (!wanted) throw new UsageError('--translation-of: needs the slug or id of an interview');
  const everything = { includeDrafts: true };
  const id = tryParseId(wanted);
  const found =
    (id && (await cli.services.interviews.get(id, everything))) ??
    (await cli.services.interviews.getBySlug(wanted, everything));
  if (!found) throw new UsageError(`--translation-of: no interview has the slug or id "${wanted}"`);
  return found;
}

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
      'translation-of': { type: 'string' },
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
  let language: string | undefined;
  try {
    language = validLanguage(values.language);
  } catch (error) {
    process.stderr.write(`${errorMessage(error)}\n`);
    return 2;
  }
  const options: TranscriptOptions = {
    format: format as TranscriptFormat | undefined,
    title: values.title,
    publisher: values.publisher,
    interviewer: values.interviewer,
    interviewee: values.interviewee,
    language,
  };
  const files = await filesOf(positionals[0]);
  if (files.length === 0) {
    process.stderr.write(
      `No transcript files (${TRANSCRIPT_FILE_EXTENSIONS.join(', ')}) in ${positionals[0]}\n`,
    );
    return 2;
  }
  const translationOf = values['translation-of'];
  if (translationOf !== undefined && files.length > 1) {
    process.stderr.write(
      `--translation-of: imports one file (an interview has one version per language); ${positionals[0]} holds ${files.length}\n`,
    );
    return 2;
  }

  const dryRun = values['dry-run'];
  // A dry run reads the database only to find the interview a translation is of.
  const cli =
    dryRun && translationOf === undefined ? null : await openCli(undefined, { readOnly: dryRun === true });
  let failures = 0;
  try {
    let original: InterviewDocument | null = null;
    try {
      original = cli && translationOf !== undefined ? await originalNamed(cli, translationOf) : null;
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    for (const [index, file] of files.entries()) {
      const progress = files.length > 1 ? `[${index + 1}/${files.length}] ` : '';
      try {
        const text = await fileText(await readFile(file), basename(file));
        const parsed = parseForImport(text, { ...options, fileName: basename(file) });
        process.stdout.write(`${progress}${basename(file)}\n${describeTranscript(parsed)}\n`);
        if (original) {
          process.stdout.write(
            `Translation (${parsed.language}) of "${original.title}" (${original.language}, slug ${original.slug})\n`,
          );
        }
        if (!cli || dryRun) {
          process.stdout.write('Dry run: nothing written.\n\n');
          continue;
        }
        const result = await cli.services.transcripts.import(
          text,
          {
            ...options,
            publish: values.publish,
            fileName: basename(file),
            translationOf: original ? original._id.toHexString() : null,
          },
          null,
        );
        process.stdout.write(
          `Imported "${result.interview.title}" (${result.interview.status.toLowerCase()}, ${result.interview.language}, slug ${result.interview.slug}): ` +
            `${result.entries} entries; speakers created: ${result.speakersCreated.join(', ') || 'none'}; ` +
            `matched: ${result.speakersMatched.join(', ') || 'none'}\n\n`,
        );
      } catch (error) {
        failures += 1;
        process.stderr.write(`${progress}${basename(file)}: ${errorMessage(error)}\n\n`);
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
