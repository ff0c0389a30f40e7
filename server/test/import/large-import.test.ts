import type { CommandStartedEvent, Document } from 'mongodb';
import { openTestDatabase, TestDatabase } from '../../../test/support/db';
import type { AnswerDocument } from '../../src/answers/answer.model';
import { createContentServices } from '../../src/app/domain-services';
import { Collections } from '../../src/db/collections';
import { ensureIndexes } from '../../src/db/indexes';
import type { RevisionDocument } from '../../src/revisions/revision.model';
import { INSERT_BATCH_SIZE } from '../../src/shared/mongo/insert-in-batches';
import { TranscriptImportService } from '../../src/transcripts/import.service';
import { parseTranscript, TranscriptParseError } from '../../src/transcripts/parser';
import { PARSE_IN_PLACE_MAX_CHARS, parseTranscriptOffThread } from '../../src/transcripts/parser/worker';
import { largeTranscript } from './support/large-transcript';

/**
 * Large imports stay linear: a transcript of thousands of entries is stored whole and in order, in
 * database commands whose number grows with the entries only by bounded batches, and a long text is
 * parsed off the event loop with the same result as in place. (Timings are the benchmark's business.)
 */
describe('large transcript imports', () => {
  let t: TestDatabase;
  let transcripts: TranscriptImportService;
  const inserts: { collection: string; documents: number }[] = [];

  beforeAll(async () => {
    t = await openTestDatabase({ monitorCommands: true });
    t.client.on('commandStarted', (event: CommandStartedEvent) => {
      if (event.commandName !== 'insert') return;
      const command = event.command as Document;
      inserts.push({
        collection: String(command.insert),
        documents: (command.documents as unknown[]).length,
      });
    });
    await ensureIndexes(t.db);
    transcripts = createContentServices(t.client, t.db).transcripts;
  });

  afterAll(async () => {
    await t.cleanup();
  });

  const insertsInto = (collection: string) => inserts.filter((insert) => insert.collection === collection);

  it.each([1_000, 3_000])(
    'imports %i entries whole, in order, in batches of bounded size',
    async (size) => {
      inserts.length = 0;
      const text = largeTranscript({ entries: size, format: 'DIALOGUE' });
      const result = await transcripts.import(text, {}, null);
      expect(result.entries).toBe(size);

      const answers = await t.db
        .collection<AnswerDocument>(Collections.answers)
        .find({ interview_id: result.interview._id })
        .sort({ position: 1 })
        .toArray();
      expect(answers.map((answer) => answer.position)).toEqual(Array.from({ length: size }, (_, i) => i + 1));
      const speakers = t.db.collection(Collections.speakers);
      const ann = (await speakers.findOne({ name: 'Ann' }))?._id;
      const bo = (await speakers.findOne({ name: 'Bo' }))?._id;
      expect(
        answers.every(
          (answer) => ann && bo && answer.questioner_id?.equals(ann) && answer.speaker_id?.equals(bo),
        ),
      ).toBe(true);
      expect(answers.every((answer) => answer.question.endsWith('?') && answer.text.length > 0)).toBe(true);
      expect(
        await t.db
          .collection<RevisionDocument>(Collections.revisions)
          .countDocuments({ interview_id: result.interview._id, action: 'IMPORT' }),
      ).toBe(size + 1);

      // Entries and their revisions go in ceil(n / batch) commands each, none larger than a batch.
      const answerInserts = insertsInto(Collections.answers);
      const revisionInserts = insertsInto(Collections.revisions);
      expect(answerInserts).toHaveLength(Math.ceil(size / INSERT_BATCH_SIZE));
      // A new speaker's CREATE revision is its own command; the import's revisions are batched.
      const created = result.speakersCreated.length;
      expect(revisionInserts.length).toBe(Math.ceil((size + 1) / INSERT_BATCH_SIZE) + created);
      const sizes = [...answerInserts, ...revisionInserts].map((insert) => insert.documents);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(INSERT_BATCH_SIZE);
      expect(sizes.reduce((sum, n) => sum + n, 0)).toBe(2 * size + 1 + created);
      // Everything else the import writes (the interview, new speakers) does not grow with the entries.
      expect(inserts.length - answerInserts.length - revisionInserts.length).toBe(1 + created);
    },
    60_000,
  );

  it('reads numbered transcripts past question 999 as entries, not as answer text', () => {
    const parsed = parseTranscript(largeTranscript({ entries: 1_500, format: 'NUMBERED' }));
    expect(parsed.format).toBe('NUMBERED');
    expect(parsed.entries).toHaveLength(1_500);
    expect(parsed.entries.every((entry) => entry.question.endsWith('?') && !entry.text.includes('?'))).toBe(
      true,
    );
  });

  it('parses a long text on a worker thread with the same result as in place', async () => {
    const text = largeTranscript({ entries: 5_000, format: 'DIALOGUE' });
    expect(text.length).toBeGreaterThan(PARSE_IN_PLACE_MAX_CHARS);
    expect(await parseTranscriptOffThread(text)).toEqual(parseTranscript(text));
  }, 60_000);

  it('reports a parse error found on the worker thread as the parser does, with its line', async () => {
    const dialogue = largeTranscript({ entries: 5_000, format: 'DIALOGUE' });
    const text = `${dialogue}Bo: a pasted binary \u0000 byte\n`;
    const badLine = dialogue.split('\n').length;
    const inPlace = captureParseError(() => parseTranscript(text));
    expect(inPlace.line).toBe(badLine);
    const error = await parseTranscriptOffThread(text).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error).toMatchObject({ message: inPlace.message, line: badLine, field: 'text' });

    const wrongFormat = captureParseError(() => parseTranscript(dialogue, { format: 'QA' }));
    const offThread = await parseTranscriptOffThread(dialogue, { format: 'QA' }).catch(
      (reason: unknown) => reason,
    );
    expect(offThread).toMatchObject({ message: wrongFormat.message, line: null, field: 'format' });
  }, 60_000);
});

function captureParseError(parse: () => unknown): TranscriptParseError {
  try {
    parse();
  } catch (error) {
    if (error instanceof TranscriptParseError) return error;
    throw error;
  }
  throw new Error('expected the parser to refuse the text');
}
