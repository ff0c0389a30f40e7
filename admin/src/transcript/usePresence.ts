import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { graphqlRequest } from '../graphql/request';
import { useLiveUpdates } from '../live/LiveUpdates';

export interface PresentEditor {
  session: string;
  user_id: string;
  name: string;
  answer_id: string | null;
}

const PRESENCE = `subscription($interview: ID!, $session: String!) {
  presence(interview_id: $interview, session: $session) { editors { session user_id name answer_id } }
}`;

/**
 * Who else has this interview open, and which entry each is editing — over the live connection. Being
 * subscribed is being present; `report` says which entry this tab is editing (null: none).
 */
export function usePresence(interviewId: string): {
  others: PresentEditor[];
  report(answerId: string | null): void;
} {
  const { client } = useLiveUpdates();
  // getRandomValues works on plain http too (randomUUID needs a secure context).
  const session = useMemo(
    () =>
      `tab-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`,
    [],
  );
  const [editors, setEditors] = useState<PresentEditor[]>([]);
  const reported = useRef<string | null>(null);

  useEffect(() => {
    if (!client || !interviewId) return undefined;
    return client.subscribe<{ presence: { editors: PresentEditor[] } }>(
      { query: PRESENCE, variables: { interview: interviewId, session } },
      {
        next: (result) => {
          if (result.data) setEditors(result.data.presence.editors);
        },
        error: () => setEditors([]),
        complete: () => undefined,
      },
    );
  }, [client, interviewId, session]);

  const report = useCallback(
    (answerId: string | null) => {
      if (reported.current === answerId) return;
      reported.current = answerId;
      graphqlRequest(
        'mutation($i: ID!, $s: String!, $a: ID) { reportPresence(interview_id: $i, session: $s, answer_id: $a) }',
        { i: interviewId, s: session, a: answerId },
      ).catch(() => {
        reported.current = null;
      });
    },
    [interviewId, session],
  );

  const others = useMemo(() => editors.filter((editor) => editor.session !== session), [editors, session]);
  return { others, report };
}
