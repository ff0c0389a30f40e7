/**
 * Import a transcript: paste it or upload a file, look at what the service makes of it
 * (previewTranscript: entries, speakers, sections, warnings), adjust the format and the names, then save
 * (importTranscript) and continue in the transcript editor. Errors are shown where they are: the field
 * they name (extensions.field) and the line of the text (extensions.line).
 */
import { useMemo, useRef, useState } from 'react';
import { Title, useAuthenticated } from 'react-admin';
import { Box, Button, Card, CardContent, Stack } from '@mui/material';
import PreviewIcon from '@mui/icons-material/Preview';
import { ImportButton } from './ImportButton';
import { ImportOptionsForm } from './ImportOptionsForm';
import { ImportPreviewCard } from './ImportPreviewCard';
import { EMPTY_OPTIONS, toOptions, type OptionsForm } from './importOptions';
import { selectLine } from './selectLine';
import { TranscriptSourceForm } from './TranscriptSourceForm';
import { useImportPreview } from './useImportPreview';

export function ImportPage() {
  useAuthenticated();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  // A Word document is sent as it is (base64) and read by the service; typed text replaces it.
  const [contentBase64, setContentBase64] = useState<string | null>(null);
  const [form, setForm] = useState<OptionsForm>(EMPTY_OPTIONS);
  const options = useMemo(() => toOptions(form, fileName, contentBase64), [form, fileName, contentBase64]);
  const hasSource = !!text.trim() || !!contentBase64;
  const changeText = (value: string) => {
    setText(value);
    if (value) setContentBase64(null);
  };
  const { preview, previewing, error, setError, refresh } = useImportPreview(text, options);

  const showLine = (line: number) => {
    if (textarea.current) selectLine(textarea.current, line);
  };

  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }}>
      <Title title="Import a transcript" />
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 5fr) minmax(0, 6fr)' },
        }}
      >
        <Card component="section" aria-labelledby="import-source">
          <CardContent>
            <TranscriptSourceForm
              text={text}
              onTextChange={changeText}
              onContentChange={setContentBase64}
              hasContent={!!contentBase64}
              fileName={fileName}
              onFileNameChange={setFileName}
              textarea={textarea}
              error={error}
              onShowLine={showLine}
            />
            <ImportOptionsForm form={form} onChange={setForm} preview={preview} error={error} />
            <Stack direction="row" sx={{ gap: 1, mt: 2, flexWrap: 'wrap' }}>
              <Button
                variant="outlined"
                startIcon={<PreviewIcon />}
                onClick={refresh}
                disabled={!hasSource || previewing}
              >
                Preview
              </Button>
              <ImportButton text={text} options={options} publish={form.publish} onError={setError} />
            </Stack>
          </CardContent>
        </Card>
        <ImportPreviewCard
          preview={preview}
          previewing={previewing}
          error={error}
          hasText={hasSource}
          onLine={showLine}
        />
      </Box>
    </Box>
  );
}
