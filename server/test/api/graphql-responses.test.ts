import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createInterview, InterviewFixture } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A POST /graphql with exactly these request headers (fetch would add Accept-Encoding and decode). */
function post(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${url}/graphql`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function decoded(response: RawResponse): unknown {
  const encoding = response.headers['content-encoding'];
  const bytes =
    encoding === 'gzip'
      ? gunzipSync(response.body)
      : encoding === 'br'
        ? brotliDecompressSync(response.body)
        : response.body;
  return JSON.parse(bytes.toString('utf8'));
}

const TRANSCRIPT = `query($slug: String!) { interview(slug: $slug) {
  title speakers { name } answers { position question text speaker { name } questioner { name } } } }`;

describe('GraphQL responses over HTTP', () => {
  let app: TestService;
  let fixture: InterviewFixture;
  let slug: string;

  beforeAll(async () => {
    app = await startTestService();
    const token = await app.login();
    fixture = await createInterview(app, token, { count: 25 });
    const found = await app.graphql<{ Interview: { slug: string } }>(
      'query($id: ID!) { Interview(id: $id) { slug } }',
      { id: fixture.interviewId },
    );
    slug = found.data!.Interview.slug;
  });

  afterAll(async () => {
    await app.stop();
  });

  it('sends a transcript gzip-compressed in one piece, with its length, to a client that accepts gzip', async () => {
    const plain = await post(app.url, { query: TRANSCRIPT, variables: { slug } });
    const gzip = await post(
      app.url,
      { query: TRANSCRIPT, variables: { slug } },
      { 'accept-encoding': 'gzip' },
    );

    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    expect(plain.body.length).toBeGreaterThan(1024);

    expect(gzip.status).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['transfer-encoding']).toBeUndefined();
    expect(Number(gzip.headers['content-length'])).toBe(gzip.body.length);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 2);
    expect(gzip.headers.vary).toMatch(/accept-encoding/i);
    expect(gzip.headers['cache-control']).toBe('no-store');
    expect(gzip.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json/);
    expect(gzip.headers.etag).toBeUndefined();

    const transcript = decoded(gzip) as {
      data: {
        interview: {
          speakers: { name: string }[];
          answers: { position: number; speaker: { name: string }; questioner: { name: string } }[];
        };
      };
    };
    expect(transcript).toEqual(decoded(plain));
    const { answers, speakers } = transcript.data.interview;
    expect(answers.map((answer) => answer.position)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(speakers.map((speaker) => speaker.name).sort()).toEqual(
      [answers[0].questioner.name, answers[0].speaker.name].sort(),
    );
  });

  it('chooses the encoding by the client’s q-values: brotli when it prefers it, none when it refuses both', async () => {
    const brotli = await post(
      app.url,
      { query: TRANSCRIPT, variables: { slug } },
      { 'accept-encoding': 'gzip;q=0.5, br' },
    );
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(Number(brotli.headers['content-length'])).toBe(brotli.body.length);
    const identity = await post(
      app.url,
      { query: TRANSCRIPT, variables: { slug } },
      { 'accept-encoding': 'identity' },
    );
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(decoded(brotli)).toEqual(decoded(identity));
  });

  it('sends small answers and errors as they are', async () => {
    const small = await post(app.url, { query: '{ __typename }' }, { 'accept-encoding': 'gzip, br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(Number(small.headers['content-length'])).toBe(small.body.length);
    expect(JSON.parse(small.body.toString('utf8'))).toEqual({ data: { __typename: 'Query' } });

    const refused = await post(app.url, { query: '{ nope }' }, { 'accept-encoding': 'gzip' });
    expect(refused.status).toBe(400);
    expect(
      (decoded(refused) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
    ).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers queries sent by GET as well', async () => {
    const search = new URLSearchParams({ query: TRANSCRIPT, variables: JSON.stringify({ slug }) });
    const response = await fetch(`${app.url}/graphql?${search.toString()}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { interview: { answers: unknown[] } } };
    expect(body.data.interview.answers).toHaveLength(25);
  });
});
