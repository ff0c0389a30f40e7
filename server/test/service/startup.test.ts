import { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput, exitOf, freePort, spawnTs, waitFor } from '../../../test/support/process';

/**
 * The service as `npm start` runs it: its own process, no MONGODB_URI, so the embedded engine under
 * DATA_DIR. Data written through GraphQL must still be there after a clean stop and a new start.
 */
describe('starting the service with no configuration', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'transcripts-startup-'));
  let child: ChildProcess | undefined;
  let port: number;

  async function start(): Promise<{ child: ChildProcess; output: () => string }> {
    port = await freePort();
    const proc = spawnTs('server/src/main.ts', [], {
      MONGODB_URI: undefined,
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: 'development',
      SEED_ON_START: 'false',
      LOG_LEVEL: 'info',
    });
    const output = captureOutput(proc);
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200,
      30_000,
      'the service to answer /healthz',
    ).catch((error: Error) => {
      proc.kill('SIGKILL');
      throw new Error(`${error.message}\n${output.text()}`);
    });
    return { child: proc, output: output.text };
  }

  async function graphql(query: string, variables: Record<string, unknown> = {}, token?: string) {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, never>; errors?: unknown[] };
  }

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('runs on the embedded engine, keeps data across a restart and exits 0 on SIGTERM', async () => {
    const first = await start();
    child = first.child;
    const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    expect(health).toEqual({ status: 'ok', db: 'embedded' });
    expect(first.output()).toMatch(/embedded MongoDB engine/);

    const login = await graphql(
      'mutation { login(email: "admin@example.com", password: "admin-password") { token } }',
    );
    const token = (login.data as unknown as { login: { token: string } }).login.token;
    const created = await graphql('mutation { createSpeaker(name: "Ada Persist") { id name } }', {}, token);
    expect(created.errors).toBeUndefined();

    child.kill('SIGTERM');
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });

    const second = await start();
    child = second.child;
    const found = await graphql('{ allSpeakers(filter: { q: "Ada Persist" }) { name } }');
    expect(found.data).toEqual({ allSpeakers: [{ name: 'Ada Persist' }] });

    child.kill('SIGINT');
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
  }, 90_000);

  it('refuses a bad configuration value with a message naming the variable and exit code 2', async () => {
    const proc = spawnTs('server/src/main.ts', [], { PORT: 'not-a-port', DATA_DIR: dataDir });
    const output = captureOutput(proc);
    expect((await exitOf(proc)).code).toBe(2);
    expect(output.text()).toMatch(/PORT must be a whole number/);
  }, 30_000);
});
