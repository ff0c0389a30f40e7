import type { CommandStartedEvent } from 'mongodb';
import { ok } from '../../../test/support/fixtures';
import {
  startTestService,
  TestService,
  QUIET_BACKGROUND,
  isChangeStreamCommand,
} from '../../../test/support/service';
import { CHANGE_FIELDS, connect, LiveClient, waitForSubscribers } from '../subscriptions/support';
import { ImportedVersion, importTidePair } from './support';

const SUBSCRIPTION = `subscription {
  contentChanged {
    ${CHANGE_FIELDS}
    language
    answer { id text stale { language message sources { answer_id before { text } after { text } } } }
  }
}`;

interface TranslationEvent {
  entity: string;
  id: string;
  action: string;
  changedFields: string[];
  version: number | null;
  language: string | null;
  answer: { id: string; text: string; stale: { language: string; message: string }[] } | null;
}

describe('translations live and batched', () => {
  let app: TestService;
  let token: string;
  let en: ImportedVersion;
  let zh: ImportedVersion;
  const commands: string[] = [];

  beforeAll(async () => {
    app = await startTestService(QUIET_BACKGROUND, { mongoClientOptions: { monitorCommands: true } });
    app.service.database.client.on('commandStarted', (event: CommandStartedEvent) => {
      if (!isChangeStreamCommand(event)) commands.push(event.commandName);
    });
    token = await app.login();
    ({ en, zh } = await importTidePair(app, token, { publishTranslation: true }));
  });

  afterAll(async () => {
    await app.stop();
  });

  it('subscribers hear each event’s language; editors alone hear stale marks come and go', async () => {
    let editor: LiveClient | null = null;
    let reader: LiveClient | null = null;
    try {
      editor = connect(app, token);
      reader = connect(app, null);
      await Promise.all([editor.connected, reader.connected]);
      const editorEvents = editor.subscribe({}, SUBSCRIPTION);
      const readerEvents = reader.subscribe({}, SUBSCRIPTION);
      await waitForSubscribers(app, 2);
      const events = (subscription: typeof editorEvents) =>
        subscription.events() as unknown as TranslationEvent[];

      const source = en.answers[0];
      await ok(
        app,
        'mutation($id: ID!, $v: Int!) { updateAnswer(id: $id, version: $v, text: "We started Tide in 2017.") { id } }',
        { id: source.id, v: source.version },
        token,
      );
      const edited = { entity: 'ANSWER', id: source.id, action: 'UPDATE' } as const;
      expect(await editorEvents.waitFor(edited)).toMatchObject({ language: 'en', changedFields: ['text'] });
      expect(await readerEvents.waitFor(edited)).toMatchObject({ language: 'en' });
      const marked = await editorEvents.waitFor({ entity: 'ANSWER', id: zh.answers[0].id, action: 'STALE' });
      expect(marked as unknown as TranslationEvent).toMatchObject({
        language: 'zh',
        changedFields: ['stale'],
        version: zh.answers[0].version,
        answer: {
          id: zh.answers[0].id,
          stale: [{ language: 'en', message: 'changed in en since translated' }],
        },
      });

      const beforeDone = events(editorEvents).length;
      await ok(
        app,
        'mutation($id: ID!) { markTranslationDone(answer_id: $id) { id } }',
        { id: zh.answers[0].id },
        token,
      );
      const done = await editorEvents.waitFor(
        { entity: 'ANSWER', id: zh.answers[0].id, action: 'STALE' },
        { from: beforeDone },
      );
      expect((done as unknown as TranslationEvent).answer?.stale).toEqual([]);

      // A later change the reader does hear: by then the stale marks have long been published to editors.
      const later = en.answers[1];
      await ok(
        app,
        'mutation($id: ID!, $v: Int!) { updateAnswer(id: $id, version: $v, question: "What was hardest?") { id } }',
        { id: later.id, v: later.version },
        token,
      );
      await readerEvents.waitFor({ entity: 'ANSWER', id: later.id, action: 'UPDATE' });
      expect(events(readerEvents).filter((event) => event.action === 'STALE')).toEqual([]);
    } finally {
      await editor?.dispose();
      await reader?.dispose();
    }
  });

  it('counterparts, versions and stale marks cost the same number of queries for 2 entries as for 5', async () => {
    const query = (first: number) => `{
      interview(slug: "${en.slug}", language: "en") {
        isOriginal translations { id language isOriginal }
        answers(first: ${first}) {
          counterpart(language: "zh") { id text counterpart(language: "en") { id } }
          counterparts(language: "zh") { id }
          stale { language }
        }
      }
    }`;
    const count = async (first: number) => {
      commands.length = 0;
      const data = await ok<{ interview: { answers: { counterpart: { id: string } }[] } }>(
        app,
        query(first),
        {},
        token,
      );
      expect(data.interview.answers.map((a) => a.counterpart.id)).toEqual(
        zh.answers.slice(0, first).map((a) => a.id),
      );
      return commands.filter((name) => name === 'find' || name === 'aggregate').length;
    };
    // The fewest of two runs each: the search index and the change feed read in the background meanwhile.
    const small = Math.min(await count(2), await count(2));
    const large = Math.min(await count(5), await count(5));
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
  });
});
