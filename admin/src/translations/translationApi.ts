/** The translation operations the side-by-side view uses (see the service's translations API). */
import { graphqlRequest } from '../graphql/request';
import { ANSWER_FIELDS } from '../graphql/operations';
import type { Answer, InterviewStatus } from '../types';

export interface StaleText {
  question: string;
  text: string;
}

/** A mark on an entry: its counterpart in `language` changed after the entry was last edited. */
export interface TranslationStaleness {
  language: string;
  interview_id: string;
  message: string;
  since: string;
  changedAt: string;
  sources: { answer_id: string; before: StaleText; after: StaleText | null }[];
}

export type AlignedAnswer = Answer & { stale: TranslationStaleness[] };

export interface AlignmentVersion {
  id: string;
  title: string;
  language: string;
  status: InterviewStatus;
  version: number;
}

export interface AlignmentRow {
  pair_id: string | null;
  original: AlignedAnswer[];
  translation: AlignedAnswer[];
}

export interface TranslationAlignment {
  original: AlignmentVersion;
  translation: AlignmentVersion;
  rows: AlignmentRow[];
}

const STALE_FIELDS =
  'stale { language interview_id message since changedAt sources { answer_id before { question text } after { question text } } }';
const ALIGNMENT_FIELDS = `
  original { id title language status version }
  translation { id title language status version }
  rows { pair_id original { ${ANSWER_FIELDS} ${STALE_FIELDS} } translation { ${ANSWER_FIELDS} ${STALE_FIELDS} } }`;

export async function translationAlignment(translationId: string): Promise<TranslationAlignment> {
  const data = await graphqlRequest<{ translationAlignment: TranslationAlignment }>(
    `query TranslationAlignment($id: ID!) { translationAlignment(translation_id: $id) { ${ALIGNMENT_FIELDS} } }`,
    { id: translationId },
  );
  return data.translationAlignment;
}

/** Pairs these original entries with these translation entries (their earlier pairs are dissolved). */
export async function alignEntries(
  translationId: string,
  originalIds: string[],
  translationIds: string[],
): Promise<TranslationAlignment> {
  const data = await graphqlRequest<{ alignEntries: TranslationAlignment }>(
    `mutation AlignEntries($id: ID!, $original: [ID!]!, $translation: [ID!]!) {
      alignEntries(translation_id: $id, original_ids: $original, translation_ids: $translation) { ${ALIGNMENT_FIELDS} }
    }`,
    { id: translationId, original: originalIds, translation: translationIds },
  );
  return data.alignEntries;
}

/** Leaves these entries (of either side) without counterpart. */
export async function unalignEntries(
  translationId: string,
  answerIds: string[],
): Promise<TranslationAlignment> {
  const data = await graphqlRequest<{ unalignEntries: TranslationAlignment }>(
    `mutation UnalignEntries($id: ID!, $answers: [ID!]!) {
      unalignEntries(translation_id: $id, answer_ids: $answers) { ${ALIGNMENT_FIELDS} }
    }`,
    { id: translationId, answers: answerIds },
  );
  return data.unalignEntries;
}

/** Back to entry n ↔ entry n. */
export async function resetAlignment(translationId: string): Promise<TranslationAlignment> {
  const data = await graphqlRequest<{ resetAlignment: TranslationAlignment }>(
    `mutation ResetAlignment($id: ID!) { resetAlignment(translation_id: $id) { ${ALIGNMENT_FIELDS} } }`,
    { id: translationId },
  );
  return data.resetAlignment;
}

/** Clears the entry's stale mark from `language` (every mark when null). */
export async function markTranslationDone(answerId: string, language: string | null): Promise<Answer> {
  const data = await graphqlRequest<{ markTranslationDone: Answer }>(
    `mutation MarkTranslationDone($id: ID!, $language: String) {
      markTranslationDone(answer_id: $id, language: $language) { ${ANSWER_FIELDS} }
    }`,
    { id: answerId, language },
  );
  return data.markTranslationDone;
}
