import {
  ANSWER_FIELDS,
  AnswerRow,
  createInterview,
  entriesOf,
  InterviewFixture,
  ok,
} from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';

interface RevisionRow {
  action: string;
  version: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  operation_id: string | null;
}

interface MatchRow {
  answer_id: string;
  position: number;
  version: number;
  field: string;
  start: number;
  end: number;
  before: string;
  match: string;
  after: string;
}

const FIND = `query($i: ID!, $find: String!, $options: FindOptions) {
  findInTranscript(interview_id: $i, find: $find, options: $options) {
    answer_id position version field start end before match after
  }
}`;
const REPLACE = `mutation($i: ID!, $find: String!, $replace: String!, $options: FindOptions, $matches: [ReplaceMatchInput!]) {
  replaceInTranscript(interview_id: $i, find: $find, replace: $replace, options: $options, matches: $matches) {
    operation_id replaced answers { ${ANSWER_FIELDS} }
  }
}`;
const UNDO = `mutation($op: ID!) { undoOperation(operation_id: $op) { operation_id answers { ${ANSWER_FIELDS} } } }`;

describe('editing a transcript as editors think of it', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  async function revisionsOf(entityId: string): Promise<RevisionRow[]> {
    return (
      await ok<{ allRevisions: RevisionRow[] }>(
        app,
        'query($id: ID!) { allRevisions(filter: { entity_id: $id }, sortField: "version", sortOrder: "ASC") { action version before after operation_id } }',
        { id: entityId },
        token,
      )
    ).allRevisions;
  }

  async function setFields(answer: AnswerRow, fields: Record<string, unknown>): Promise<AnswerRow> {
    const data = await ok<{ updateAnswer: AnswerRow }>(
      app,
      `mutation($id: ID!, $v: Int!, $section: String, $question: String, $text: String, $speaker: ID, $questioner: ID) {
        updateAnswer(id: $id, version: $v, section: $section, question: $question, text: $text, speaker_id: $speaker, questioner_id: $questioner) { ${ANSWER_FIELDS} }
      }`,
      { id: answer.id, v: answer.version, ...fields },
      token,
    );
    return data.updateAnswer;
  }

  /** Entries 1–3 in section A, 4–6 in section B. */
  async function sectionedInterview(): Promise<InterviewFixture> {
    const fixture = await createInterview(app, token, { count: 6, sections: ['A', 'B'] });
    for (const [index, answer] of fixture.answers.entries()) {
      fixture.answers[index] = await setFields(answer, { section: index < 3 ? 'A' : 'B' });
    }
    return fixture;
  }

  const sectionsOf = (rows: AnswerRow[]) => rows.map((row) => `${row.text}:${row.section}`);

  it('changes an entry’s section, speaker and questioner through updateAnswer, with a speaker created on the fly', async () => {
    const fixture = await sectionedInterview();
    const created = await ok<{ createSpeaker: { id: string } }>(
      app,
      'mutation { createSpeaker(name: "Newly Named Guest") { id } }',
      {},
      token,
    );
    const entry = fixture.answers[1];
    const updated = await setFields(entry, {
      section: 'B',
      speaker: created.createSpeaker.id,
      questioner: fixture.guestId,
    });
    expect(updated).toMatchObject({
      section: 'B',
      speaker_id: created.createSpeaker.id,
      questioner_id: fixture.guestId,
      version: entry.version + 1,
    });
    expect((await revisionsOf(entry.id)).at(-1)).toMatchObject({
      action: 'UPDATE',
      before: { section: 'A', speaker_id: fixture.guestId, questioner_id: fixture.hostId },
      after: { section: 'B', speaker_id: created.createSpeaker.id, questioner_id: fixture.guestId },
    });
    const interview = await ok<{ Interview: { speaker_ids: string[] } }>(
      app,
      'query($id: ID!) { Interview(id: $id) { speaker_ids } }',
      { id: fixture.interviewId },
      token,
    );
    expect(interview.Interview.speaker_ids).toContain(created.createSpeaker.id);
  });

  it('moving an entry across a section boundary gives it the section of the entries it moved past, revisioned', async () => {
    const fixture = await sectionedInterview();
    const [, , , fourth, , sixth] = fixture.answers;
    // The first entry of B one place up: it now sits inside A.
    const up = await ok<{ moveAnswer: AnswerRow }>(
      app,
      `mutation($id: ID!, $v: Int!) { moveAnswer(id: $id, position: 3, version: $v) { ${ANSWER_FIELDS} } }`,
      { id: fourth.id, v: fourth.version },
      token,
    );
    expect(up.moveAnswer).toMatchObject({ position: 3, section: 'A', version: fourth.version + 1 });
    expect(sectionsOf(await entriesOf(app, token, fixture.interviewId))).toEqual([
      'Answer 1.:A',
      'Answer 2.:A',
      'Answer 4.:A',
      'Answer 3.:A',
      'Answer 5.:B',
      'Answer 6.:B',
    ]);
    expect((await revisionsOf(fourth.id)).at(-1)).toMatchObject({
      action: 'MOVE',
      before: { position: 4, section: 'B' },
      after: { position: 3, section: 'A' },
    });

    // The last entry of B up to the head of B stays in B: it moved past B's entries only.
    const withinB = await ok<{ moveAnswer: AnswerRow }>(
      app,
      `mutation($id: ID!) { moveAnswer(id: $id, position: 5) { ${ANSWER_FIELDS} } }`,
      { id: sixth.id },
      token,
    );
    expect(withinB.moveAnswer).toMatchObject({ position: 5, section: 'B' });
    expect((await revisionsOf(sixth.id)).at(-1)?.after).toEqual({ position: 5 });

    // The last entry of A down past the first of B joins B.
    const rows = await entriesOf(app, token, fixture.interviewId);
    const down = await ok<{ moveAnswer: AnswerRow }>(
      app,
      `mutation($id: ID!) { moveAnswer(id: $id, position: 5) { ${ANSWER_FIELDS} } }`,
      { id: rows[3].id },
      token,
    );
    expect(down.moveAnswer).toMatchObject({ text: 'Answer 3.', section: 'B' });
    expect(sectionsOf(await entriesOf(app, token, fixture.interviewId))).toEqual([
      'Answer 1.:A',
      'Answer 2.:A',
      'Answer 4.:A',
      'Answer 6.:B',
      'Answer 3.:B',
      'Answer 5.:B',
    ]);
  });

  it('a split leaves the new entry without a question, marked as a continuation, and the Markdown does not repeat it', async () => {
    const fixture = await createInterview(app, token, { count: 2 });
    const first = await setFields(fixture.answers[0], { text: 'One part. Other part.' });
    const split = await ok<{ splitAnswer: (AnswerRow & { continuation: boolean })[] }>(
      app,
      `mutation($id: ID!, $v: Int!) { splitAnswer(id: $id, offset: 9, version: $v) { ${ANSWER_FIELDS} continuation } }`,
      { id: first.id, v: first.version },
      token,
    );
    expect(split.splitAnswer[0]).toMatchObject({ question: 'Question 1?', continuation: false });
    expect(split.splitAnswer[1]).toMatchObject({
      question: '',
      text: 'Other part.',
      continuation: true,
      speaker_id: fixture.guestId,
      questioner_id: fixture.hostId,
    });
    const markdown = await ok<{ Interview: { export: string } }>(
      app,
      'query($id: ID!) { Interview(id: $id) { export(format: MARKDOWN) } }',
      { id: fixture.interviewId },
      token,
    );
    expect(markdown.Interview.export.match(/Question 1\?/g)).toHaveLength(1);
    expect(markdown.Interview.export).toContain('Other part.');

    // The continuation's answer is saved like any other; its empty question is no error.
    const continued = split.splitAnswer[1];
    const saved = await setFields(continued, { text: 'Other part, corrected.', question: '' });
    expect(saved).toMatchObject({ question: '', text: 'Other part, corrected.' });
  });

  it('writing a question into a continuation makes it an entry of its own, in the same versioned change; restoring undoes both', async () => {
    const fixture = await createInterview(app, token, { count: 1 });
    const first = await setFields(fixture.answers[0], { text: 'One part. Other part.' });
    const split = await ok<{ splitAnswer: AnswerRow[] }>(
      app,
      `mutation($id: ID!, $v: Int!) { splitAnswer(id: $id, offset: 9, version: $v) { ${ANSWER_FIELDS} } }`,
      { id: first.id, v: first.version },
      token,
    );
    const continued = split.splitAnswer[1];
    const continuationOf = async (id: string) =>
      (
        await ok<{ Answer: { continuation: boolean; version: number } }>(
          app,
          'query($id: ID!) { Answer(id: $id) { continuation version } }',
          { id },
          token,
        )
      ).Answer;

    // Whitespace is no question: the entry still continues the one before it.
    await setFields(continued, { question: '   ' });
    expect(await continuationOf(continued.id)).toEqual({ continuation: true, version: 1 });

    const asked = await setFields(continued, { question: 'And then?' });
    expect(asked).toMatchObject({ question: 'And then?', version: 2 });
    expect(await continuationOf(continued.id)).toEqual({ continuation: false, version: 2 });
    const revisions = await revisionsOf(continued.id);
    expect(revisions.map((r) => `${r.action}:${r.version}`)).toEqual(['SPLIT:1', 'UPDATE:2']);
    expect(revisions[1]).toMatchObject({
      before: { question: '', continuation: true },
      after: { question: 'And then?', continuation: false },
    });

    // An entry that never was a continuation records no continuation change when its question changes.
    const plain = await setFields(split.splitAnswer[0], { question: 'Question one, reworded?' });
    const plainRevisions = await revisionsOf(plain.id);
    expect(plainRevisions[plainRevisions.length - 1].after).toEqual({ question: 'Question one, reworded?' });

    const restoredTo = (
      await ok<{ allRevisions: { id: string; version: number }[] }>(
        app,
        'query($id: ID!) { allRevisions(filter: { entity_id: $id }) { id version } }',
        { id: continued.id },
        token,
      )
    ).allRevisions.find((revision) => revision.version === 1);
    const reverted = await ok<{ revertAnswer: AnswerRow }>(
      app,
      `mutation($id: ID!, $r: ID!) { revertAnswer(id: $id, revision_id: $r) { ${ANSWER_FIELDS} } }`,
      { id: continued.id, r: restoredTo?.id },
      token,
    );
    expect(reverted.revertAnswer).toMatchObject({ question: '', version: 3 });
    expect(await continuationOf(continued.id)).toEqual({ continuation: true, version: 3 });
  });

  it('previews every match with context, replaces the chosen ones as one operation, and undoes it in one step', async () => {
    const fixture = await createInterview(app, token, { count: 3 });
    const [a1, a2, a3] = fixture.answers;
    const e1 = await setFields(a1, { text: 'Bitcoin and bitcoin, not Bitcoins.' });
    const e2 = await setFields(a2, { question: 'Why bitcoin?', text: 'Because bitcoin.' });
    await setFields(a3, { text: 'Nothing here.' });

    const loose = await ok<{ findInTranscript: MatchRow[] }>(
      app,
      FIND,
      { i: fixture.interviewId, find: 'bitcoin' },
      token,
    );
    expect(loose.findInTranscript.map((m) => `${m.position}:${m.field}:${m.match}`)).toEqual([
      '1:text:Bitcoin',
      '1:text:bitcoin',
      '1:text:Bitcoin',
      '2:question:bitcoin',
      '2:text:bitcoin',
    ]);
    expect(loose.findInTranscript[1]).toMatchObject({ before: 'Bitcoin and ', after: ', not Bitcoins.' });

    const strict = await ok<{ findInTranscript: MatchRow[] }>(
      app,
      FIND,
      { i: fixture.interviewId, find: 'Bitcoin', options: { matchCase: true, wholeWord: true } },
      token,
    );
    expect(strict.findInTranscript.map((m) => `${m.position}:${m.start}`)).toEqual(['1:0']);

    // Choose three of the five: not the question of entry 2, not "Bitcoins".
    const chosen = loose.findInTranscript.filter(
      (m) => !(m.position === 1 && m.start > 20) && m.field === 'text',
    );
    expect(chosen).toHaveLength(3);
    const replaced = await ok<{
      replaceInTranscript: { operation_id: string; replaced: number; answers: AnswerRow[] };
    }>(
      app,
      REPLACE,
      {
        i: fixture.interviewId,
        find: 'bitcoin',
        replace: 'BTC',
        matches: chosen.map(({ answer_id, version, field, start }) => ({ answer_id, version, field, start })),
      },
      token,
    );
    expect(replaced.replaceInTranscript.replaced).toBe(3);
    expect(replaced.replaceInTranscript.answers.map((a) => [a.text, a.question, a.version])).toEqual([
      ['BTC and BTC, not Bitcoins.', 'Question 1?', e1.version + 1],
      ['Because BTC.', 'Why bitcoin?', e2.version + 1],
    ]);
    const operationId = replaced.replaceInTranscript.operation_id;
    expect(operationId).toMatch(/^[0-9a-f]{24}$/);
    const [r1, r2] = [(await revisionsOf(a1.id)).at(-1), (await revisionsOf(a2.id)).at(-1)];
    expect(r1).toMatchObject({
      action: 'UPDATE',
      operation_id: operationId,
      after: { text: 'BTC and BTC, not Bitcoins.' },
    });
    expect(r2).toMatchObject({
      action: 'UPDATE',
      operation_id: operationId,
      before: { text: 'Because bitcoin.' },
    });

    // A preview taken before the replacement is stale now: CONFLICT, and nothing is written.
    const stale = await app.graphql(
      REPLACE,
      {
        i: fixture.interviewId,
        find: 'bitcoin',
        replace: 'BTC',
        matches: [loose.findInTranscript[3]].map(({ answer_id, version, field, start }) => ({
          answer_id,
          version,
          field,
          start,
        })),
      },
      token,
    );
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await entriesOf(app, token, fixture.interviewId))[1].question).toBe('Why bitcoin?');

    const undone = await ok<{ undoOperation: { operation_id: string; answers: AnswerRow[] } }>(
      app,
      UNDO,
      { op: operationId },
      token,
    );
    expect(undone.undoOperation.operation_id).not.toBe(operationId);
    const afterUndo = await entriesOf(app, token, fixture.interviewId);
    expect(afterUndo.map((row) => row.text)).toEqual([
      'Bitcoin and bitcoin, not Bitcoins.',
      'Because bitcoin.',
      'Nothing here.',
    ]);
    expect((await revisionsOf(a1.id)).at(-1)).toMatchObject({
      action: 'REVERT',
      operation_id: undone.undoOperation.operation_id,
    });

    // Undoing it again: the entries changed since (the undo itself), so CONFLICT and nothing written.
    const again = await app.graphql(UNDO, { op: operationId }, token);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await entriesOf(app, token, fixture.interviewId)).map((row) => row.version)).toEqual(
      afterUndo.map((row) => row.version),
    );
  });

  it('replaces every match when none are chosen; an entry edited after the replace makes the undo a CONFLICT', async () => {
    const fixture = await createInterview(app, token, { count: 3 });
    const all = await ok<{
      replaceInTranscript: { operation_id: string; replaced: number; answers: AnswerRow[] };
    }>(app, REPLACE, { i: fixture.interviewId, find: 'answer', replace: 'Reply' }, token);
    expect(all.replaceInTranscript.replaced).toBe(3);
    const rows = await entriesOf(app, token, fixture.interviewId);
    expect(rows.map((row) => row.text)).toEqual(['Reply 1.', 'Reply 2.', 'Reply 3.']);
    await setFields(rows[1], { text: 'Reply 2, edited by hand.' });

    const undo = await app.graphql(UNDO, { op: all.replaceInTranscript.operation_id }, token);
    expect(undo.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await entriesOf(app, token, fixture.interviewId)).map((row) => row.text)).toEqual([
      'Reply 1.',
      'Reply 2, edited by hand.',
      'Reply 3.',
    ]);
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, writing nothing', async () => {
    const fixture = await createInterview(app, token, { count: 2 });
    const before = await entriesOf(app, token, fixture.interviewId);
    const cases: [Record<string, unknown>, string][] = [
      [{ i: fixture.interviewId, find: '', replace: 'x' }, 'find'],
      [{ i: 'not-an-id', find: 'Answer', replace: 'x' }, 'interview_id'],
      [{ i: fixture.interviewId, find: 'Answer 1.', replace: '' }, 'replace'],
      [{ i: fixture.interviewId, find: 'Answer', replace: 'x', matches: [] }, 'matches'],
      [
        {
          i: fixture.interviewId,
          find: 'Answer',
          replace: 'x',
          matches: [{ answer_id: before[0].id, version: before[0].version, field: 'section', start: 0 }],
        },
        'matches.field',
      ],
      [
        {
          i: fixture.interviewId,
          find: 'Answer',
          replace: 'x',
          matches: [{ answer_id: before[0].id, version: before[0].version, field: 'text', start: 3 }],
        },
        'matches.start',
      ],
    ];
    for (const [variables, field] of cases) {
      const result = await app.graphql(REPLACE, variables, token);
      expect({ field, extensions: result.errors?.[0].extensions }).toMatchObject({
        field,
        extensions: { code: 'BAD_USER_INPUT', field },
      });
    }
    const emptyFind = await app.graphql(FIND, { i: fixture.interviewId, find: '' }, token);
    expect(emptyFind.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'find' });
    const badOperation = await app.graphql(UNDO, { op: 'nope' }, token);
    expect(badOperation.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'operation_id',
    });
    // An operation that moved an entry is not undone this way.
    const moved = await ok<{ moveAnswer: AnswerRow }>(
      app,
      'mutation($id: ID!) { moveAnswer(id: $id, position: 2) { id } }',
      { id: before[0].id },
      token,
    );
    const moveRevision = (await revisionsOf(moved.moveAnswer.id)).at(-1);
    const notUndoable = await app.graphql(UNDO, { op: moveRevision?.operation_id }, token);
    expect(notUndoable.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'operation_id',
    });
    expect((await entriesOf(app, token, fixture.interviewId)).map((row) => row.text)).toEqual([
      'Answer 2.',
      'Answer 1.',
    ]);
    // Readers cannot search drafts' text or replace anything.
    const anonymous = await app.graphql(
      REPLACE,
      { i: fixture.interviewId, find: 'Answer', replace: 'x' },
      null,
    );
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
