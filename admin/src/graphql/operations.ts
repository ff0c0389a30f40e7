/** The operations beyond react-admin's CRUD: curation of entries, publishing, import, the change feed. */
import type { Answer, Interview, Revision } from '../types';
import { graphqlRequest } from './request';
import type { SessionUser } from './session';

export const ANSWER_FIELDS =
  'id interview_id position section question questioner_id text speaker_id version createdAt updatedAt updatedBy';
export const INTERVIEW_FIELDS =
  'id title slug publisher sourceUrl language summary intro sections boilerplate status publishedAt firstPublishedAt publishAt unpublishAt speaker_ids sourceFormat version createdAt updatedAt updatedBy';

export type TranscriptFormat = 'NUMBERED' | 'DIALOGUE' | 'QA';

export interface TranscriptOptions {
  format?: TranscriptFormat | null;
  title?: string | null;
  publisher?: string | null;
  language?: string | null;
  interviewer?: string | null;
  interviewee?: string | null;
  publish?: boolean | null;
  sourceUrl?: string | null;
  fileName?: string | null;
  /** A .docx file's bytes in base64, sent instead of the text. */
  contentBase64?: string | null;
  /** Import as a translation of this interview (any version of its group). */
  translationOf?: string | null;
  /** With translationOf: the pairs to import instead of entry n ↔ entry n (1-based positions). */
  alignment?: { original: number[]; translation: number[] }[] | null;
}

export type TranslationMismatchKind = 'ENTRY_COUNT' | 'SECTION_MISSING' | 'SPEAKER_MISMATCH' | 'UNPAIRED';

/** With translationOf: the proposed alignment with the original, side by side, and what does not line up. */
export interface TranslationPreview {
  original: { id: string; title: string; language: string };
  language: string;
  rows: {
    original: (Pick<Answer, 'id' | 'position' | 'section' | 'question' | 'text'> & {
      speaker: { name: string } | null;
    })[];
    translation: TranscriptPreview['entries'];
    mismatches: TranslationMismatchKind[];
  }[];
  mismatches: {
    kind: TranslationMismatchKind;
    message: string;
    originalPosition: number | null;
    translationPosition: number | null;
  }[];
}

const ENTRY_FIELDS = 'position section question questioner text speaker line startTime endTime';
const TRANSLATION_PREVIEW_FIELDS = `translation {
  original { id title language } language
  rows { original { id position section question text speaker { name } } translation { ${ENTRY_FIELDS} } mismatches }
  mismatches { kind message originalPosition translationPosition }
}`;

