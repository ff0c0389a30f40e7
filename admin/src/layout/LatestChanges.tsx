import type { ReactNode } from 'react';
import {
  Box,
  Card,
  CardHeader,
  Link as MuiLink,
  List,
  ListItem,
  ListItemText,
  Skeleton,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useGetMany, usePermissions } from 'react-admin';
import { Link } from 'react-router-dom';
import { latestChanges } from '../graphql/changes';
import {
  describeGroup,
  groupChanges,
  type ChangeGroup,
  type ChangeSentence,
} from '../revisions/changeGroups';
import type { Answer, Interview, Role, Speaker } from '../types';

/** Revisions read to find the latest operations: an import of a long interview is hundreds of them. */
const FEED_LENGTH = 300;
const SHOWN = 10;

function ids(values: (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => !!value))];
}

/** "Ana corrected entry 7 (Section) of Interview X", "Ana imported 13 entries into Interview Y". */
export function LatestChanges() {
  const { permissions } = usePermissions<Role | null>();
  const feed = useQuery({ queryKey: ['revisions', 'latest'], queryFn: () => latestChanges(FEED_LENGTH) });
  const all = groupChanges(feed.data ?? []);
  // A full feed may have cut its oldest operation short: leave it out rather than miscount it.
  const complete = feed.data?.length === FEED_LENGTH && all.length > 1 ? all.slice(0, -1) : all;
  const groups = complete.slice(0, SHOWN);
  const sentences = groups.map((group) => ({ group, sentence: describeGroup(group) }));
  const answers = useGetMany<Answer>('answers', { ids: ids(sentences.flatMap((s) => s.sentence.entryIds)) });
  const interviews = useGetMany<Interview>('interviews', {
    ids: ids(sentences.map((s) => s.sentence.interviewId)),
  });
  const speakers = useGetMany<Speaker>('speakers', {
    ids: ids(sentences.map((s) => (s.sentence.other?.entity === 'SPEAKER' ? s.sentence.other.id : null))),
  });
  const answerOf = new Map((answers.data ?? []).map((a) => [String(a.id), a]));
  const interviewOf = new Map((interviews.data ?? []).map((i) => [String(i.id), i]));
  const speakerOf = new Map((speakers.data ?? []).map((s) => [String(s.id), s]));

  const line = (group: ChangeGroup, sentence: ChangeSentence): ReactNode => {
    const interview = sentence.interviewId ? interviewOf.get(sentence.interviewId) : undefined;
    const answer = sentence.entryIds.map((id) => answerOf.get(id)).find((found) => found !== undefined);
    const words: ReactNode[] = [group.userName ?? 'The system', ' ', sentence.verb, ' '];
    if (sentence.entryIds.length) {
      const label = answer
        ? `entry ${answer.position}${answer.section ? ` (${answer.section})` : ''}`
        : 'an entry';
      words.push(
        answer && interview ? (
          <MuiLink
            key="entry"
            component={Link}
            to={`/interviews/${interview.id}/transcript?entry=${answer.id}`}
          >
            {label}
          </MuiLink>
        ) : (
          label
        ),
        ' ',
      );
    } else if (sentence.entryCount) {
      words.push(`${sentence.entryCount} ${sentence.entryCount === 1 ? 'entry' : 'entries'} `);
    }
    if (sentence.other) {
      const speaker = sentence.other.entity === 'SPEAKER' ? speakerOf.get(sentence.other.id) : undefined;
      const label = speaker ? `speaker ${speaker.name}` : `a ${sentence.other.entity.toLowerCase()}`;
      const linkable = speaker || (sentence.other.entity === 'USER' && permissions === 'ADMIN');
      const resource = sentence.other.entity === 'SPEAKER' ? 'speakers' : 'users';
      words.push(
        linkable && group.revisions[0].action !== 'DELETE' ? (
          <MuiLink key="other" component={Link} to={`/${resource}/${sentence.other.id}/show`}>
            {label}
          </MuiLink>
        ) : (
          label
        ),
      );
    } else if (sentence.interviewId) {
      if (sentence.preposition) words.push(`${sentence.preposition} `);
      words.push(
        interview ? (
          <MuiLink
            key="interview"
            component={Link}
            to={`/interviews/${interview.id}/${sentence.verb === 'imported' ? 'transcript' : 'show'}`}
          >
            {interview.title}
          </MuiLink>
        ) : (
          'an interview'
        ),
      );
    }
    return words;
  };

  return (
    <Card>
      <CardHeader title="Latest changes" titleTypographyProps={{ variant: 'h6', component: 'h2' }} />
      <List dense aria-label="Latest changes">
        {sentences.map(({ group, sentence }) => (
          <ListItem key={group.key} divider data-testid="latest-change">
            <ListItemText
              primary={line(group, sentence)}
              secondary={new Date(group.createdAt).toLocaleString()}
            />
          </ListItem>
        ))}
        {feed.isPending ? (
          <ListItem>
            <Skeleton width="60%" />
          </ListItem>
        ) : null}
        {feed.data?.length === 0 ? (
          <ListItem>
            <ListItemText primary="No changes yet." />
          </ListItem>
        ) : null}
      </List>
      <Box sx={{ px: 2, pb: 2 }}>
        <MuiLink component={Link} to="/revisions">
          All revisions
        </MuiLink>
      </Box>
    </Card>
  );
}
