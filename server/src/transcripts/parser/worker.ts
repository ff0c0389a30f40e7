/**
 * Parses transcripts on a worker thread, so a large text does not hold the event loop (and every other
 * request) for the hundreds of milliseconds its parse takes. Small texts are parsed in place: a worker
 * costs more to start than they take to parse.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { parseTranscript } from '.';
import { TranscriptParseError } from './errors';
import type { ParsedTranscript, TranscriptOptions } from './types';

/** Texts up to this many characters parse in place (about 40 ms on one core); longer ones on a worker. */
export const PARSE_IN_PLACE_MAX_CHARS = 128 * 1024;

interface ParseRequest {
  kind: 'parse-transcript';
  text: string;
  options: TranscriptOptions;
}

type ParseReply =
  | { ok: true; parsed: ParsedTranscript }
  | { ok: false; parseError: { reason: string; line: number | null; field: string } }
  | { ok: false; failure: string };

/** parseTranscript, off the event loop when the text is long; throws TranscriptParseError as it does. */
export async function parseTranscriptOffThread(
  text: string,
  options: TranscriptOptions = {},
): Promise<ParsedTranscript> {
  if (typeof text !== 'string' || text.length <= PARSE_IN_PLACE_MAX_CHARS) {
    return parseTranscript(text, options);
  }
  const reply = await runWorker({ kind: 'parse-transcript', text, options });
  if (reply.ok) return reply.parsed;
  if ('parseError' in reply) {
    const { reason, line, field } = reply.parseError;
    throw new TranscriptParseError(reason, line, field);
  }
  throw new Error(`transcript parser worker failed: ${reply.failure}`);
}

function runWorker(request: ParseRequest): Promise<ParseReply> {
  // Under the tests and benchmarks this file is TypeScript, loaded through a require hook the worker needs too.
  const worker = __filename.endsWith('.ts')
    ? new Worker(
        `require(${JSON.stringify(require.resolve('@swc-node/register'))}); require(${JSON.stringify(__filename)});`,
        {
          eval: true,
          workerData: request,
        },
      )
    : new Worker(__filename, { workerData: request });
  return new Promise<ParseReply>((resolve) => {
    let settled = false;
    const settle = (reply: ParseReply) => {
      if (settled) return;
      settled = true;
      resolve(reply);
      void worker.terminate();
    };
    worker.once('message', (reply: ParseReply) => settle(reply));
    worker.once('error', (error) => settle({ ok: false, failure: error.message }));
    worker.once('exit', (code) => settle({ ok: false, failure: `exited with code ${code}` }));
  });
}

function parseRequest({ text, options }: ParseRequest): ParseReply {
  try {
    return { ok: true, parsed: parseTranscript(text, options) };
  } catch (error) {
    if (error instanceof TranscriptParseError) {
      const prefix = error.line === null ? '' : `line ${error.line}: `;
      const reason = error.message.slice(prefix.length);
      return { ok: false, parseError: { reason, line: error.line, field: error.field } };
    }
    return { ok: false, failure: error instanceof Error ? error.message : String(error) };
  }
}

function isParseRequest(data: unknown): data is ParseRequest {
  return typeof data === 'object' && data !== null && (data as ParseRequest).kind === 'parse-transcript';
}

if (!isMainThread && parentPort && isParseRequest(workerData))
  parentPort.postMessage(parseRequest(workerData));
