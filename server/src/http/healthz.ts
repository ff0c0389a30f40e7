import type { Request, Response } from 'express';
import type { Database } from '../db/connection';

/** 200 while the database answers a ping, 503 otherwise. */
export function healthzHandler(database: Database) {
  return async (_req: Request, res: Response): Promise<void> => {
    const healthy = await database.isHealthy();
    res
      .status(healthy ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(healthy ? { status: 'ok', db: database.kind } : { status: 'unavailable', db: database.kind });
  };
}
