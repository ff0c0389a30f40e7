import {
  DateField,
  FunctionField,
  Labeled,
  NumberField,
  ReferenceField,
  Show,
  SimpleShowLayout,
  TextField,
  useRecordContext,
} from 'react-admin';
import { RevisionChanges } from '../diff/DiffView';
import type { Revision } from '../types';
import { EntityLinkField, UserField } from './RevisionFields';

function Changes() {
  const record = useRecordContext<Revision>();
  if (!record) return null;
  return (
    <Labeled label="Changes (before → after)" fullWidth>
      <RevisionChanges before={record.before} after={record.after} />
    </Labeled>
  );
}

export function RevisionShow() {
  return (
    <Show<Revision> actions={false}>
      <SimpleShowLayout>
        <DateField source="createdAt" label="When" showTime />
        <TextField source="entity" label="Kind" />
        <TextField source="action" />
        <EntityLinkField label="Document" />
        <ReferenceField source="interview_id" reference="interviews" label="Interview" emptyText="—" />
        <NumberField source="version" label="Version it produced" />
        <UserField label="By" />
        <FunctionField<Revision> label="Revision id" render={(r) => r.id} />
        <Changes />
      </SimpleShowLayout>
    </Show>
  );
}
