import { ok } from '../../../test/support/fixtures';
import { errorCode, startTestService, TestService } from '../../../test/support/service';
import { fixture, importTidePair, importVersion, ImportedVersion } from './support';

interface Row {
  pair_id: string | null;
  original: { id: string; position: number }[];
  translation: { id: string; position: number }[];
}

const ROW_FIELDS = 'rows { pair_id original { id position } translation { id position } }';

const PREVIEW = `query($text: String!, $options: TranscriptOptions) {
  previewTranscript(text: $text, options: $options) {
    entries { position }
    translation {
      original { id language }
      language
      rows { original { position } translation { position } mismatches }
      mismatches { kind message originalPosition translationPosition }
    }
  }
}`;

interface Preview {
  translation: {
    original: { id: string; language: string };
    language: string;
    rows: { original: { position: number }[]; translation: { position: number }[]; mismatches: string[] }[];
    mismatches: {
      kind: string;
      message: string;
      originalPosition: number | null;
      translationPosition: number | null;
    }[];
  };
}

/** Positions of each row, side by side: "1:1", "4,5:4", "3:" (unpaired original entry 3). */
function shape(rows: { original: { position: number }[]; translation: { position: number }[] }[]): string[] {
  return rows.map(
    (row) =>
      `${row.original.map((e) => e.position).join(',')}:${row.translation.map((e) => e.position).join(',')}`,
  );
}

