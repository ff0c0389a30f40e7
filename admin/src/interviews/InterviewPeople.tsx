import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Link as MuiLink, Stack, Typography } from '@mui/material';
import { Labeled, useRecordContext } from 'react-admin';
import { graphqlRequest } from '../graphql/request';
import type { Interview, Speaker } from '../types';

type Person = Pick<Speaker, 'id' | 'name' | 'title' | 'organization'>;

interface InterviewRoles {
  interviewers: Person[];
  interviewees: Person[];
}

const PERSON_FIELDS = 'id name title organization';

/** Who asks and who answers in the interview, as the service reads them from its entries. */
export function useInterviewRoles(interviewId: string | undefined) {
  return useQuery({
    queryKey: ['interviews', 'roles', interviewId],
    enabled: !!interviewId,
    queryFn: async ({ signal }) => {
      const data = await graphqlRequest<{ Interview: InterviewRoles | null }>(
        `query Roles($id: ID!) {
          Interview(id: $id) { interviewers { ${PERSON_FIELDS} } interviewees { ${PERSON_FIELDS} } }
        }`,
        { id: interviewId },
        { signal },
      );
      return data.Interview ?? { interviewers: [], interviewees: [] };
    },
  });
}

/** "Founder, Example Labs": what the person does, as far as it is known. */
export function roleOf(person: Person): string | null {
  const parts = [person.title, person.organization].filter((part): part is string => !!part?.trim());
  return parts.length ? parts.join(', ') : null;
}

function PeopleLine({ label, people, testId }: { label: string; people: Person[]; testId: string }) {
  return (
    <Labeled label={label}>
      <Stack data-testid={testId} sx={{ gap: 0.25 }}>
        {people.length === 0 ? (
          <Typography variant="body2">—</Typography>
        ) : (
          people.map((person) => (
            <Typography key={person.id} variant="body2" data-testid="person">
              <MuiLink component={Link} to={`/speakers/${person.id}/show`}>
                {person.name}
              </MuiLink>
              {roleOf(person) ? (
                <Typography component="span" variant="body2" color="text.secondary">
                  {` — ${roleOf(person)}`}
                </Typography>
              ) : null}
            </Typography>
          ))
        )}
      </Stack>
    </Labeled>
  );
}

/** The interview's cast: the interviewer(s) and the interviewee(s) with their roles. */
export function InterviewPeople() {
  const record = useRecordContext<Interview>();
  const roles = useInterviewRoles(record?.id);
  if (!record || !roles.data) return null;
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} sx={{ gap: { xs: 1, sm: 6 } }}>
      <PeopleLine
        label={roles.data.interviewees.length > 1 ? 'Interviewees' : 'Interviewee'}
        people={roles.data.interviewees}
        testId="interviewees"
      />
      <PeopleLine
        label={roles.data.interviewers.length > 1 ? 'Interviewers' : 'Interviewer'}
        people={roles.data.interviewers}
        testId="interviewers"
      />
    </Stack>
  );
}
