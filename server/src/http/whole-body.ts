import { promisify } from 'node:util';
import {
  brotliCompress,
  brotliCompressSync,
  constants as zlibConstants,
  gzip,
  gzipSync,
  type BrotliOptions,
  type ZlibOptions,
} from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import accepts from 'accepts';
import vary from 'vary';

/** Bodies smaller than this go out as they are: compressing them saves less than it costs (compression's default). */
export const COMPRESSION_THRESHOLD_BYTES = 1024;
/**
 * Bodies up to this size are compressed on the event loop (a 30 KB transcript takes about 0.1 ms); larger ones
 * on libuv's thread pool, so that one big answer does not hold up every other request.
 */
const SYNC_COMPRESSION_MAX_BYTES = 256 * 1024;

/** The levels the compression middleware uses for the rest of the service: its fastest, as readers wait. */
const GZIP_OPTIONS: ZlibOptions = { level: zlibConstants.Z_BEST_SPEED };
const BROTLI_OPTIONS = (size: number): BrotliOptions => ({
  params: {
    [zlibConstants.BROTLI_PARAM_QUALITY]: 4,
    [zlibConstants.BROTLI_PARAM_SIZE_HINT]: size,
  },
});

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

type Encoding = 'br' | 'gzip';

const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/** Distinct Accept-Encoding values remembered (clients send a handful); the oldest is forgotten first. */
const MAX_REMEMBERED_ACCEPT_ENCODINGS = 64;
const encodingByAcceptHeader = new Map<string, Encoding | null>();

/** The encoding the client accepts best (q-values, then its own order), or null for the body as it is. */
function negotiatedEncoding(req: IncomingMessage, res: ServerResponse): Encoding | null {
  const cacheControl = res.getHeader('Cache-Control');
  if (typeof cacheControl === 'string' && NO_TRANSFORM.test(cacheControl)) return null;
  const header = req.headers['accept-encoding'] ?? '';
  // Parsing the header (negotiator) costs more than compressing a small body; its answer depends on it alone.
  const remembered = encodingByAcceptHeader.get(header);
  if (remembered !== undefined) return remembered;
  const best = accepts(req).encodings(['gzip', 'br', 'identity']);
  const chosen = best === 'gzip' || best === 'br' ? best : null;
  if (encodingByAcceptHeader.size >= MAX_REMEMBERED_ACCEPT_ENCODINGS) {
    encodingByAcceptHeader.delete(encodingByAcceptHeader.keys().next().value as string);
  }
  encodingByAcceptHeader.set(header, chosen);
  return chosen;
}

async function compressed(body: Buffer, encoding: Encoding): Promise<Buffer> {
  const sync = body.length <= SYNC_COMPRESSION_MAX_BYTES;
  if (encoding === 'gzip') return sync ? gzipSync(body, GZIP_OPTIONS) : gzipAsync(body, GZIP_OPTIONS);
  const options = BROTLI_OPTIONS(body.length);
  return sync ? brotliCompressSync(body, options) : brotliAsync(body, options);
}

/**
 * Sends a response whose body is known in full: compressed as the client accepts (gzip or brotli, as the
 * compression middleware would) when it is large enough, with its Content-Length, in a single write. The
 * streaming middleware would send it chunked instead — a zlib stream, a thread-pool round and a second write
 * for the closing chunk, on every request — which for a reader's transcript costs more than its queries.
 */
export async function sendWholeBody(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
  let bytes: Buffer = Buffer.from(body, 'utf8');
  if (bytes.length >= COMPRESSION_THRESHOLD_BYTES) {
    vary(res, 'Accept-Encoding');
    const encoding = negotiatedEncoding(req, res);
    if (encoding) {
      bytes = await compressed(bytes, encoding);
      res.setHeader('Content-Encoding', encoding);
    }
  }
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}
