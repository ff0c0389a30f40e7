import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ok } from '../../../test/support/fixtures';
import type { TestService } from '../../../test/support/service';

export function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}

export interface EntryRow {
  id: string;
  position: number;
  question: string;
  text: string;
  version: number;
  section: string | null;
}

export interface ImportedVersion {
  id: string;
  slug: string;
  language: string;
  version: number;
  status: string;
  answers: EntryRow[];
}

const VERSION_FIELDS =
  'id slug language version status answers { id position question text version section }';

/** Imports a transcript (a translation when `translationOf` is given) and returns the interview with its entries. */
export async function importVersion(
  app: TestService,
  token: string,
  text: string,
  options: Record<string, unknown>,
): Promise<ImportedVersion> {
  const data = await ok<{ importTranscript: ImportedVersion }>(
    app,
    `mutation($text: String!, $options: TranscriptOptions) { importTranscript(text: $text, options: $options) { ${VERSION_FIELDS} } }`,
    { text, options },
    token,
  );
  return data.importTranscript;
}

/** The English original and its Chinese translation, imported through the API. */
export async function importTidePair(
  app: TestService,
  token: string,
  options: { publishTranslation?: boolean } = {},
): Promise<{ en: ImportedVersion; zh: ImportedVersion }> {
  const en = await importVersion(app, token, fixture('tide-en.md'), { language: 'en', publish: true });
  const zh = await importVersion(app, token, fixture('tide-zh.md'), {
    translationOf: en.id,
    language: 'zh',
    publish: options.publishTranslation ?? false,
  });
  return { en, zh };
}
