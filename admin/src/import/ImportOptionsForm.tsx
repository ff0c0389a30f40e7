import type { ChangeEvent } from 'react';
import { Box, FormControlLabel, MenuItem, Switch, TextField, Typography } from '@mui/material';
import type { ApiErrorInfo } from '../graphql/errors';
import type { TranscriptPreview } from '../graphql/operations';
import { fieldOf, shortMessage } from './importErrors';
import { FORMATS, type OptionsForm } from './importOptions';

/**
 * Step 2: the format and the names, each empty unless the editor overrides what the preview found
 * (shown as the placeholder); an error naming an option is shown at it.
 */
export function ImportOptionsForm({
  form,
  onChange,
  preview,
  error,
}: {
  form: OptionsForm;
  onChange(update: (current: OptionsForm) => OptionsForm): void;
  preview: TranscriptPreview | null;
  error: ApiErrorInfo | null;
}) {
  const field = fieldOf(error);
  const helper = (name: string) => (field === name && error ? shortMessage(error) : undefined);
  const set = (name: keyof OptionsForm) => (event: ChangeEvent<HTMLInputElement>) =>
    onChange((current) => ({
      ...current,
      [name]: name === 'publish' ? event.target.checked : event.target.value,
    }));

  return (
    <>
      <Typography variant="h6" component="h2" sx={{ mt: 3, mb: 1 }}>
        2. Names and format
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
        <TextField
          select
          label="Format"
          value={form.format}
          onChange={set('format')}
          size="small"
          error={field === 'format'}
          helperText={
            helper('format') ?? (preview && !form.format ? `Detected: ${preview.format}` : undefined)
          }
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        >
          {FORMATS.map((f) => (
            <MenuItem key={f.id || 'auto'} value={f.id}>
              {f.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="Language"
          value={form.language}
          onChange={set('language')}
          size="small"
          placeholder={preview?.language ?? 'en'}
          error={field === 'language'}
          helperText={helper('language') ?? 'e.g. en, zh'}
        />
        <TextField
          label="Title"
          value={form.title}
          onChange={set('title')}
          size="small"
          placeholder={preview?.title ?? ''}
          error={field === 'title'}
          helperText={helper('title')}
          sx={{ gridColumn: { sm: 'span 2' } }}
        />
        <TextField
          label="Publisher"
          value={form.publisher}
          onChange={set('publisher')}
          size="small"
          placeholder={preview?.publisher ?? ''}
          error={field === 'publisher'}
          helperText={helper('publisher')}
        />
        <Box />
        <TextField
          label="Interviewer"
          value={form.interviewer}
          onChange={set('interviewer')}
          size="small"
          error={field === 'interviewer'}
          helperText={helper('interviewer') ?? 'Who asks, when the text does not say'}
        />
        <TextField
          label="Interviewee"
          value={form.interviewee}
          onChange={set('interviewee')}
          size="small"
          error={field === 'interviewee'}
          helperText={helper('interviewee') ?? 'Who answers, when the text does not say'}
        />
      </Box>
      <FormControlLabel
        sx={{ mt: 1 }}
        control={<Switch checked={form.publish} onChange={set('publish')} />}
        label="Publish at once (otherwise a draft)"
      />
    </>
  );
}
