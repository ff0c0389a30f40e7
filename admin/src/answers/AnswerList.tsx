import {
  AutocompleteInput,
  Datagrid,
  DateField,
  List,
  NumberField,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SimpleList,
  TextInput,
  useListContext,
  WrapperField,
} from 'react-admin';
import { ExcerptField, excerpt, useIsSmall } from '../shared/fields';
import type { Answer } from '../types';
import { AnswerSearchMatch, OpenEntryLink } from './AnswerSearchMatch';

const filters = [
  <SearchInput
    key="q"
    source="q"
    alwaysOn
    placeholder="Search questions and answers"
    slotProps={{ htmlInput: { 'aria-label': 'Search answers' } }}
  />,
  <ReferenceInput key="interview" source="interview_id" reference="interviews" alwaysOn>
    <AutocompleteInput label="Interview" optionText="title" sx={{ minWidth: 260 }} />
  </ReferenceInput>,
  <ReferenceInput key="speaker" source="speaker_id" reference="speakers">
    <AutocompleteInput label="Speaker" optionText="name" />
  </ReferenceInput>,
  <ReferenceInput key="questioner" source="questioner_id" reference="speakers">
    <AutocompleteInput label="Asked by" optionText="name" />
  </ReferenceInput>,
  <TextInput key="section" source="section" label="Section" />,
];

export function AnswerList() {
  const small = useIsSmall();
  return (
    <List<Answer> filters={filters} sort={{ field: 'updatedAt', order: 'DESC' }} perPage={25}>
      {small ? (
        <SimpleList<Answer>
          primaryText={(r) => excerpt(r.question, 80)}
          secondaryText={(r) => excerpt(r.text, 120)}
          tertiaryText={(r) => `#${r.position}`}
          linkType="show"
        />
      ) : (
        <AnswerGrid />
      )}
    </List>
  );
}

/** The table; searched with `q`, it shows where the words matched instead of the answer's opening words. */
function AnswerGrid() {
  const { filterValues } = useListContext<Answer>();
  const searching = typeof filterValues.q === 'string' && filterValues.q.trim().length > 0;
  return (
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <ReferenceField source="interview_id" reference="interviews" label="Interview" link="show" />
      <NumberField source="position" label="#" />
      <ExcerptField source="question" max={90} label="Question" />
      <ReferenceField source="speaker_id" reference="speakers" label="Speaker" link="show" />
      {searching ? (
        <WrapperField label="Where the words matched" sortable={false}>
          <AnswerSearchMatch />
        </WrapperField>
      ) : (
        <ExcerptField source="text" max={140} label="Answer" />
      )}
      <DateField source="updatedAt" label="Updated" showTime />
      <WrapperField label="Open" sortable={false}>
        <OpenEntryLink />
      </WrapperField>
    </Datagrid>
  );
}
