/**
 * Import a transcript: paste it or upload a file, look at what the service makes of it
 * (previewTranscript: entries, speakers, sections, warnings), adjust the format and the names, then save
 * (importTranscript) and continue in the transcript editor. Errors are shown where they are: the field
 * they name (extensions.field) and the line of the text (extensions.line).
 */
import { useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Title, useAuthenticated } from 'react-admin';
import { Box, Button, Card, CardContent, Stack } from '@mui/material';
import PreviewIcon from '@mui/icons-material/Preview';
import { ImportButton } from './ImportButton';
import { ImportOptionsForm } from './ImportOptionsForm';
import { ImportPreviewCard } from './ImportPreviewCard';
import { EMPTY_OPTIONS, toOptions, type OptionsForm } from './importOptions';
import { selectLine } from './selectLine';
import { TranscriptSourceForm } from './TranscriptSourceForm';
import { LeaveGuard } from '../transcript/LeaveGuard';
import { useImportPreview } from './useImportPreview';
import {
  TranslationAlignmentPreview,
  type AlignmentPairs,
} from '../translations/TranslationAlignmentPreview';

export function ImportPage() {
  useAuthenticated();
  const textarea = useRef<HTMLTextAreaElement>(null);
  // Set once imported: the page then leaves for the new interview without asking.
  const imported = useRef(false);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  // A Word document is sent as it is (base64) and read by the service; typed text replaces it.
  const [contentBase64, setContentBase64] = useState<string | null>(null);
  // `?translationOf=<id>&language=zh` (the interview's "add translation"): a translation, aligned with it.
  const [params] = useSearchParams();
  const translationOf = params.get('translationOf');
  const [form, setForm] = useState<OptionsForm>(() => ({
    ...EMPTY_OPTIONS,
    language: params.get('language') ?? '',
  }));
  // The editor's adjusted alignment (null: the service's entry n ↔ entry n).
  const [alignment, setAlignment] = useState<AlignmentPairs | null>(null);
  const options = useMemo(
    () => ({
      ...toOptions(form, fileName, contentBase64),
      ...(translationOf ? { translationOf, alignment } : {}),
    }),
    [form, fileName, contentBase64, translationOf, alignment],
  );
  const hasSource = !!text.trim() || !!contentBase64;
  const changeText = (value: string) => {
    setText(value);
    setAlignment(null);
    // Typed text replaces a Word document, and its file name with it.
    if (value && contentBase64) {
      setContentBase64(null);
      setFileName(null);
    }
  };
  const { preview, previewing, error, setError, refresh } = useImportPreview(text, options);

  const showLine = (line: number) => {
    if (textarea.current) selectLine(textarea.current, line);
  };

  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }}>
      <Title title={translationOf ? 'Import a translation' : 'Import a transcript'} />
      <LeaveGuard
        dirtyCount={hasSource ? 1 : 0}
        released={imported}
        title="Leave without importing?"
        description="The transcript here has not been imported yet: the text and the names you set will be lost if you leave this page."
      />
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
              <ImportButton
                text={text}
                options={options}
                publish={form.publish}
                onError={setError}
                onImported={() => {
                  imported.current = true;
                }}
                destination={
                  translationOf ? (imported) => `/interviews/${imported.id}/translations` : undefined
                }
              />
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
        {translationOf && preview?.translation ? (
          <TranslationAlignmentPreview
            translation={preview.translation}
            adjusted={alignment !== null}
            previewing={previewing}
            onChange={setAlignment}
          />
        ) : null}
      </Box>
    </Box>
  );
}
