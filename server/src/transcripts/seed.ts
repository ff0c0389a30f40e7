import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectId } from 'mongodb';
import type { Logger } from '../logger';
import type { TranscriptImportService } from './import.service';
import type { InterviewService } from '../interviews/interview.service';
import type { SpeakerOption, TranscriptFormat } from './parser';

/** One seed interview: its file and what the text does not say (who, roles, publisher). */
export interface SeedEntry {
  file: string;
  title?: string;
  publisher?: string;
  language?: string;
  format?: TranscriptFormat;
  interviewer?: SpeakerOption | SpeakerOption[];
  interviewee?: SpeakerOption | SpeakerOption[];
  status?: 'PUBLISHED' | 'DRAFT';
  sourceUrl?: string;
}

export type SeedOutcome = 'imported' | 'kept' | 'replaced';

export interface SeedReport {
  file: string;
  outcome: SeedOutcome;
  title: string;
  entries: number;
}

export const SEED_MANIFEST = 'seeds.json';

export async function readSeedManifest(seedsDir: string): Promise<SeedEntry[]> {
  const raw: unknown = JSON.parse(await readFile(join(seedsDir, SEED_MANIFEST), 'utf8'));
  const entries = Array.isArray(raw) ? raw : (raw as { interviews?: unknown }).interviews;
  if (!Array.isArray(entries)) throw new Error(`${SEED_MANIFEST}: expected a list of seed interviews`);
  return entries.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null || typeof (entry as SeedEntry).file !== 'string') {
      throw new Error(`${SEED_MANIFEST}: entry ${index + 1} has no "file"`);
    }
    return entry as SeedEntry;
  });
}

/**
 * Loads the seed interviews idempotently: one already loaded (recognised by its file name) is kept as
 * it is — editors' corrections included — unless `force`, which re-imports it in one transaction.
 */
export async function loadSeeds(
  deps: { transcripts: TranscriptImportService; interviews: InterviewService },
  seedsDir: string,
  options: {
    force?: boolean;
    logger?: Logger;
    onProgress?: (report: SeedReport, index: number, total: number) => void;
  },
): Promise<SeedReport[]> {
  const manifest = await readSeedManifest(seedsDir);
  const reports: SeedReport[] = [];
  for (const [index, entry] of manifest.entries()) {
    const existing = await deps.interviews.getBySourceFile(entry.file);
    let report: SeedReport;
    if (existing && !options.force) {
      report = { file: entry.file, outcome: 'kept', title: existing.title, entries: -1 };
    } else {
      const text = await readFile(join(seedsDir, entry.file), 'utf8');
      const result = await deps.transcripts.import(
        text,
        {
          format: entry.format,
          title: entry.title,
          publisher: entry.publisher,
          language: entry.language,
          interviewer: entry.interviewer,
          interviewee: entry.interviewee,
          publish: (entry.status ?? 'PUBLISHED') === 'PUBLISHED',
          sourceUrl: entry.sourceUrl,
          fileName: entry.file,
          replaces: existing?._id as ObjectId | undefined,
        },
        null,
      );
      report = {
        file: entry.file,
        outcome: existing ? 'replaced' : 'imported',
        title: result.interview.title,
        entries: result.entries,
      };
    }
    reports.push(report);
    options.logger?.info({ ...report }, 'Seed interview');
    options.onProgress?.(report, index, manifest.length);
  }
  return reports;
}
