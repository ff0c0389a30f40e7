import {
  Datagrid,
  DateField,
  EditButton,
  NumberField,
  Pagination,
  ReferenceManyField,
  ReferenceField,
  Show,
  TabbedShowLayout,
  TextField,
  TopToolbar,
} from 'react-admin';
import { ExcerptField, StatusField, TranscriptButton } from '../shared/fields';

export function SpeakerShow() {
  return (
    <Show
      actions={
        <TopToolbar>
          <EditButton />
        </TopToolbar>
      }
    >
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="Profile">
          <TextField source="name" />
          <TextField source="title" emptyText="—" />
          <TextField source="organization" emptyText="—" />
          <TextField source="bio" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
          <TextField source="slug" />
          <DateField source="updatedAt" label="Updated" showTime />
          <NumberField source="version" />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Interviews" path="interviews">
          <ReferenceManyField
            reference="interviews"
            target="speaker_id"
            sort={{ field: 'updatedAt', order: 'DESC' }}
          >
            <Datagrid rowClick="show" bulkActionButtons={false}>
              <TextField source="title" />
              <TextField source="publisher" />
              <StatusField label="Status" />
              <TranscriptButton />
            </Datagrid>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Answers" path="answers">
          <ReferenceManyField
            reference="answers"
            target="speaker_id"
            sort={{ field: 'position', order: 'ASC' }}
            perPage={25}
            pagination={<Pagination />}
          >
            <Datagrid rowClick="show" bulkActionButtons={false}>
              <ReferenceField source="interview_id" reference="interviews" label="Interview" link={false} />
              <NumberField source="position" label="#" />
              <ExcerptField source="question" max={80} label="Question" />
              <ExcerptField source="text" max={120} label="Answer" />
            </Datagrid>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
}
