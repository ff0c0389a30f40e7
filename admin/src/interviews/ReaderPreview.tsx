/**
 * An interview as readers will see it — title, who is who, summary, introduction, the conversation by
 * section — drafts included, for the editor to read before publishing. It lives inside the admin (behind
 * the editor's login) rather than behind a shareable link: nothing unpublished leaves the newsroom.
 */
import { Fragment } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Title, useAuthenticated } from 'react-admin';
import { Alert, Box, Button, Card, Divider, LinearProgress, Stack, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { errorMessage } from '../graphql/errors';
import { graphqlRequest } from '../graphql/request';
import { roleOf } from './InterviewPeople';
import { PublishButton } from './PublishButton';
import type { Interview, Speaker } from '../types';

type Person = Pick<Speaker, 'id' | 'name' | 'title' | 'organization'>;

interface PreviewEntry {
  id: string;
  position: number;
  section: string | null;
  question: string;
  text: string;
  speaker: { name: string } | null;
  questioner: { name: string } | null;
}

type PreviewInterview = Interview & {
  interviewers: Person[];
  interviewees: Person[];
  answers: PreviewEntry[];
};

const PERSON = 'id name title organization';

async function loadPreview(id: string, signal: AbortSignal): Promise<PreviewInterview | null> {
  const data = await graphqlRequest<{ Interview: PreviewInterview | null }>(
    `query ReaderPreview($id: ID!) {
      Interview(id: $id) {
        id title slug publisher language summary intro sections boilerplate status version
        publishedAt firstPublishedAt publishAt unpublishAt speaker_ids sourceFormat sourceUrl
        createdAt updatedAt updatedBy
        interviewers { ${PERSON} } interviewees { ${PERSON} }
        answers(first: 1000) { id position section question text speaker { name } questioner { name } }
      }
    }`,
    { id },
    { signal },
  );
  return data.Interview;
}

function paragraphs(text: string | null): string[] {
  return (text ?? '')
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean);
}

function byline(people: Person[]): string {
  return people
    .map((person) => (roleOf(person) ? `${person.name} (${roleOf(person)})` : person.name))
    .join(', ');
}

/** The entries in runs of one section each, in order: a heading starts each run. */
function sectionRuns(entries: PreviewEntry[]): { section: string | null; entries: PreviewEntry[] }[] {
  const runs: { section: string | null; entries: PreviewEntry[] }[] = [];
  for (const entry of entries) {
    const last = runs.at(-1);
    if (last && last.section === entry.section) last.entries.push(entry);
    else runs.push({ section: entry.section, entries: [entry] });
  }
  return runs;
}

export function ReaderPreview() {
  useAuthenticated();
  const { id = '' } = useParams();
  const preview = useQuery({
    queryKey: ['interviews', 'reader-preview', id],
    queryFn: ({ signal }) => loadPreview(id, signal),
    enabled: !!id,
  });
  const interview = preview.data;

  return (
    <Box sx={{ p: { xs: 1, sm: 2 }, display: 'grid', gap: 2 }}>
      <Title title={interview ? `Preview: ${interview.title}` : 'Reader preview'} />
      <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Button component={Link} to={`/interviews/${id}/show`} startIcon={<ArrowBackIcon />}>
          Back to the interview
        </Button>
        {interview ? <PublishButton record={interview} onDone={() => void preview.refetch()} /> : null}
      </Stack>
      {preview.isPending ? <LinearProgress aria-label="Loading the preview" /> : null}
      {preview.error ? <Alert severity="error">{errorMessage(preview.error)}</Alert> : null}
      {preview.isSuccess && !interview ? (
        <Alert severity="warning">This interview does not exist.</Alert>
      ) : null}
      {interview ? (
        <>
          <Alert
            severity={interview.status === 'PUBLISHED' ? 'success' : 'info'}
            data-testid="preview-status"
          >
            {interview.status === 'PUBLISHED'
              ? 'Published: this is what readers see now.'
              : 'Draft: readers cannot see this yet. This is how it will read once published.'}
          </Alert>
          <Card
            component="article"
            lang={interview.language}
            data-testid="reader-preview"
            sx={{ maxWidth: 760, width: '100%', mx: 'auto', p: { xs: 2, sm: 4 } }}
          >
            <Typography variant="h4" component="h1" gutterBottom>
              {interview.title}
            </Typography>
            <Typography variant="subtitle1" color="text.secondary">
              {[
                interview.publisher,
                interview.publishedAt ? new Date(interview.publishedAt).toLocaleDateString() : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography>
            {interview.interviewees.length ? (
              <Typography variant="body2" data-testid="preview-interviewees">
                With {byline(interview.interviewees)}
              </Typography>
            ) : null}
            {interview.interviewers.length ? (
              <Typography variant="body2" color="text.secondary" gutterBottom>
                Interview by {byline(interview.interviewers)}
              </Typography>
            ) : null}
            {interview.summary ? (
              <Typography variant="h6" component="p" sx={{ fontWeight: 400, my: 2 }}>
                {interview.summary}
              </Typography>
            ) : null}
            {paragraphs(interview.intro).map((paragraph, index) => (
              <Typography key={index} sx={{ mb: 2 }}>
                {paragraph}
              </Typography>
            ))}
            <Divider sx={{ my: 2 }} />
            {sectionRuns(interview.answers).map((run, runIndex) => (
              <Fragment key={runIndex}>
                {run.section ? (
                  <Typography variant="h5" component="h2" sx={{ mt: 3, mb: 1 }}>
                    {run.section}
                  </Typography>
                ) : null}
                {run.entries.map((entry) => (
                  <Box key={entry.id} component="section" sx={{ mb: 2 }} data-testid="preview-entry">
                    {entry.question ? (
                      <Typography sx={{ fontWeight: 700, mb: 1 }}>
                        {entry.questioner ? `${entry.questioner.name}: ` : ''}
                        {entry.question}
                      </Typography>
                    ) : null}
                    {paragraphs(entry.text).map((paragraph, index) => (
                      <Typography key={index} sx={{ mb: 2 }}>
                        {index === 0 && entry.speaker ? <strong>{`${entry.speaker.name}: `}</strong> : null}
                        {paragraph}
                      </Typography>
                    ))}
                  </Box>
                ))}
              </Fragment>
            ))}
            {interview.boilerplate.map((paragraph, index) => (
              <Typography key={index} variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {paragraph}
              </Typography>
            ))}
          </Card>
        </>
      ) : null}
    </Box>
  );
}
