import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../test/support/process';
import { startTestService, TestService } from '../../../test/support/service';

const DIST = join(REPO_ROOT, 'admin/dist');

/** Builds admin/dist when it is missing or older than its sources (the same rule as `npm start`). */
function buildAdminIfNeeded(): void {
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import('./scripts/build-if-needed.mjs').then((m) => m.buildAdminIfNeeded())",
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: 400_000 },
  );
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET with the exact request headers given (fetch would add Accept-Encoding and decode the body). */
function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('HTTP hardening in production', () => {
  let app: TestService;
  let entryScript: string;

  beforeAll(async () => {
    buildAdminIfNeeded();
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    entryScript = /<script[^>]+src="\/admin(\/assets\/[^"]+\.js)"/.exec(html)![1];
    app = await startTestService({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-for-tests' });
  }, 450_000);

  afterAll(async () => {
    await app?.stop();
  });

  function csp(response: RawResponse): Map<string, string> {
    const header = String(response.headers['content-security-policy'] ?? '');
    return new Map(
      header
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .filter((words) => words[0])
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
  }

  it.each([
    '/admin/',
    '/admin/some/client/route',
    '/healthz',
    '/graphql',
    '/',
    `/admin/assets/missing-abcdefgh.js`,
  ])('sends the security headers on %s', async (path) => {
    const response = await get(`${app.url}${path}`, { accept: 'text/html' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(csp(response).get('frame-ancestors')).toBe("'none'");
    expect(csp(response).get('object-src')).toBe("'none'");
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it("gives the admin a policy that allows its own scripts only, and MUI's inline styles", async () => {
    const policy = csp(await get(`${app.url}/admin/`));
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('default-src')).toBe("'self'");
    expect(policy.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(policy.get('connect-src')).toBe("'self'");
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    // No inline script: every <script> of the built page has a src (script-src 'self' would block it).
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\bsrc=/);
  });

  it('serves the bundled API explorer at GET /graphql: same-origin assets only, under the same script policy', async () => {
    const response = await get(`${app.url}/graphql`, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const html = response.body.toString();
    expect(html).toContain('<title>Transcripts GraphQL explorer</title>');
    const references = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    const scripts = references.filter((reference) => reference.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const reference of references) {
      expect(reference).toMatch(/^\/admin\//);
      expect((await get(`${app.url}${reference}`)).status).toBe(200);
    }
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\bsrc=/);
    const policy = csp(response);
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('connect-src')).toBe("'self'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    // API clients still get the API on the same path.
    const json = await get(`${app.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      accept: 'application/json',
      'apollo-require-preflight': 'true',
    });
    expect(JSON.parse(json.body.toString())).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers /favicon.ico with an icon, and the admin links one', async () => {
    const icon = await get(`${app.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    expect(icon.body.subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    const html = (await get(`${app.url}/admin/`)).body.toString();
    const linked = [...html.matchAll(/<link rel="icon" href="([^"]+)"/g)].map((match) => match[1]);
    expect(linked.length).toBeGreaterThan(0);
    for (const href of linked) expect((await get(`${app.url}${href}`)).status).toBe(200);
  });

  it('caches hashed assets for a year as immutable and revalidates index.html', async () => {
    const asset = await get(`${app.url}/admin${entryScript}`);
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/admin/', '/admin/interviews/123']) {
      const page = await get(`${app.url}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers['cache-control']).toBe('no-cache');
    }
  });

  it('compresses the admin bundle with brotli or gzip, as the client accepts', async () => {
    const plain = await get(`${app.url}/admin${entryScript}`);
    const brotli = await get(`${app.url}/admin${entryScript}`, { 'accept-encoding': 'br, gzip' });
    const gzip = await get(`${app.url}/admin${entryScript}`, { 'accept-encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(brotli.body.length).toBeLessThan(plain.body.length / 3);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 2);
    // Sent as the build compressed them at the best level, not compressed again per request.
    expect(gzip.body).toEqual(readFileSync(join(DIST, `${entryScript.slice(1)}.gz`)));
    expect(brotli.body).toEqual(readFileSync(join(DIST, `${entryScript.slice(1)}.br`)));
    expect(gzip.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('tells caches not to store GraphQL responses', async () => {
    const response = await get(`${app.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      'apollo-require-preflight': 'true',
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ data: { __typename: 'Query' } });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('publishes no source maps: none built, none served', async () => {
    const maps = readdirSync(join(DIST, 'assets')).filter((name) => name.endsWith('.map'));
    expect(maps).toEqual([]);
    const bundle = readFileSync(join(DIST, entryScript.replace(/^\//, '')), 'utf8');
    expect(bundle).not.toMatch(/sourceMappingURL/);
    const response = await get(`${app.url}/admin${entryScript}.map`);
    expect(response.status).toBe(404);
    expect(existsSync(join(DIST, 'index.html'))).toBe(true);
  });

  it('answers a missing asset with 404, not the HTML page', async () => {
    const response = await get(`${app.url}/admin/assets/missing-abcdefgh.js`);
    expect(response.status).toBe(404);
  });
});
