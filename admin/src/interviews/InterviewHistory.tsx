import { useState } from 'react';
import {
  Datagrid,
  DateField,
  FunctionField,
  NumberField,
  Pagination,
  ReferenceField,
  ReferenceManyField,
  TextField,
  useRecordContext,
} from 'react-admin';
import { MenuItem, Stack, TextField as MuiTextField } from '@mui/material';
import { ACTIONS } from '../revisions/RevisionList';
import { RevisionChangesField } from '../revisions/RevisionFields';
import type { Answer, Interview } from '../types';
import { useHistoryAuthors } from './useHistoryAuthors';

const ANYONE = '';

/** The interview's history: who changed what, which entry; narrowed to one person and one kind of change. */
export function InterviewHistory() {
  const record = useRecordContext<Interview>();
  const authors = useHistoryAuthors(record?.id);
  const [userId, setUserId] = useState(ANYONE);
  const [action, setAction] = useState(ANYONE);
  const filter = { ...(userId ? { user_id: userId } : {}), ...(action ? { action } : {}) };
  return (
    <>
      <Stack direction="row" sx={{ gap: 2, flexWrap: 'wrap', mb: 1 }}>
        <MuiTextField
          select
          size="small"
          label="Who"
          value={userId}
          onChange={(event) => setUserId(event.target.value)}
          sx={{ minWidth: 200 }}
        >
          <MenuItem value={ANYONE}>Anyone</MenuItem>
          {(authors.data ?? []).map((author) => (
            <MenuItem key={author.id} value={author.id}>
              {author.name}
            </MenuItem>
          ))}
        </MuiTextField>
        <MuiTextField
          select
          size="small"
          label="Kind of change"
          value={action}
          onChange={(event) => setAction(event.target.value)}
          sx={{ minWidth: 200 }}
        >
          <MenuItem value={ANYONE}>Any</MenuItem>
          {ACTIONS.map((choice) => (
            <MenuItem key={choice.id} value={choice.id}>
              {choice.name}
            </MenuItem>
          ))}
        </MuiTextField>
      </Stack>
      <ReferenceManyField
        reference="revisions"
        target="interview_id"
        filter={filter}
        sort={{ field: 'createdAt', order: 'DESC' }}
        perPage={25}
        pagination={<Pagination />}
      >
        <Datagrid rowClick="show" bulkActionButtons={false} empty={<p>No changes match.</p>}>
          <DateField source="createdAt" label="When" showTime />
          <TextField source="user_name" label="Who" emptyText="(system)" />
          <TextField source="entity" />
          <ReferenceField source="entity_id" reference="answers" label="Entry" link={false} sortable={false}>
            <FunctionField<Answer>
              render={(answer) => `#${answer.position}${answer.section ? ` · ${answer.section}` : ''}`}
            />
          </ReferenceField>
          <TextField source="action" />
          <NumberField source="version" />
          <RevisionChangesField label="Changes" />
        </Datagrid>
      </ReferenceManyField>
    </>
  );
}