export interface TranscriptPreview {
  format: TranscriptFormat;
  title: string | null;
  publisher: string | null;
  language: string;
  intro: string;
  sections: string[];
  speakers: {
    name: string;
    role: string;
    title: string | null;
    organization: string | null;
    existingSpeakerId: string | null;
  }[];
  entries: {
    position: number;
    section: string | null;
    question: string;
    questioner: string | null;
    text: string;
    speaker: string | null;
    line: number | null;
    startTime: number | null;
    endTime: number | null;
  }[];
  boilerplate: string[];
  notes: string[];
  /** Guesses the parser made, for the editor to check first. */
  decisions: { line: number | null; kind: string; message: string }[];
  warnings: { line: number | null; message: string }[];
  /** Only when previewed with translationOf. */
  translation?: TranslationPreview | null;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

export const operations = {
  async login(email: string, password: string): Promise<LoginResult> {
    const data = await graphqlRequest<{ login: LoginResult }>(
      `mutation Login($email: String!, $password: String!) {
        login(email: $email, password: $password) { token expiresAt user { id email name role } }
      }`,
      { email, password },
      { anonymous: true },
    );
    return data.login;
  },

  async me(): Promise<SessionUser | null> {
    const data = await graphqlRequest<{ me: SessionUser | null }>('query Me { me { id email name role } }');
    return data.me;
  },

  async moveAnswer(id: string, position: number, version: number): Promise<Answer> {
    const data = await graphqlRequest<{ moveAnswer: Answer }>(
      `mutation Move($id: ID!, $position: Int!, $version: Int) {
        moveAnswer(id: $id, position: $position, version: $version) { ${ANSWER_FIELDS} }
      }`,
      { id, position, version },
    );
    return data.moveAnswer;
  },

  async splitAnswer(id: string, offset: number, version: number): Promise<[Answer, Answer]> {
    const data = await graphqlRequest<{ splitAnswer: [Answer, Answer] }>(
      `mutation Split($id: ID!, $offset: Int!, $version: Int) {
        splitAnswer(id: $id, offset: $offset, version: $version) { ${ANSWER_FIELDS} }
      }`,
      { id, offset, version },
    );
    return data.splitAnswer;
  },

  async mergeAnswers(ids: string[]): Promise<Answer> {
    const data = await graphqlRequest<{ mergeAnswers: Answer }>(
      `mutation Merge($ids: [ID!]!) { mergeAnswers(ids: $ids) { ${ANSWER_FIELDS} } }`,
      { ids },
    );
    return data.mergeAnswers;
  },

  async revertAnswer(id: string, revisionId: string, version: number): Promise<Answer> {
    const data = await graphqlRequest<{ revertAnswer: Answer }>(
      `mutation Revert($id: ID!, $revision: ID!, $version: Int) {
        revertAnswer(id: $id, revision_id: $revision, version: $version) { ${ANSWER_FIELDS} }
      }`,
      { id, revision: revisionId, version },
    );
    return data.revertAnswer;
  },

  async updateAnswer(
    id: string,
    version: number,
    patch: { text?: string; question?: string },
  ): Promise<Answer> {
    const data = await graphqlRequest<{ updateAnswer: Answer }>(
      `mutation Update($id: ID!, $version: Int!, $text: String, $question: String) {
        updateAnswer(id: $id, version: $version, text: $text, question: $question) { ${ANSWER_FIELDS} }
      }`,
      { id, version, ...patch },
    );
    return data.updateAnswer;
  },

  /** An entry's times (seconds from the start; null clears one), with the version it was read at. */
  async setAnswerTimes(
    id: string,
    version: number,
    times: { startTime: number | null; endTime: number | null },
  ): Promise<Answer> {
    const data = await graphqlRequest<{ updateAnswer: Answer }>(
      `mutation Times($id: ID!, $version: Int!, $startTime: Float, $endTime: Float) {
        updateAnswer(id: $id, version: $version, startTime: $startTime, endTime: $endTime) {
          ${ANSWER_FIELDS} startTime endTime
        }
      }`,
      { id, version, ...times },
    );
    return data.updateAnswer;
  },

  async setInterviewStatus(id: string, version: number, publish: boolean): Promise<Interview> {
    const field = publish ? 'publishInterview' : 'unpublishInterview';
    const data = await graphqlRequest<Record<string, Interview>>(
      `mutation Status($id: ID!, $version: Int!) { ${field}(id: $id, version: $version) { ${INTERVIEW_FIELDS} } }`,
      { id, version },
    );
    return data[field];
  },

  async previewTranscript(text: string, options: TranscriptOptions, signal?: AbortSignal) {
    const data = await graphqlRequest<{ previewTranscript: TranscriptPreview }>(
      `query Preview($text: String!, $options: TranscriptOptions) {
        previewTranscript(text: $text, options: $options) {
          format title publisher language intro sections boilerplate
          speakers { name role title organization existingSpeakerId }
          entries { position section question questioner text speaker line startTime endTime }
          notes
          decisions { line kind message }
          warnings { line message }
          ${options.translationOf ? TRANSLATION_PREVIEW_FIELDS : ''}
        }
      }`,
      { text, options },
      { signal },
    );
    return data.previewTranscript;
  },

  async importTranscript(text: string, options: TranscriptOptions): Promise<Interview> {
    const data = await graphqlRequest<{ importTranscript: Interview }>(
      `mutation Import($text: String!, $options: TranscriptOptions) {
        importTranscript(text: $text, options: $options) { ${INTERVIEW_FIELDS} }
      }`,
      { text, options },
    );
    return data.importTranscript;
  },

  /** The change feed, newest first; `withChanges` adds each revision's before/after (heavier). */
  async recentChanges(limit = 50, withChanges = false): Promise<Revision[]> {
    const data = await graphqlRequest<{ recentChanges: Revision[] }>(
      `query Recent($limit: Int!) {
        recentChanges(limit: $limit) {
          id entity entity_id interview_id version action user_id user_name createdAt ${withChanges ? 'before after' : ''}
        }
      }`,
      { limit },
    );
    return data.recentChanges;
  },
};

export type Operations = typeof operations;

/** Whose changes the revision that produced `version` of a document was merged with (empty: not a merge). */
export async function mergedWithAt(entityId: string, version: number): Promise<string[]> {
  const data = await graphqlRequest<{ allRevisions: { version: number; mergedWith: string[] }[] }>(
    `query($id: ID!) { allRevisions(filter: { entity_id: $id }, sortField: "version", sortOrder: "DESC", perPage: 1) { version mergedWith } }`,
    { id: entityId },
  );
  const latest = data.allRevisions[0];
  return latest && latest.version === version ? latest.mergedWith : [];
}
