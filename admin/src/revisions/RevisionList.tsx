import {
  Datagrid,
  DateField,
  List,
  NumberField,
  ReferenceInput,
  AutocompleteInput,
  SearchInput,
  SelectInput,
  SimpleList,
  TextField,
} from 'react-admin';
import { useIsSmall } from '../shared/fields';
import type { Revision } from '../types';
import { EntityLinkField, RevisionChangesField, revisionSummary, UserField } from './RevisionFields';

export const ACTIONS = [
  'CREATE',
  'UPDATE',
  'DELETE',
  'MOVE',
  'SPLIT',
  'MERGE',
  'REVERT',
  'IMPORT',
  'PUBLISH',
  'UNPUBLISH',
].map((id) => ({ id, name: id.charAt(0) + id.slice(1).toLowerCase() }));

export const ENTITIES = ['ANSWER', 'INTERVIEW', 'SPEAKER', 'USER'].map((id) => ({
  id,
  name: id.charAt(0) + id.slice(1).toLowerCase(),
}));

const filters = [
  <SearchInput
    key="q"
    source="q"
    alwaysOn
    placeholder="Search actions"
    slotProps={{ htmlInput: { 'aria-label': 'Search revisions' } }}
  />,
  <SelectInput key="entity" source="entity" label="Kind" choices={ENTITIES} alwaysOn />,
  <SelectInput key="action" source="action" label="Action" choices={ACTIONS} />,
  <ReferenceInput key="interview" source="interview_id" reference="interviews" label="Interview">
    <AutocompleteInput label="Interview" optionText="title" />
  </ReferenceInput>,
];

export function RevisionList() {
  const small = useIsSmall();
  return (
    <List<Revision>
      filters={filters}
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
      exporter={false}
    >
      {small ? (
        <SimpleList<Revision>
          primaryText={(r) => `${r.entity} ${r.action.toLowerCase()} (v${r.version})`}
          secondaryText={(r) => revisionSummary(r)}
          tertiaryText={(r) => new Date(r.createdAt).toLocaleString()}
          linkType="show"
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <DateField source="createdAt" label="When" showTime />
          <TextField source="entity" label="Kind" />
          <TextField source="action" />
          <EntityLinkField label="Document" />
          <NumberField source="version" />
          <UserField label="By" />
          <RevisionChangesField label="Changes" />
        </Datagrid>
      )}
    </List>
  );
}
