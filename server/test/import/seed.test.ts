import { loadSeeds } from '../../src/transcripts/seed';
import { ok } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';

interface SeedInterview {
  id: string;
  title: string;
  publisher: string;
  status: string;
  intro: string | null;
  sections: string[];
  boilerplate: string[];
  version: number;
  answers: {
    id: string;
    position: number;
    section: string | null;
    question: string;
    text: string;
    version: number;
    speaker: { name: string; title: string | null; organization: string | null } | null;
    questioner: { name: string } | null;
  }[];
}

const INTERVIEWS = `{
  allInterviews(sortField: "publisher", sortOrder: "DESC") {
    id title publisher status intro sections boilerplate version
    answers { id position section question text version speaker { name title organization } questioner { name } }
  }
}`;

describe('the seed interviews', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService({ SEED_ON_START: 'true' });
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  // As an editor: 25 interviews with up to 1000 entries each is over an anonymous caller's MAX_QUERY_COST.
  async function interviews(): Promise<SeedInterview[]> {
    return (await ok<{ allInterviews: SeedInterview[] }>(app, INTERVIEWS, {}, token)).allInterviews;
  }

  it('are loaded, published, at the first start on an empty database', async () => {
    const all = await interviews();
    expect(all.map((i) => [i.publisher, i.status])).toEqual([
      ['Wu Blockchain', 'PUBLISHED'],
      ['Deep Tide TechFlow', 'PUBLISHED'],
    ]);
  });

  it('seed 000: ten numbered questions answered by Intae Song of Bitget, the list kept in answer 4, no footer in answer 10', async () => {
    const wu = (await interviews()).find((i) => i.publisher === 'Wu Blockchain')!;
    expect(wu.answers).toHaveLength(10);
    for (const answer of wu.answers) {
      expect(answer.speaker).toMatchObject({ name: 'Intae Song', organization: 'Bitget' });
      expect(answer.speaker?.title).toMatch(/Global Chief Sales Officer/);
    }
    expect(wu.answers[0].question).toMatch(/^How did you initially enter the crypto industry/);
    expect(wu.answers[3].text.split('\n').length).toBeGreaterThan(2);
    expect(wu.answers[9].text).not.toMatch(/Follow us/i);
    expect(wu.boilerplate.join('\n')).toMatch(/Follow us/i);
  });

  it('seed 001: 13 entries by Xie Jiayin asked by Deep Tide TechFlow, in sections of 4, 2, 4 and 3, intro and disclaimer kept apart', async () => {
    const techflow = (await interviews()).find((i) => i.publisher === 'Deep Tide TechFlow')!;
    expect(techflow.answers).toHaveLength(13);
    expect(new Set(techflow.answers.map((a) => a.speaker?.name))).toEqual(new Set(['Xie Jiayin']));
    expect(new Set(techflow.answers.map((a) => a.questioner?.name))).toEqual(new Set(['Deep Tide TechFlow']));
    expect(techflow.sections).toHaveLength(4);
    const sizes = techflow.sections.map(
      (section) => techflow.answers.filter((a) => a.section === section).length,
    );
    expect(sizes).toEqual([4, 2, 4, 3]);
    expect(techflow.intro).toMatch(/restless world of crypto/);
    expect(techflow.answers[12].text).not.toMatch(/免责声明/);
    expect(techflow.boilerplate.join('\n')).toMatch(/免责声明/);
  });

  it('reloads idempotently: a second run leaves the same documents', async () => {
    const before = await interviews();
    const reports = await loadSeeds(app.service.services, app.config.seedsDir, {});
    expect(reports.map((r) => r.outcome)).toEqual(['kept', 'kept']);
    expect(await interviews()).toEqual(before);
    expect(await app.service.database.db.collection('speakers').countDocuments()).toBe(
      new Set(before.flatMap((i) => i.answers.flatMap((a) => [a.speaker?.name, a.questioner?.name]))).size,
    );
  });

  it("never overwrites an editor's correction unless forced", async () => {
    const wu = (await interviews()).find((i) => i.publisher === 'Wu Blockchain')!;
    const first = wu.answers[0];
    await ok(
      app,
      'mutation($id: ID!, $v: Int!) { updateAnswer(id: $id, version: $v, text: "Corrected by an editor.") { id } }',
      { id: first.id, v: first.version },
      token,
    );
    await loadSeeds(app.service.services, app.config.seedsDir, {});
    let again = (await interviews()).find((i) => i.publisher === 'Wu Blockchain')!;
    expect(again.answers[0].text).toBe('Corrected by an editor.');

    const reports = await loadSeeds(app.service.services, app.config.seedsDir, { force: true });
    expect(reports.map((r) => r.outcome)).toEqual(['replaced', 'replaced']);
    again = (await interviews()).find((i) => i.publisher === 'Wu Blockchain')!;
    expect(again.answers[0].text).toBe(first.text);
    expect(await app.service.database.db.collection('interviews').countDocuments()).toBe(2);
    expect(await app.service.database.db.collection('answers').countDocuments()).toBe(23);
  });
});
