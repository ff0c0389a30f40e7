import { SelectInput, TextInput, required, type TransformData } from 'react-admin';
import { cleanLines, linesFormat, linesParse, STATUS_CHOICES } from '../shared/fields';

export const cleanInterview: TransformData = (data) => ({
  ...data,
  sections: cleanLines(data.sections),
  boilerplate: cleanLines(data.boilerplate),
});

/** The fields an interview's edit and create forms share (create asks for fewer). */
export function InterviewForm({ create }: { create?: boolean }) {
  return (
    <>
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="publisher" fullWidth />
      {create ? null : <TextInput source="slug" fullWidth helperText="The reader-facing address; unique." />}
      <TextInput source="language" helperText='A language tag, e.g. "en" or "zh"' />
      <SelectInput source="status" choices={STATUS_CHOICES} />
      {create ? null : <TextInput source="sourceUrl" label="Source URL" fullWidth type="url" />}
      <TextInput source="summary" multiline minRows={2} fullWidth />
      {create ? null : <TextInput source="intro" label="Introduction" multiline minRows={3} fullWidth />}
      <TextInput
        source="sections"
        label="Sections (one per line)"
        multiline
        minRows={2}
        fullWidth
        format={linesFormat}
        parse={linesParse}
      />
      {create ? null : (
        <TextInput
          source="boilerplate"
          label="Boilerplate (one paragraph per line)"
          multiline
          minRows={2}
          fullWidth
          format={linesFormat}
          parse={linesParse}
        />
      )}
    </>
  );
}
