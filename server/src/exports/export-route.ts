import type { NextFunction, Request, Response } from 'express';
import { parseAuthorization } from '../auth/tokens';
import type { UserService } from '../auth/user.service';
import { isEditor } from '../auth/auth-user';
import { InvalidInputError, NotFoundError, UnauthenticatedError, UnavailableError } from '../shared/errors';
import { formatOfExtension } from './export-model';
import type { ExportService } from './export.service';

const FILE_NAME = /^([A-Za-z0-9][A-Za-z0-9._~-]{0,299})\.([a-z]{2,4})$/u;
const LANGUAGE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/u;

/**
 * GET /export/{slug}.{md|txt|json|vtt|srt}: the interview as a download. Published interviews for anyone,
 * drafts for editors (`Authorization: Bearer <token>`); everything else answers 404 alike, so a reader cannot
 * tell a draft from nothing. `?language=xx` picks the version in that language of the slug's translation
 * group (404 when it has none the caller may see).
 */
export function exportHandler(exports: ExportService, users: UserService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const match = FILE_NAME.exec(String(req.params.file ?? ''));
      const format = match ? formatOfExtension(match[2]) : null;
      if (!match || !format) {
        problem(res, 404, 'NOT_FOUND', 'No such export: use /export/{slug}.{md|txt|json|vtt|srt}');
        return;
      }
      const language = req.query.language;
      if (language !== undefined && (typeof language !== 'string' || !LANGUAGE.test(language))) {
        problem(res, 400, 'BAD_USER_INPUT', 'language must be a language tag such as "en" or "zh"');
        return;
      }
      const authorization = parseAuthorization(req.headers.authorization);
      if (authorization.kind === 'malformed') {
        problem(res, 401, 'UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
        return;
      }
      const user = await users.authenticate(authorization.kind === 'bearer' ? authorization.token : null);
      const file = await exports.fileBySlug(
        match[1],
        format,
        { includeDrafts: isEditor(user) },
        language ?? null,
      );
      res.attachment(file.fileName);
      res.set('Content-Type', file.contentType).set('Cache-Control', 'no-store').send(file.body);
    } catch (error) {
      if (error instanceof NotFoundError) problem(res, 404, 'NOT_FOUND', 'No such interview');
      else if (error instanceof InvalidInputError) problem(res, 400, 'BAD_USER_INPUT', error.message);
      else if (error instanceof UnauthenticatedError) problem(res, 401, 'UNAUTHENTICATED', error.message);
      else if (error instanceof UnavailableError) problem(res, 503, 'SERVICE_UNAVAILABLE', error.message);
      else next(error);
    }
  };
}

function problem(res: Response, status: number, code: string, message: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error: { code, message } });
}
