/** Small pieces shared by the resources. */
import { Chip, useMediaQuery, type Theme } from '@mui/material';
import { Button, useRecordContext, type ButtonProps } from 'react-admin';
import { Link } from 'react-router-dom';
import ArticleIcon from '@mui/icons-material/Article';
import type { Interview, InterviewStatus } from '../types';

export const STATUS_CHOICES: { id: InterviewStatus; name: string }[] = [
  { id: 'DRAFT', name: 'Draft' },
  { id: 'PUBLISHED', name: 'Published' },
];

export function StatusChip({ status }: { status?: InterviewStatus | null }) {
  if (!status) return null;
  return (
    <Chip
      size="small"
      label={status === 'PUBLISHED' ? 'Published' : 'Draft'}
      color={status === 'PUBLISHED' ? 'success' : 'default'}
      variant={status === 'PUBLISHED' ? 'filled' : 'outlined'}
    />
  );
}

/** The record's status as a chip (for lists and shows). */
export function StatusField(_props: { label?: string; source?: string; sortable?: boolean }) {
  const record = useRecordContext<Interview>();
  return <StatusChip status={record?.status} />;
}

export function useIsSmall(): boolean {
  return useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
}

/** Text cut to `max` characters on a word boundary, for list cells. */
export function excerpt(text: string | null | undefined, max = 140): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`;
}

export function ExcerptField({
  source,
  max,
}: {
  source: string;
  max?: number;
  label?: string;
  sortable?: boolean;
}) {
  const record = useRecordContext();
  const value = record?.[source];
  return <span>{excerpt(typeof value === 'string' ? value : '', max)}</span>;
}

/** "Transcript" — opens the interview's transcript editor. */
export function TranscriptButton({
  id,
  ...props
}: { id?: string; label?: string } & Omit<ButtonProps, 'children' | 'id'>) {
  const record = useRecordContext<Interview>();
  const target = id ?? record?.id;
  if (!target) return null;
  return (
    <Button
      component={Link}
      to={`/interviews/${target}/transcript`}
      label={props.label ?? 'Transcript'}
      aria-label={props.label ?? 'Open the transcript editor'}
      onClick={(event: React.MouseEvent) => event.stopPropagation()}
      {...props}
    >
      <ArticleIcon />
    </Button>
  );
}

/** Lines of a multi-line input ⇄ a list of strings. */
export const linesFormat = (value: unknown): string => (Array.isArray(value) ? value.join('\n') : '');
export const linesParse = (text: string): string[] => text.split('\n');
export const cleanLines = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((line) => String(line).trim()).filter(Boolean) : [];

/** A page title from the record, e.g. the interview's title rather than "Interview Interview with …". */
export function RecordTitle({ source, prefix = '' }: { source: string; prefix?: string }) {
  const record = useRecordContext();
  const value = record?.[source];
  return <span>{`${prefix}${typeof value === 'string' ? value : ''}`}</span>;
}
