import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import { truncateForLog } from './log-safety';

/** One debug line per HTTP request, written when the response is finished. Plain Node middleware. */
export function requestLog(logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const startedAt = process.hrtime.bigint();
    // Taken now: Express's mounted routers (/admin) rewrite req.url while they handle it.
    const url = truncateForLog(req.url ?? '');
    res.on('finish', () => {
      logger.debug(
        {
          method: req.method,
          url,
          status: res.statusCode,
          durationMs: Number(process.hrtime.bigint() - startedAt) / 1e6,
        },
        'http',
      );
    });
    next();
  };
}
