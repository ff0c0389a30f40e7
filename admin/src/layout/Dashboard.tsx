import {
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Link as MuiLink,
  Skeleton,
  Typography,
} from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useQuery } from '@tanstack/react-query';
import { Title, useDataProvider, useGetIdentity } from 'react-admin';
import { Link } from 'react-router-dom';
import type { AppDataProvider } from '../dataProvider';
import type { Interview } from '../types';
import { LatestChanges } from './LatestChanges';

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
        <LatestChanges />
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
