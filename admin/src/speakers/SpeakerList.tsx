import { Datagrid, DateField, List, SearchInput, SimpleList, TextField, TextInput } from 'react-admin';
import { useIsSmall } from '../shared/fields';
import type { Speaker } from '../types';

const filters = [
  <SearchInput
    key="q"
    source="q"
    alwaysOn
    placeholder="Search speakers"
    slotProps={{ htmlInput: { 'aria-label': 'Search speakers' } }}
  />,
  <TextInput key="organization" source="organization" label="Organization" />,
];

export function SpeakerList() {
  const small = useIsSmall();
  return (
    <List<Speaker> filters={filters} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
      {small ? (
        <SimpleList<Speaker>
          primaryText={(r) => r.name}
          secondaryText={(r) => [r.title, r.organization].filter(Boolean).join(', ')}
          linkType="show"
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="name" />
          <TextField source="title" emptyText="—" />
          <TextField source="organization" emptyText="—" />
          <TextField source="slug" />
          <DateField source="updatedAt" label="Updated" showTime />
        </Datagrid>
      )}
    </List>
  );
}
