import type { Request, Response } from 'express';
import type { Database } from '../db/connection';

/**
 * 200 `{status: 'ok', db}` while the database answers within the health timeout and can store writes;
 * 503 `{status: 'unavailable', db, reason}` otherwise (unreachable, too slow, or the disk is full).
 */
export function healthzHandler(database: Database) {
  return async (_req: Request, res: Response): Promise<void> => {
    const health = await database.health();
    res
      .status(health.ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(
        health.ok
          ? { status: 'ok', db: database.kind }
          : { status: 'unavailable', db: database.kind, reason: health.reason },
      );
  };
}
