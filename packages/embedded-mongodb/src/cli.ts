// Runs the embedded engine as a process:
//   node dist/cli.js --port N --dbpath DIR [--host H] [--log-level L]
// Prints exactly one line to stdout (the connection string); diagnostics go to stderr.
// Stops cleanly (exit 0) on SIGINT/SIGTERM. Bad arguments: message on stderr, exit code 2.
import { EngineLogger, startEmbeddedEngine } from './index';

const USAGE =
  'usage: cli --dbpath <dir> [--port <0-65535>] [--host <address>] [--log-level debug|info|warn|error|silent]';
const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof LEVELS)[number];

interface Args {
  dbPath: string;
  port: number;
  host: string;
  logLevel: Level;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    const match = /^--(port|dbpath|host|log-level)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unknown argument '${arg}'\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${match[1]} needs a value\n${USAGE}`);
    values.set(match[1], value);
  }
  const dbPath = values.get('dbpath');
  if (!dbPath) throw new UsageError(`--dbpath is required\n${USAGE}`);
  const portText = values.get('port') ?? '0';
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(
      `invalid --port '${portText}': expected an integer from 0 to 65535 (0 picks a free port)`,
    );
  }
  const host = values.get('host') ?? '127.0.0.1';
  if (host.length === 0) throw new UsageError('--host must not be empty');
  const logLevel = (values.get('log-level') ?? 'info') as Level;
  if (!LEVELS.includes(logLevel)) throw new UsageError(`invalid --log-level '${logLevel}'\n${USAGE}`);
  return { dbPath, port, host, logLevel };
}

function stderrLogger(level: Level): EngineLogger {
  const threshold = LEVELS.indexOf(level);
  const write = (name: Level) => (msg: string) => {
    if (LEVELS.indexOf(name) >= threshold)
      process.stderr.write(`${new Date().toISOString()} ${name} ${msg}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const logger = stderrLogger(args.logLevel);
  let engine;
  try {
    engine = await startEmbeddedEngine({ dbPath: args.dbPath, port: args.port, host: args.host, logger });
  } catch (error) {
    process.stderr.write(
      `could not start the engine: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${engine.uri}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`received ${signal}, shutting down`);
    engine.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `error while shutting down: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
