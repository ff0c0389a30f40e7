import {
  AutocompleteInput,
  CreateButton,
  Datagrid,
  DateField,
  ExportButton,
  FilterButton,
  List,
  NumberField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  SimpleList,
  TextField,
  TextInput,
  TopToolbar,
} from 'react-admin';
import { Button as MuiButton } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Link } from 'react-router-dom';
import { STATUS_CHOICES, StatusField, TranscriptButton, useIsSmall } from '../shared/fields';
import type { Interview } from '../types';

const filters = [
  <SearchInput
    key="q"
    source="q"
    alwaysOn
    placeholder="Search interviews"
    slotProps={{ htmlInput: { 'aria-label': 'Search interviews' } }}
  />,
  <SelectInput key="status" source="status" label="Status" choices={STATUS_CHOICES} alwaysOn />,
  <ReferenceInput key="speaker" source="speaker_id" reference="speakers" label="Speaker">
    <AutocompleteInput label="Speaker" optionText="name" />
  </ReferenceInput>,
  <TextInput key="publisher" source="publisher" label="Publisher" />,
  <TextInput key="language" source="language" label="Language" />,
];

function Actions() {
  return (
    <TopToolbar>
      <FilterButton />
      <MuiButton component={Link} to="/import" size="small" startIcon={<UploadFileIcon />}>
        Import
      </MuiButton>
      <CreateButton />
      <ExportButton />
    </TopToolbar>
  );
}

export function InterviewList() {
  const small = useIsSmall();
  return (
    <List<Interview>
      filters={filters}
      actions={<Actions />}
      sort={{ field: 'updatedAt', order: 'DESC' }}
      perPage={25}
    >
      {small ? (
        <SimpleList<Interview>
          primaryText={(r) => r.title}
          secondaryText={(r) =>
            [r.publisher, r.status === 'PUBLISHED' ? 'Published' : 'Draft'].filter(Boolean).join(' · ')
          }
          tertiaryText={(r) => new Date(r.updatedAt).toLocaleDateString()}
          linkType="show"
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="title" />
          <TextField source="publisher" />
          <StatusField label="Status" source="status" sortable />
          <TextField source="language" />
          <NumberField source="answerCount" label="Entries" sortable={false} />
          <DateField source="publishedAt" label="Published" />
          <DateField source="updatedAt" label="Updated" showTime />
          <TranscriptButton />
        </Datagrid>
      )}
    </List>
  );
}
