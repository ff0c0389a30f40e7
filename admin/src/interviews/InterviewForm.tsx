import { DateTimeInput, SelectInput, TextInput, required, type TransformData } from 'react-admin';
import { cleanLines, linesFormat, linesParse, STATUS_CHOICES } from '../shared/fields';

export const cleanInterview: TransformData = (data) => ({
  ...data,
  sections: cleanLines(data.sections),
  boilerplate: cleanLines(data.boilerplate),
});

/**
 * What the edit form saves: never the status it was loaded with, which would undo a publication made
 * meanwhile (by the schedule or another editor). Publishing is the Publish button's.
 */
export const cleanInterviewEdit: TransformData = (data, options) => {
  const cleaned = { ...cleanInterview(data, options) } as Record<string, unknown>;
  delete cleaned.status;
  return cleaned;
};

/** The fields an interview's edit and create forms share (create asks for fewer). */
export function InterviewForm({ create }: { create?: boolean }) {
  return (
    <>
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="publisher" fullWidth />
      {create ? null : <TextInput source="slug" fullWidth helperText="The reader-facing address; unique." />}
      <TextInput source="language" helperText='A language tag, e.g. "en" or "zh"' />
      {/* Editing publishes and unpublishes with the Publish button, which asks before taking a live one down. */}
      {create ? <SelectInput source="status" choices={STATUS_CHOICES} /> : null}
      {create ? null : <TextInput source="sourceUrl" label="Source URL" fullWidth type="url" />}
      <TextInput
        source="summary"
        multiline
        minRows={2}
        fullWidth
        helperText="Your own short description for listings: what the reader gets from this interview."
      />
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
      {create ? null : <ScheduleInputs />}
    </>
  );
}

/** The input's local date and time as an instant for the API; empty clears the schedule. */
const localToIso = (value: string | null | undefined): string | null => {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : at.toISOString();
};

/** When the service is to publish or unpublish the interview by itself; empty means never. */
export function ScheduleInputs() {
  return (
    <>
      <DateTimeInput
        source="publishAt"
        parse={localToIso}
        label="Publish at"
        helperText="The service publishes this draft at that time (leave empty for no scheduled publishing)."
      />
      <DateTimeInput
        source="unpublishAt"
        parse={localToIso}
        label="Unpublish at"
        helperText="The service takes it down at that time (leave empty to keep it up)."
      />
    </>
  );
}
