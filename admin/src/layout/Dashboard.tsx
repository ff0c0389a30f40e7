import {
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Link as MuiLink,
  List,
  ListItem,
  ListItemText,
  Skeleton,
  Typography,
} from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useQuery } from '@tanstack/react-query';
import { Title, useDataProvider, useGetIdentity, usePermissions } from 'react-admin';
import { Link } from 'react-router-dom';
import type { AppDataProvider } from '../dataProvider';
import { revisionSummary } from '../revisions/RevisionFields';
import { RESOURCE_OF_ENTITY, type Interview, type Role } from '../types';

function Count({ label, value, to }: { label: string; value: number | undefined; to: string }) {
  return (
    <Card variant="outlined" sx={{ flex: '1 1 160px' }}>
      <CardContent>
        <Typography variant="overline" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h4" component="p">
          {value === undefined ? (
            <Skeleton width={48} />
          ) : (
            <MuiLink component={Link} to={to} underline="hover">
              {value}
            </MuiLink>
          )}
        </Typography>
      </CardContent>
    </Card>
  );
}

export function Dashboard() {
  const dataProvider = useDataProvider<AppDataProvider>();
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions<Role | null>();
  const counts = useQuery({
    queryKey: ['dashboard', 'counts'],
    queryFn: async () => {
      const page = { page: 1, perPage: 1 };
      const [interviews, drafts, answers, speakers] = await Promise.all([
        dataProvider.getList<Interview>('interviews', {
          pagination: page,
          sort: { field: 'id', order: 'ASC' },
          filter: {},
        }),
        dataProvider.getList<Interview>('interviews', {
          pagination: page,
          sort: { field: 'id', order: 'ASC' },
          filter: { status: 'DRAFT' },
        }),
        dataProvider.getList('answers', {
          pagination: page,
          sort: { field: 'id', order: 'ASC' },
          filter: {},
        }),
        dataProvider.getList('speakers', {
          pagination: page,
          sort: { field: 'id', order: 'ASC' },
          filter: {},
        }),
      ]);
      return {
        interviews: interviews.total,
        drafts: drafts.total,
        answers: answers.total,
        speakers: speakers.total,
      };
    },
  });
  const recent = useQuery({
    queryKey: ['dashboard', 'recent'],
    queryFn: () => dataProvider.recentChanges(10, true),
  });

  return (
    <Box sx={{ p: { xs: 1, sm: 2 }, display: 'grid', gap: 2 }}>
      <Title title="Transcripts" />
      <Typography variant="h5" component="h1">
        Welcome{identity?.fullName ? `, ${identity.fullName}` : ''}
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <Count label="Interviews" value={counts.data?.interviews} to="/interviews" />
        <Count
          label="Drafts"
          value={counts.data?.drafts}
          to={`/interviews?filter=${encodeURIComponent(JSON.stringify({ status: 'DRAFT' }))}`}
        />
        <Count label="Entries" value={counts.data?.answers} to="/answers" />
        <Count label="Speakers" value={counts.data?.speakers} to="/speakers" />
      </Box>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '2fr 1fr' } }}>
        <Card>
          <CardHeader title="Latest changes" titleTypographyProps={{ variant: 'h6', component: 'h2' }} />
          <List dense>
            {(recent.data ?? []).map((r) => (
              <ListItem key={r.id} divider>
                <ListItemText
                  primary={
                    RESOURCE_OF_ENTITY[r.entity] &&
                    r.action !== 'DELETE' &&
                    (r.entity !== 'USER' || permissions === 'ADMIN') ? (
                      <MuiLink component={Link} to={`/${RESOURCE_OF_ENTITY[r.entity]}/${r.entity_id}/show`}>
                        {`${r.entity.toLowerCase()} ${r.action.toLowerCase()} (v${r.version})`}
                      </MuiLink>
                    ) : (
                      `${r.entity.toLowerCase()} ${r.action.toLowerCase()} (v${r.version})`
                    )
                  }
                  secondary={[new Date(r.createdAt).toLocaleString(), revisionSummary(r)]
                    .filter(Boolean)
                    .join(' · ')}
                />
              </ListItem>
            ))}
            {recent.isPending ? (
              <ListItem>
                <Skeleton width="60%" />
              </ListItem>
            ) : null}
            {recent.data?.length === 0 ? (
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
        <Card>
          <CardHeader title="Start" titleTypographyProps={{ variant: 'h6', component: 'h2' }} />
          <CardContent sx={{ display: 'grid', gap: 1 }}>
            <Typography variant="body2">
              Open an interview and choose <strong>Transcript</strong> to correct its entries, or import a new
              transcript.
            </Typography>
            <Button component={Link} to="/import" variant="contained" startIcon={<UploadFileIcon />}>
              Import a transcript
            </Button>
            <Button component={Link} to="/interviews">
              Browse interviews
            </Button>
          </CardContent>
        </Card>
      </Box>
    </Box>
  );
}
