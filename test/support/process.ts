import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '../..');

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs a TypeScript entry of the server from source, as its own process. */
export function spawnTs(
  entry: string,
  args: string[],
  env: Record<string, string | undefined>,
): ChildProcess {
  const cleanEnv: Record<string, string> = {};
  // The server's tsconfig maps the engine package to its source, so nothing needs building first.
  const compileWith = { SWC_NODE_PROJECT: join(REPO_ROOT, 'server/tsconfig.json') };
  for (const [key, value] of Object.entries({ ...process.env, ...compileWith, ...env })) {
    if (value !== undefined) cleanEnv[key] = value;
  }
  return spawn(process.execPath, ['-r', '@swc-node/register', join(REPO_ROOT, entry), ...args], {
    cwd: REPO_ROOT,
    env: cleanEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Polls `probe` until it returns true or the time is up. */
export async function waitFor(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Collects a child's output, for assertions and for failure messages. */
export function captureOutput(child: ChildProcess): { text(): string } {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { text: () => output };
}
