/** Find and replace across a transcript, and undoing it: the service's findInTranscript, replaceInTranscript, undoOperation. */
import { graphqlRequest } from '../graphql/request';

export interface FindOptions {
  matchCase: boolean;
  wholeWord: boolean;
}

/** One occurrence in the transcript, with the text around it. */
export interface TranscriptMatch {
  answer_id: string;
  position: number;
  version: number;
  section: string | null;
  field: 'question' | 'text';
  start: number;
  end: number;
  before: string;
  match: string;
  after: string;
}

export interface TranscriptOperationResult {
  operation_id: string | null;
  replaced: number;
  answers: { id: string; position: number; version: number }[];
}

export function matchKey(match: Pick<TranscriptMatch, 'answer_id' | 'field' | 'start'>): string {
  return `${match.answer_id}:${match.field}:${match.start}`;
}

export async function findInTranscript(
  interviewId: string,
  find: string,
  options: FindOptions,
  signal?: AbortSignal,
): Promise<TranscriptMatch[]> {
  const data = await graphqlRequest<{ findInTranscript: TranscriptMatch[] }>(
    `query Find($interviewId: ID!, $find: String!, $options: FindOptions) {
      findInTranscript(interview_id: $interviewId, find: $find, options: $options) {
        answer_id position version section field start end before match after
      }
    }`,
    { interviewId, find, options },
    { signal },
  );
  return data.findInTranscript;
}

export async function replaceInTranscript(
  interviewId: string,
  find: string,
  replace: string,
  options: FindOptions,
  matches: readonly TranscriptMatch[],
): Promise<TranscriptOperationResult> {
  const data = await graphqlRequest<{ replaceInTranscript: TranscriptOperationResult }>(
    `mutation Replace($interviewId: ID!, $find: String!, $replace: String!, $options: FindOptions, $matches: [ReplaceMatchInput!]) {
      replaceInTranscript(interview_id: $interviewId, find: $find, replace: $replace, options: $options, matches: $matches) {
        operation_id replaced answers { id position version }
      }
    }`,
    {
      interviewId,
      find,
      replace,
      options,
      matches: matches.map(({ answer_id, version, field, start }) => ({ answer_id, version, field, start })),
    },
  );
  return data.replaceInTranscript;
}

export async function undoOperation(operationId: string): Promise<TranscriptOperationResult> {
  const data = await graphqlRequest<{ undoOperation: TranscriptOperationResult }>(
    `mutation Undo($operationId: ID!) {
      undoOperation(operation_id: $operationId) { operation_id replaced answers { id position version } }
    }`,
    { operationId },
  );
  return data.undoOperation;
}