describe('translations: import with a proposed alignment, and editing the alignment', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  async function alignment(translationId: string): Promise<Row[]> {
    const data = await ok<{ translationAlignment: { rows: Row[] } }>(
      app,
      `query($id: ID!) { translationAlignment(translation_id: $id) { ${ROW_FIELDS} } }`,
      { id: translationId },
      token,
    );
    return data.translationAlignment.rows;
  }

  async function counts(): Promise<{ interviews: number; answers: number; revisions: number }> {
    const data = await ok<Record<string, { count: number }>>(
      app,
      '{ i: _allInterviewsMeta { count } a: _allAnswersMeta { count } r: _allRevisionsMeta { count } }',
      {},
      token,
    );
    return { interviews: data.i.count, answers: data.a.count, revisions: data.r.count };
  }

  it('previews a Chinese translation side by side, entry n ↔ entry n, with nothing flagged', async () => {
    const en = await importVersion(app, token, fixture('tide-en.md'), { language: 'en', publish: true });
    const data = await ok<{ previewTranscript: Preview }>(
      app,
      PREVIEW,
      { text: fixture('tide-zh.md'), options: { translationOf: en.id, language: 'zh' } },
      token,
    );
    const preview = data.previewTranscript.translation;
    expect(preview.original).toEqual({ id: en.id, language: 'en' });
    expect(preview.language).toBe('zh');
    expect(shape(preview.rows)).toEqual(['1:1', '2:2', '3:3', '4:4', '5:5']);
    expect(preview.mismatches).toEqual([]);
  });

  it('flags a translation whose translator merged two entries: entry count, then the unpaired entry', async () => {
    const en = await importVersion(app, token, fixture('tide-en.md'), { language: 'en' });
    const data = await ok<{ previewTranscript: Preview }>(
      app,
      PREVIEW,
      { text: fixture('tide-zh-merged.md'), options: { translationOf: en.id, language: 'zh' } },
      token,
    );
    const preview = data.previewTranscript.translation;
    expect(shape(preview.rows)).toEqual(['1:1', '2:2', '3:3', '4:4', '5:']);
    expect(preview.rows[4].mismatches).toEqual(['UNPAIRED']);
    expect(preview.mismatches.map((m) => m.kind)).toEqual(['ENTRY_COUNT', 'UNPAIRED']);
    expect(preview.mismatches[0].message).toBe('The original has 5 entries, the translation 4');
    expect(preview.mismatches[1]).toMatchObject({ originalPosition: 5, translationPosition: null });

    // The editor pairs the merged entry with both originals: nothing is left to flag but the count.
    const adjusted = await ok<{ previewTranscript: Preview }>(
      app,
      PREVIEW,
      {
        text: fixture('tide-zh-merged.md'),
        options: {
          translationOf: en.id,
          language: 'zh',
          alignment: [
            { original: [1], translation: [1] },
            { original: [2], translation: [2] },
            { original: [3], translation: [3] },
            { original: [4, 5], translation: [4] },
          ],
        },
      },
      token,
    );
    expect(shape(adjusted.previewTranscript.translation.rows)).toEqual(['1:1', '2:2', '3:3', '4,5:4']);
    expect(adjusted.previewTranscript.translation.mismatches.map((m) => m.kind)).toEqual(['ENTRY_COUNT']);
  });

  it('flags a missing section and a speaker who does not match', async () => {
    const en = await importVersion(app, token, fixture('tide-en.md'), { language: 'en' });
    // The money section's heading is gone, and its last two answers are credited to someone else.
    const swapped = fixture('tide-zh.md')
      .replace('## 资金\n', '')
      .replace('**李安：** 只有', '**王明：** 只有')
      .replace('**李安：** 推出中文版', '**王明：** 推出中文版');
    const data = await ok<{ previewTranscript: Preview }>(
      app,
      PREVIEW,
      { text: swapped, options: { translationOf: en.id, language: 'zh' } },
      token,
    );
    const preview = data.previewTranscript.translation;
    expect(preview.mismatches.map((m) => m.kind).sort()).toEqual([
      'SECTION_MISSING',
      'SPEAKER_MISMATCH',
      'SPEAKER_MISMATCH',
    ]);
    expect(preview.mismatches.find((m) => m.kind === 'SECTION_MISSING')).toMatchObject({
      originalPosition: 3,
    });
    expect(
      preview.mismatches.filter((m) => m.kind === 'SPEAKER_MISMATCH').map((m) => m.translationPosition),
    ).toEqual([4, 5]);
    expect(preview.rows.map((row) => row.mismatches)).toEqual([
      [],
      [],
      ['SECTION_MISSING'],
      ['SECTION_MISSING', 'SPEAKER_MISMATCH'],
      ['SECTION_MISSING', 'SPEAKER_MISMATCH'],
    ]);
  });

  it('imports the merged translation with the adjusted alignment in one transaction, revisions included', async () => {
    const en = await importVersion(app, token, fixture('tide-en.md'), { language: 'en', publish: true });
    const zh = await importVersion(app, token, fixture('tide-zh-merged.md'), {
      translationOf: en.id,
      language: 'zh',
      alignment: [
        { original: [1], translation: [1] },
        { original: [2], translation: [2] },
        { original: [3], translation: [3] },
        { original: [4, 5], translation: [4] },
      ],
    });
    expect(zh).toMatchObject({ language: 'zh', status: 'DRAFT' });
    expect(zh.answers).toHaveLength(4);
    expect(shape(await alignment(zh.id))).toEqual(['1:1', '2:2', '3:3', '4,5:4']);

    const merged = zh.answers[3];
    const data = await ok<{
      Answer: { counterparts: { id: string }[]; counterpart: { id: string } };
      allRevisions: { entity: string; action: string; interview_id: string }[];
    }>(
      app,
      `query($id: ID!, $zh: ID!) {
        Answer(id: $id) { counterparts(language: "en") { id } counterpart(language: "en") { id } }
        allRevisions(filter: { interview_id: $zh }, perPage: 100) { entity action interview_id }
      }`,
      { id: merged.id, zh: zh.id },
      token,
    );
    expect(data.Answer.counterparts.map((a) => a.id)).toEqual([en.answers[3].id, en.answers[4].id]);
    expect(data.Answer.counterpart.id).toBe(en.answers[3].id);
    const imported = data.allRevisions.filter((r) => r.action === 'IMPORT');
    expect(imported.filter((r) => r.entity === 'ALIGNMENT')).toHaveLength(4);
    expect(imported.filter((r) => r.entity === 'ANSWER')).toHaveLength(4);
    expect(imported.filter((r) => r.entity === 'INTERVIEW')).toHaveLength(1);
  });

  it('refuses bad input naming the field and writes nothing', async () => {
    const { en } = await importTidePair(app, token);
    const before = await counts();
    const attempts: [Record<string, unknown>, string][] = [
      [{ translationOf: en.id, language: 'zh' }, 'options.language'],
      [{ translationOf: en.id, language: 'not a tag!' }, 'language'],
      [
        { translationOf: en.id, language: 'fr', alignment: [{ original: [9], translation: [1] }] },
        'options.alignment[0].original[0]',
      ],
      [
        {
          translationOf: en.id,
          language: 'fr',
          alignment: [
            { original: [1], translation: [1] },
            { original: [2], translation: [1] },
          ],
        },
        'options.alignment[1].translation[0]',
      ],
      [{ translationOf: '0123456789abcdef01234567', language: 'fr' }, 'options.translationOf'],
      [{ language: 'fr', alignment: [{ original: [1], translation: [1] }] }, 'options.alignment'],
    ];
    for (const [options, field] of attempts) {
      const result = await app.graphql(
        'mutation($text: String!, $options: TranscriptOptions) { importTranscript(text: $text, options: $options) { id } }',
        { text: fixture('tide-zh.md'), options },
        token,
      );
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].extensions?.field).toBe(field);
    }
    expect(await counts()).toEqual(before);
  });

  it('keeps one version per language and language tags valid on interviews too', async () => {
    const { zh } = await importTidePair(app, token);
    const clash = await app.graphql(
      'mutation($id: ID!, $v: Int!) { updateInterview(id: $id, version: $v, language: "EN") { id } }',
      { id: zh.id, v: zh.version },
      token,
    );
    expect(errorCode(clash)).toBe('BAD_USER_INPUT');
    expect(clash.errors?.[0].extensions?.field).toBe('language');
    const canonical = await ok<{ updateInterview: { language: string } }>(
      app,
      'mutation($id: ID!, $v: Int!) { updateInterview(id: $id, version: $v, language: "zh-hant") { language } }',
      { id: zh.id, v: zh.version },
      token,
    );
    expect(canonical.updateInterview.language).toBe('zh-Hant');
    const invalid = await app.graphql(
      'mutation { createInterview(title: "Bad tag", language: "english!") { id } }',
      {},
      token,
    );
    expect(errorCode(invalid)).toBe('BAD_USER_INPUT');
    expect(invalid.errors?.[0].extensions?.field).toBe('language');
  });

  it('lets editors re-pair, unpair and reset; one entry may pair with two', async () => {
    const { en, zh } = await importTidePair(app, token);
    expect(shape(await alignment(zh.id))).toEqual(['1:1', '2:2', '3:3', '4:4', '5:5']);

    const paired = await ok<{ alignEntries: { rows: Row[] } }>(
      app,
      `mutation($t: ID!, $o: [ID!]!, $z: [ID!]!) { alignEntries(translation_id: $t, original_ids: $o, translation_ids: $z) { ${ROW_FIELDS} } }`,
      { t: zh.id, o: [en.answers[3].id], z: [zh.answers[3].id, zh.answers[4].id] },
      token,
    );
    // Entry 5 of the original lost its counterpart to entry 4.
    expect(shape(paired.alignEntries.rows)).toEqual(['1:1', '2:2', '3:3', '4:4,5', '5:']);

    const unpaired = await ok<{ unalignEntries: { rows: Row[] } }>(
      app,
      `mutation($t: ID!, $ids: [ID!]!) { unalignEntries(translation_id: $t, answer_ids: $ids) { ${ROW_FIELDS} } }`,
      { t: zh.id, ids: [zh.answers[1].id] },
      token,
    );
    expect(shape(unpaired.unalignEntries.rows)).toEqual(['1:1', '2:', ':2', '3:3', '4:4,5', '5:']);

    const reset = await ok<{ resetAlignment: { rows: Row[] } }>(
      app,
      `mutation($t: ID!) { resetAlignment(translation_id: $t) { ${ROW_FIELDS} } }`,
      { t: zh.id },
      token,
    );
    expect(shape(reset.resetAlignment.rows)).toEqual(['1:1', '2:2', '3:3', '4:4', '5:5']);

    const wrongSide = await app.graphql(
      `mutation($t: ID!, $o: [ID!]!, $z: [ID!]!) { alignEntries(translation_id: $t, original_ids: $o, translation_ids: $z) { ${ROW_FIELDS} } }`,
      { t: zh.id, o: [zh.answers[0].id], z: [zh.answers[1].id] },
      token,
    );
    expect(errorCode(wrongSide)).toBe('BAD_USER_INPUT');
    expect(wrongSide.errors?.[0].extensions?.field).toBe('original_ids');
    const reader = await app.graphql(
      `query($t: ID!) { translationAlignment(translation_id: $t) { ${ROW_FIELDS} } }`,
      { t: zh.id },
      null,
    );
    expect(errorCode(reader)).toBe('UNAUTHENTICATED');
  });

  it('keeps the alignment through moves, splits, merges and deletes', async () => {
    const { en, zh } = await importTidePair(app, token);
    const rowsNow = async () => shape(await alignment(zh.id));

    await ok(
      app,
      'mutation($id: ID!) { moveAnswer(id: $id, position: 1) { id } }',
      { id: en.answers[1].id },
      token,
    );
    // Pairs follow entries, not positions: original entry 2 (now first) still pairs with translation entry 2.
    expect(await rowsNow()).toEqual(['1:2', '2:1', '3:3', '4:4', '5:5']);
    await ok(
      app,
      'mutation($id: ID!) { moveAnswer(id: $id, position: 2) { id } }',
      { id: en.answers[1].id },
      token,
    );

    await ok(
      app,
      'mutation($id: ID!) { splitAnswer(id: $id, offset: 24) { id } }',
      { id: zh.answers[0].id },
      token,
    );
    expect(await rowsNow()).toEqual(['1:1,2', '2:3', '3:4', '4:5', '5:6']);

    const merged = await ok<{ mergeAnswers: { id: string } }>(
      app,
      'mutation($ids: [ID!]!) { mergeAnswers(ids: $ids) { id } }',
      { ids: [en.answers[3].id, en.answers[4].id] },
      token,
    );
    expect(merged.mergeAnswers.id).toBe(en.answers[3].id);
    expect(await rowsNow()).toEqual(['1:1,2', '2:3', '3:4', '4:5,6']);

    await ok(app, 'mutation($id: ID!) { deleteAnswer(id: $id) { id } }', { id: en.answers[2].id }, token);
    expect(await rowsNow()).toEqual(['1:1,2', '2:3', ':4', '3:5,6']);
  });

  it('links and unlinks existing interviews; an original with translations is not deleted', async () => {
    const en = await importVersion(app, token, fixture('tide-en.md'), { language: 'en' });
    const zh: ImportedVersion = await importVersion(app, token, fixture('tide-zh.md'), { language: 'zh' });
    const linked = await ok<{
      linkTranslation: { id: string; isOriginal: boolean; original: { id: string } };
    }>(
      app,
      'mutation($i: ID!, $o: ID!) { linkTranslation(interview_id: $i, translationOf: $o) { id isOriginal original { id } } }',
      { i: zh.id, o: en.id },
      token,
    );
    expect(linked.linkTranslation).toEqual({ id: zh.id, isOriginal: false, original: { id: en.id } });
    expect(shape(await alignment(zh.id))).toEqual(['1:1', '2:2', '3:3', '4:4', '5:5']);

    const refused = await app.graphql(
      'mutation($id: ID!) { deleteInterview(id: $id) { id } }',
      { id: en.id },
      token,
    );
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].extensions?.field).toBe('id');
    const unlinkOriginal = await app.graphql(
      'mutation($i: ID!) { unlinkTranslation(interview_id: $i) { id } }',
      { i: en.id },
      token,
    );
    expect(unlinkOriginal.errors?.[0].extensions?.field).toBe('interview_id');

    await ok(app, 'mutation($i: ID!) { unlinkTranslation(interview_id: $i) { id } }', { i: zh.id }, token);
    const after = await ok<{ Interview: { isOriginal: boolean; translations: { id: string }[] } }>(
      app,
      'query($id: ID!) { Interview(id: $id) { isOriginal translations { id } } }',
      { id: en.id },
      token,
    );
    expect(after.Interview).toEqual({ isOriginal: true, translations: [] });
    await ok(app, 'mutation($id: ID!) { deleteInterview(id: $id) { id } }', { id: en.id }, token);
  });
});
