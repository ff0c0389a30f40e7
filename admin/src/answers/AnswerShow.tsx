import {
  Datagrid,
  DateField,
  EditButton,
  NumberField,
  Pagination,
  ReferenceField,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { Box } from '@mui/material';
import { RevisionChanges } from '../diff/DiffView';
import { TranscriptButton } from '../shared/fields';
import { UserField } from '../revisions/RevisionFields';
import type { Answer, Revision } from '../types';

function Actions() {
  const record = useRecordContext<Answer>();
  return (
    <TopToolbar>
      {record ? <TranscriptButton id={record.interview_id} label="Open in transcript" /> : null}
      <EditButton />
    </TopToolbar>
  );
}

function RevisionDiff(_props: { label?: string }) {
  const record = useRecordContext<Revision>();
  if (!record) return null;
  return (
    <Box sx={{ maxWidth: 720 }}>
      <RevisionChanges before={record.before} after={record.after} dense />
    </Box>
  );
}

export function AnswerShow() {
  return (
    <Show<Answer> actions={<Actions />}>
      <SimpleShowLayout>
        <ReferenceField source="interview_id" reference="interviews" label="Interview" link="show" />
        <NumberField source="position" />
        <TextField source="section" emptyText="—" />
        <ReferenceField
          source="questioner_id"
          reference="speakers"
          label="Asked by"
          link="show"
          emptyText="—"
        />
        <TextField source="question" sx={{ whiteSpace: 'pre-wrap' }} />
        <ReferenceField
          source="speaker_id"
          reference="speakers"
          label="Answered by"
          link="show"
          emptyText="—"
        />
        <TextField source="text" label="Answer" sx={{ whiteSpace: 'pre-wrap' }} />
        <DateField source="updatedAt" label="Updated" showTime />
        <NumberField source="version" />
        <ReferenceManyField
          label="History"
          reference="revisions"
          target="entity_id"
          sort={{ field: 'createdAt', order: 'DESC' }}
          perPage={10}
          pagination={<Pagination />}
        >
          <Datagrid bulkActionButtons={false} rowClick="show">
            <DateField source="createdAt" label="When" showTime />
            <TextField source="action" />
            <NumberField source="version" />
            <UserField label="By" />
            <RevisionDiff label="Changes" />
          </Datagrid>
        </ReferenceManyField>
      </SimpleShowLayout>
    </Show>
  );
}
