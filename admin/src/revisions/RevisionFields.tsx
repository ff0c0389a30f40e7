import { Link as MuiLink, Typography } from '@mui/material';
import { ReferenceField, useGetIdentity, usePermissions, useRecordContext } from 'react-admin';
import { Link } from 'react-router-dom';
import { diffSummary, wordDiff } from '../diff/wordDiff';
import { RESOURCE_OF_ENTITY, type Revision, type Role } from '../types';

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "text: 3 words added · position: 4 → 5" — a one-line summary of a revision. */
export function revisionSummary(revision: Revision): string {
  if (revision.before === undefined && revision.after === undefined) return '';
  if (!revision.before && revision.after) return 'created';
  if (revision.before && !revision.after) return 'deleted';
  const fields = [...new Set([...Object.keys(revision.before ?? {}), ...Object.keys(revision.after ?? {})])];
  return fields
    .map((field) => {
      const before = asText(revision.before?.[field]);
      const after = asText(revision.after?.[field]);
      if (field === 'text' || field === 'question' || field === 'summary' || field === 'intro') {
        return `${field}: ${diffSummary(wordDiff(before, after))}`;
      }
      return `${field}: ${before || '—'} → ${after || '—'}`;
    })
    .join(' · ');
}

export function RevisionChangesField(_props: { label?: string }) {
  const record = useRecordContext<Revision>();
  if (!record) return null;
  return (
    <Typography variant="body2" sx={{ maxWidth: 520, overflow: 'hidden', textOverflow: 'ellipsis' }}>
      {revisionSummary(record)}
    </Typography>
  );
}

/** A link to the document the revision is about. */
export function EntityLinkField(_props: { label?: string }) {
  const record = useRecordContext<Revision>();
  if (!record) return null;
  const resource = RESOURCE_OF_ENTITY[record.entity];
  const label = `${record.entity.toLowerCase()} …${record.entity_id.slice(-6)}`;
  if (!resource || record.action === 'DELETE') return <span>{label}</span>;
  return (
    <MuiLink
      component={Link}
      to={`/${resource}/${record.entity_id}/show`}
      onClick={(e) => e.stopPropagation()}
    >
      {label}
    </MuiLink>
  );
}

/**
 * Who made a change: "you" for one's own changes, otherwise the author's name (`user_name`, which the
 * service gives editors without exposing accounts); admins get a link to the account.
 */
export function UserField({ source = 'user_id' }: { source?: string; label?: string }) {
  const record = useRecordContext();
  const { permissions } = usePermissions<Role | null>();
  const { identity } = useGetIdentity();
  const userId = record?.[source] as string | null | undefined;
  if (!userId) return <span>system</span>;
  if (identity && String(identity.id) === userId) return <span>you</span>;
  if (permissions === 'ADMIN') {
    return <ReferenceField source={source} reference="users" link="show" />;
  }
  const name = record?.user_name as string | null | undefined;
  return <span>{name ?? 'another editor'}</span>;
}
