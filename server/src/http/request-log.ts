import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger';
import { truncateForLog } from './log-safety';

/** One debug line per HTTP request, written when the response is finished. */
export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const startedAt = process.hrtime.bigint();
    res.on('finish', () => {
      logger.debug(
        {
          method: req.method,
          url: truncateForLog(req.originalUrl),
          status: res.statusCode,
          durationMs: Number(process.hrtime.bigint() - startedAt) / 1e6,
        },
        'http',
      );
    });
    next();
  };
}
