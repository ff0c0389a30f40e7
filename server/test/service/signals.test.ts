import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput, exitOf, freePort, REPO_ROOT, waitFor } from '../../../test/support/process';

/**
 * `npm start` stopped the way an operator stops it: Ctrl+C in a terminal or SIGTERM to the process group
 * both signal every process of the group (npm, the shell, node) and npm forwards what it got as well. The
 * service must still shut down once, gracefully: drain, close, exit 0 — never "Second signal".
 */
describe('stopping npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'transcripts-signals-'));
  let child: ChildProcess | undefined;

  afterEach(() => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function start(
    command: string[],
  ): Promise<{ child: ChildProcess; port: number; output: () => string }> {
    const port = await freePort();
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
    delete env.MONGODB_URI;
    Object.assign(env, {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NODE_ENV: 'development',
      SEED_ON_START: 'false',
      LOG_LEVEL: 'debug',
    });
    // Its own process group, as a terminal gives a foreground job.
    const proc = spawn(command[0], command.slice(1), {
      cwd: REPO_ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = captureOutput(proc);
    const exitedEarly = exitOf(proc).then(({ code, signal }) => {
      throw new Error(`${command.join(' ')} exited (${code ?? signal}) before answering`);
    });
    await Promise.race([
      waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200,
        // npm start builds the server and the admin first when they are missing or stale.
        400_000,
        `${command.join(' ')} to answer /healthz`,
      ),
      exitedEarly,
    ]).catch((error: Error) => {
      if (proc.pid && proc.exitCode === null) process.kill(-proc.pid, 'SIGKILL');
      throw new Error(`${error.message}\n${output.text()}`);
    });
    exitedEarly.catch(() => undefined);
    return { child: proc, port, output: output.text };
  }

  function expectOneGracefulShutdown(log: string): void {
    expect(log).not.toMatch(/Second signal/);
    expect(log.match(/"msg":"Signal received"/g)).toHaveLength(1);
    expect(log).toMatch(/"msg":"Shutting down: draining requests"/);
    expect(log).toMatch(/"msg":"Shut down"/);
  }

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'node scripts/start.mjs shuts down once, cleanly, with exit 0 on %s to its process group',
    async (signal) => {
      const started = await start([process.execPath, 'scripts/start.mjs']);
      child = started.child;
      process.kill(-child.pid!, signal);
      const exit = await exitOf(child);
      const log = started.output();
      expectOneGracefulShutdown(log);
      expect({ exit, log }).toEqual({ exit: { code: 0, signal: null }, log });
    },
    450_000,
  );

  it('npm start shuts the service down once, cleanly, on a Ctrl+C (SIGINT to the group)', async () => {
    const started = await start(['npm', 'start']);
    child = started.child;
    process.kill(-child.pid!, 'SIGINT');
    const exit = await exitOf(child);
    expectOneGracefulShutdown(started.output());
    // npm itself ends by re-raising the signal it got, as shells expect of an interrupted job.
    expect([
      JSON.stringify({ code: 0, signal: null }),
      JSON.stringify({ code: null, signal: 'SIGINT' }),
    ]).toContain(JSON.stringify(exit));
  }, 450_000);
});
