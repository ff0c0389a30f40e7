import { ok } from '../../../test/support/fixtures';
import { errorCode, startTestService, TestService } from '../../../test/support/service';
import { ImportedVersion, importTidePair } from './support';

interface Version {
  id: string;
  slug: string;
  language: string;
  requestedLanguage: string | null;
  languageFallback: boolean;
  isOriginal: boolean;
  translations: { id: string; slug: string; language: string; title: string; status: string }[];
}

const VERSION = `query($slug: String!, $language: String) {
  interview(slug: $slug, language: $language) {
    id slug language requestedLanguage languageFallback isOriginal
    translations { id slug language title status }
  }
}`;

/** Polls until the condition holds: the search index follows writes through the change stream. */
async function eventually<T>(
  read: () => Promise<T>,
  holds: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (holds(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('translations for readers: versions, fallback, counterparts, filters and exports', () => {
  let app: TestService;
  let token: string;
  let en: ImportedVersion;
  let zh: ImportedVersion;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
    ({ en, zh } = await importTidePair(app, token));
  });

  afterAll(async () => {
    await app.stop();
  });

  const version = async (slug: string, language: string | null, as: string | null) =>
    (await ok<{ interview: Version | null }>(app, VERSION, { slug, language }, as)).interview;

  async function publish(id: string): Promise<void> {
    const data = await ok<{ Interview: { version: number } }>(
      app,
      'query($id: ID!) { Interview(id: $id) { version } }',
      { id },
      token,
    );
    await ok(
      app,
      'mutation($id: ID!, $v: Int!) { publishInterview(id: $id, version: $v) { id } }',
      { id, v: data.Interview.version },
      token,
    );
  }

  async function download(
    slug: string,
    query: string,
    as: string | null,
  ): Promise<{ status: number; body: string }> {
    const response = await fetch(`${app.url}/export/${slug}.md${query}`, {
      headers: as ? { authorization: `Bearer ${as}` } : {},
    });
    return { status: response.status, body: await response.text() };
  }

  it('while the Chinese version is a draft, readers fall back to the original and never see the draft', async () => {
    expect(await version(en.slug, 'zh', null)).toMatchObject({
      id: en.id,
      language: 'en',
      requestedLanguage: 'zh',
      languageFallback: true,
      isOriginal: true,
      translations: [],
    });
    // Even asked by the draft's own slug.
    expect(await version(zh.slug, 'zh', null)).toMatchObject({ id: en.id, languageFallback: true });
    expect(await version(zh.slug, null, null)).toBeNull();

    const counterpart = await ok<{ interview: { answers: { counterpart: { id: string } | null }[] } }>(
      app,
      'query($slug: String!) { interview(slug: $slug) { answers(first: 10) { counterpart(language: "zh") { id } } } }',
      { slug: en.slug },
      null,
    );
    expect(counterpart.interview.answers.map((a) => a.counterpart)).toEqual([null, null, null, null, null]);
    expect((await download(en.slug, '?language=zh', null)).status).toBe(404);
  });

  it('editors get the draft in the language they ask for, with the other versions listed', async () => {
    expect(await version(en.slug, 'zh', token)).toEqual({
      id: zh.id,
      slug: zh.slug,
      language: 'zh',
      requestedLanguage: 'zh',
      languageFallback: false,
      isOriginal: false,
      translations: [
        {
          id: en.id,
          slug: en.slug,
          language: 'en',
          title: 'Building Tide: a conversation with Ann Lee',
          status: 'PUBLISHED',
        },
      ],
    });
    // BCP 47 lookup: zh-Hans-CN finds zh; a language nobody has falls back to the original.
    expect((await version(en.slug, 'zh-Hans-CN', token))?.language).toBe('zh');
    expect(await version(zh.slug, 'fr', token)).toMatchObject({
      id: en.id,
      requestedLanguage: 'fr',
      languageFallback: true,
    });

    const bad = await app.graphql(VERSION, { slug: en.slug, language: 'not a language' }, token);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.field).toBe('language');
    const download_ = await download(en.slug, '?language=zh', token);
    expect(download_.status).toBe(200);
    expect(download_.body).toContain('# 打造 Tide：对话李安');
  });

  it('once published, readers get the Chinese version, its counterparts and its export', async () => {
    await publish(zh.id);
    expect(await version(en.slug, 'zh', null)).toMatchObject({
      id: zh.id,
      language: 'zh',
      languageFallback: false,
      translations: [{ id: en.id, language: 'en' }],
    });
    const pairs = await ok<{
      interview: {
        answers: { text: string; counterpart: { text: string } | null; counterparts: { id: string }[] }[];
      };
    }>(
      app,
      'query($slug: String!) { interview(slug: $slug, language: "en") { answers(first: 10) { text counterpart(language: "zh") { text } counterparts(language: "zh") { id } } } }',
      { slug: zh.slug },
      null,
    );
    expect(pairs.interview.answers[0]).toEqual({
      text: 'We started Tide in a small flat in Singapore in 2018, with two laptops and a borrowed server.',
      counterpart: {
        text: '2018 年，我们在新加坡一间小公寓里创办了 Tide，只有两台笔记本电脑和一台借来的服务器。',
      },
      counterparts: [{ id: zh.answers[0].id }],
    });
    expect(pairs.interview.answers.map((a) => a.counterparts.map((c) => c.id))).toEqual(
      zh.answers.map((a) => [a.id]),
    );

    const back = await ok<{ Answer: { counterpart: { id: string } } }>(
      app,
      'query($id: ID!) { Answer(id: $id) { counterpart(language: "en") { id } } }',
      { id: zh.answers[4].id },
      null,
    );
    expect(back.Answer.counterpart.id).toBe(en.answers[4].id);
    // Without a language: the original's entry, and none for an entry of the original itself.
    const toOriginal = await ok<{ zh: { counterpart: { id: string } }; en: { counterpart: null } }>(
      app,
      'query($zh: ID!, $en: ID!) { zh: Answer(id: $zh) { counterpart { id } } en: Answer(id: $en) { counterpart { id } } }',
      { zh: zh.answers[4].id, en: en.answers[4].id },
      null,
    );
    expect(toOriginal).toEqual({ zh: { counterpart: { id: en.answers[4].id } }, en: { counterpart: null } });

    const file = await download(en.slug, '?language=zh', null);
    expect(file.status).toBe(200);
    expect(file.body).toContain('**李安:** 推出中文版，逐条翻译。');
    expect((await download(en.slug, '?language=en', null)).body).toContain(
      '# Building Tide: a conversation with Ann Lee',
    );
    expect((await download(en.slug, '?language=fr', null)).status).toBe(404);
  });

  it('filters the interviews connection, the editors’ list and search by language', async () => {
    const connection = await ok<{ interviews: { totalCount: number; edges: { node: { id: string } }[] } }>(
      app,
      '{ interviews(language: "zh") { totalCount edges { node { id } } } }',
      {},
      null,
    );
    expect(connection.interviews.edges.map((edge) => edge.node.id)).toEqual([zh.id]);
    expect(connection.interviews.totalCount).toBe(1);
    const list = await ok<{ allInterviews: { id: string }[] }>(
      app,
      '{ allInterviews(filter: { language: "en" }) { id } }',
      {},
      token,
    );
    expect(list.allInterviews.map((i) => i.id)).toEqual([en.id]);
    const group = await ok<{ allInterviews: { id: string }[]; _allInterviewsMeta: { count: number } }>(
      app,
      'query($id: ID!) { allInterviews(filter: { translationOf: $id }, sortField: "language") { id } _allInterviewsMeta(filter: { translationOf: $id }) { count } }',
      { id: zh.id },
      token,
    );
    expect(group.allInterviews.map((i) => i.id)).toEqual([en.id, zh.id]);
    expect(group._allInterviewsMeta.count).toBe(2);

    const search = (language: string) =>
      ok<{ search: { hits: { interview: { id: string; language: string } }[] } }>(
        app,
        'query($l: String) { search(query: "Tide", filter: { language: $l }) { hits { interview { id language } } } }',
        { l: language },
        null,
      );
    const chinese = await eventually(
      () => search('zh'),
      (result) => result.search.hits.length > 0,
    );
    expect(new Set(chinese.search.hits.map((hit) => hit.interview.id))).toEqual(new Set([zh.id]));
    const english = await search('en');
    expect(new Set(english.search.hits.map((hit) => hit.interview.id))).toEqual(new Set([en.id]));
  });
});
