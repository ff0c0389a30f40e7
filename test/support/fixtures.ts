import { randomBytes } from 'node:crypto';
import type { TestService } from './service';

export interface AnswerRow {
  id: string;
  position: number;
  text: string;
  question: string;
  version: number;
  section: string | null;
  speaker_id: string | null;
  questioner_id: string | null;
}

export interface InterviewFixture {
  interviewId: string;
  interviewVersion: number;
  hostId: string;
  guestId: string;
  answers: AnswerRow[];
}

export const ANSWER_FIELDS = 'id position text question version section speaker_id questioner_id';

/** Runs an operation that must succeed and returns its data. */
export async function ok<T>(
  app: TestService,
  query: string,
  variables: Record<string, unknown>,
  token: string | null,
): Promise<T> {
  const result = await app.graphql<T>(query, variables, token);
  if (result.errors?.length || !result.data)
    throw new Error(`GraphQL failed: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** An interview with two speakers and `count` entries ("Answer 1" …), created through the API. */
export async function createInterview(
  app: TestService,
  token: string,
  options: { count?: number; status?: 'DRAFT' | 'PUBLISHED'; sections?: string[]; title?: string } = {},
): Promise<InterviewFixture> {
  const tag = randomBytes(3).toString('hex');
  const speakers = await ok<{ host: { id: string }; guest: { id: string } }>(
    app,
    `mutation($host: String!, $guest: String!) {
      host: createSpeaker(name: $host, organization: "Fixture Media") { id }
      guest: createSpeaker(name: $guest, title: "Founder") { id }
    }`,
    { host: `Host ${tag}`, guest: `Guest ${tag}` },
    token,
  );
  const interview = await ok<{ createInterview: { id: string; version: number } }>(
    app,
    `mutation($title: String!, $status: InterviewStatus, $sections: [String!]) {
      createInterview(title: $title, publisher: "Fixture Media", status: $status, sections: $sections) { id version }
    }`,
    {
      title: options.title ?? `Fixture interview ${tag}`,
      status: options.status ?? 'PUBLISHED',
      sections: options.sections ?? [],
    },
    token,
  );
  const answers: AnswerRow[] = [];
  for (let i = 1; i <= (options.count ?? 3); i += 1) {
    const created = await ok<{ createAnswer: AnswerRow }>(
      app,
      `mutation($interview: ID!, $question: String!, $text: String!, $q: ID, $s: ID) {
        createAnswer(interview_id: $interview, question: $question, text: $text, questioner_id: $q, speaker_id: $s) {
          ${ANSWER_FIELDS}
        }
      }`,
      {
        interview: interview.createInterview.id,
        question: `Question ${i}?`,
        text: `Answer ${i}.`,
        q: speakers.host.id,
        s: speakers.guest.id,
      },
      token,
    );
    answers.push(created.createAnswer);
  }
  return {
    interviewId: interview.createInterview.id,
    interviewVersion: interview.createInterview.version,
    hostId: speakers.host.id,
    guestId: speakers.guest.id,
    answers,
  };
}

/** The interview's entries in order, as an editor sees them. */
export async function entriesOf(app: TestService, token: string, interviewId: string): Promise<AnswerRow[]> {
  const data = await ok<{ allAnswers: AnswerRow[] }>(
    app,
    `query($id: ID!) { allAnswers(filter: { interview_id: $id }, sortField: "position", sortOrder: "ASC", perPage: 1000) {
      ${ANSWER_FIELDS}
    } }`,
    { id: interviewId },
    token,
  );
  return data.allAnswers;
}
