import type { ObjectId } from 'mongodb';
import type { AnswerDocument } from '../answers/answer.model';
import type { InterviewDocument } from '../interviews/interview.model';
import { alignmentRows, type PairOf } from './alignment-rows';
import type { TranslationGroupDocument } from './translation.model';

const hex = (id: ObjectId) => id.toHexString();

/** A parsed entry of a translation being imported, as far as alignment needs it. */
export interface ParsedEntryForAlignment {
  position: number;
  section: string | null;
  speaker: string | null;
}

export interface AlignmentPairInput {
  original: number[];
  translation: number[];
}

/** What an import of a translation will link and pair, worked out inside its transaction. */
export interface TranslationImportPlan {
  group: TranslationGroupDocument | null;
  original: InterviewDocument;
  originalEntries: AnswerDocument[];
  language: string;
  /** Pairs by position: original positions ↔ positions in the imported text. */
  pairs: PairOf<number, number>[];
}

export type MismatchKind = 'ENTRY_COUNT' | 'SECTION_MISSING' | 'SPEAKER_MISMATCH' | 'UNPAIRED';

export interface TranslationMismatch {
  kind: MismatchKind;
  message: string;
  originalPosition: number | null;
  translationPosition: number | null;
}

export interface TranslationPreviewResult {
  original: InterviewDocument;
  language: string;
  rows: { original: AnswerDocument[]; translation: number[]; mismatches: MismatchKind[] }[];
  mismatches: TranslationMismatch[];
}

/** Lines a translation up against its original and flags what does not correspond; pure. */
export function compareWithOriginal(
  plan: TranslationImportPlan,
  parsed: { sections: string[]; entries: ParsedEntryForAlignment[] },
): Pick<TranslationPreviewResult, 'rows' | 'mismatches'> {
  const originalByPosition = new Map(plan.originalEntries.map((entry) => [entry.position, entry]));
  const parsedByPosition = new Map(parsed.entries.map((entry) => [entry.position, entry]));
  const rows = alignmentRows(
    plan.originalEntries.map((entry) => entry.position),
    parsed.entries.map((entry) => entry.position),
    plan.pairs,
    String,
  );
  const mismatches: TranslationMismatch[] = [];
  if (plan.originalEntries.length !== parsed.entries.length) {
    mismatches.push({
      kind: 'ENTRY_COUNT',
      message: `The original has ${plan.originalEntries.length} entries, the translation ${parsed.entries.length}`,
      originalPosition: null,
      translationPosition: null,
    });
  }
  // Who is who across languages: the name a speaker is paired with most, and the speaker a name is paired
  // with most; a pair that agrees with neither way is a mismatch.
  const nameVotes = new Map<string, Map<string, number>>();
  const speakerVotes = new Map<string, Map<string, number>>();
  const vote = (votes: Map<string, Map<string, number>>, key: string, value: string) => {
    const counts = votes.get(key) ?? new Map<string, number>();
    counts.set(value, (counts.get(value) ?? 0) + 1);
    votes.set(key, counts);
  };
  for (const row of rows) {
    const original = row.original.length ? originalByPosition.get(row.original[0]) : undefined;
    const translated = row.translation.length ? parsedByPosition.get(row.translation[0]) : undefined;
    if (!original?.speaker_id || !translated?.speaker) continue;
    vote(nameVotes, hex(original.speaker_id), translated.speaker);
    vote(speakerVotes, translated.speaker, hex(original.speaker_id));
  }
  const mostVoted = (votes: Map<string, Map<string, number>>) =>
    new Map([...votes].map(([key, counts]) => [key, [...counts].sort((a, b) => b[1] - a[1])[0][0]]));
  const nameOf = mostVoted(nameVotes);
  const speakerOf = mostVoted(speakerVotes);
  const sectionIndex = (sections: readonly string[], section: string | null) =>
    section === null ? -1 : sections.indexOf(section);
  const coveredSections = new Set<number>();
  const flagged = rows.map((row) => {
    const flags: MismatchKind[] = [];
    const original = row.original.map((p) => originalByPosition.get(p)!);
    const translated = row.translation.map((p) => parsedByPosition.get(p)!);
    if (original.length === 0 || translated.length === 0) {
      flags.push('UNPAIRED');
      mismatches.push({
        kind: 'UNPAIRED',
        message:
          original.length === 0
            ? `Entry ${translated[0].position} of the translation has no counterpart in the original`
            : `Entry ${original[0].position} of the original has no counterpart in the translation`,
        originalPosition: original[0]?.position ?? null,
        translationPosition: translated[0]?.position ?? null,
      });
      return { original, translation: row.translation, mismatches: flags };
    }
    const originalSection = sectionIndex(plan.original.sections, original[0].section);
    const translatedSection = sectionIndex(parsed.sections, translated[0].section);
    if (originalSection === translatedSection) coveredSections.add(originalSection);
    else flags.push('SECTION_MISSING');
    const speaker = original[0].speaker_id;
    const name = translated[0].speaker;
    if (speaker && name && (speakerOf.get(name) !== hex(speaker) || nameOf.get(hex(speaker)) !== name)) {
      flags.push('SPEAKER_MISMATCH');
      mismatches.push({
        kind: 'SPEAKER_MISMATCH',
        message: `Entry ${translated[0].position} of the translation is spoken by ${name}, who answers for someone else elsewhere`,
        originalPosition: original[0].position,
        translationPosition: translated[0].position,
      });
    }
    return { original, translation: row.translation, mismatches: flags };
  });
  plan.original.sections.forEach((section, index) => {
    if (coveredSections.has(index)) return;
    const first = plan.originalEntries.find((entry) => entry.section === section);
    if (!first) return;
    mismatches.push({
      kind: 'SECTION_MISSING',
      message: `Section ${index + 1} of the original (“${section}”) has no counterpart section in the translation`,
      originalPosition: first.position,
      translationPosition: null,
    });
  });
  return { rows: flagged, mismatches };
}
