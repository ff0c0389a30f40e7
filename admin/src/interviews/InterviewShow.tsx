import {
  ChipField,
  Datagrid,
  DateField,
  EditButton,
  FunctionField,
  NumberField,
  Pagination,
  ReferenceArrayField,
  ReferenceField,
  ReferenceManyField,
  Show,
  SingleFieldList,
  TabbedShowLayout,
  TextField,
  TopToolbar,
  UrlField,
} from 'react-admin';
import { Chip, Stack } from '@mui/material';
import { ExcerptField, RecordTitle, StatusField, TranscriptButton } from '../shared/fields';
import { DownloadMenu } from './DownloadMenu';
import { InterviewHistory } from './InterviewHistory';
import { PublishButton } from './PublishButton';
import { InterviewPeople } from './InterviewPeople';
import { PublicationDates } from './PublicationDates';
import { ReaderPreviewButton } from './ReaderPreviewButton';
import { SummaryField } from './SummaryField';
import { LanguageSwitch } from '../translations/LanguageSwitch';
import type { Interview } from '../types';

function Actions() {
  return (
    <TopToolbar sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
      <LanguageSwitch />
      <TranscriptButton />
      <PublishButton />
      <ReaderPreviewButton />
      <DownloadMenu />
      <EditButton />
    </TopToolbar>
  );
}

export function InterviewShow() {
  return (
    <Show<Interview> actions={<Actions />} title={<RecordTitle source="title" />}>
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="Overview">
          <TextField source="title" />
          <StatusField label="Status" />
          <TextField source="publisher" emptyText="—" />
          <TextField source="language" />
          <InterviewPeople />
          <SummaryField />
          <ReferenceArrayField source="speaker_ids" reference="speakers" label="Speakers">
            <SingleFieldList linkType="show">
              <ChipField source="name" />
            </SingleFieldList>
          </ReferenceArrayField>
          <FunctionField<Interview>
            label="Sections"
            render={(r) => (
              <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'wrap' }}>
                {r.sections.length ? r.sections.map((s) => <Chip key={s} label={s} size="small" />) : '—'}
              </Stack>
            )}
          />
          <TextField source="intro" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
          <UrlField source="sourceUrl" label="Source" emptyText="—" />
          <TextField source="slug" />
          <PublicationDates />
          <DateField source="updatedAt" label="Updated" showTime />
          <NumberField source="version" />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Entries" path="entries">
          <ReferenceManyField
            reference="answers"
            target="interview_id"
            sort={{ field: 'position', order: 'ASC' }}
            perPage={50}
            pagination={<Pagination />}
          >
            <Datagrid rowClick="show" bulkActionButtons={false}>
              <NumberField source="position" label="#" />
              <TextField source="section" emptyText="—" />
              <ExcerptField source="question" max={80} label="Question" />
              <ReferenceField source="speaker_id" reference="speakers" label="Speaker" link={false} />
              <ExcerptField source="text" max={120} label="Answer" />
            </Datagrid>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="History" path="history">
          <InterviewHistory />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
}
