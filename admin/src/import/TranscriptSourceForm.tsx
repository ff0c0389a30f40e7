import type { ChangeEvent, RefObject } from 'react';
import { useNotify } from 'react-admin';
import { Button, Chip, Stack, TextField, Typography } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { ApiErrorInfo } from '../graphql/errors';
import { fieldOf, lineOf, shortMessage } from './importErrors';

const TEXT_LIMIT_BYTES = 3_500_000;
const DOCUMENT_LIMIT_BYTES = 8_000_000;
const ACCEPTED =
  '.txt,.md,.text,.vtt,.srt,.docx,text/plain,text/markdown,text/vtt,application/x-subrip,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A file's bytes in base64, for documents the service reads itself. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Step 1: the transcript, uploaded (text, Markdown, WebVTT/SRT captions, or a Word document, which the
 * service reads) or pasted; an error in the text names its line.
 */
export function TranscriptSourceForm({
  text,
  onTextChange,
  onContentChange,
  hasContent,
  fileName,
  onFileNameChange,
  textarea,
  error,
  onShowLine,
}: {
  text: string;
  onTextChange(text: string): void;
  onContentChange(contentBase64: string | null): void;
  hasContent: boolean;
  fileName: string | null;
  onFileNameChange(fileName: string | null): void;
  textarea: RefObject<HTMLTextAreaElement | null>;
  error: ApiErrorInfo | null;
  onShowLine(line: number): void;
}) {
  const notify = useNotify();
  const field = fieldOf(error);
  const line = lineOf(error);
  const inText = field === 'text' || line !== null;

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const isDocument = /\.docx$/i.test(file.name);
    if (file.size > (isDocument ? DOCUMENT_LIMIT_BYTES : TEXT_LIMIT_BYTES)) {
      notify(`${file.name} is too large to import (${Math.round(file.size / 1024)} KB)`, { type: 'error' });
      return;
    }
    if (isDocument) {
      onTextChange('');
      onContentChange(await base64Of(file));
    } else {
      onContentChange(null);
      onTextChange(await file.text());
    }
    onFileNameChange(file.name);
    notify(`Loaded ${file.name}`, { type: 'info' });
  };

  return (
    <>
      <Typography id="import-source" variant="h6" component="h2" gutterBottom>
        1. The transcript
      </Typography>
      <Stack direction="row" sx={{ gap: 1, alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
        <Button component="label" variant="outlined" size="small" startIcon={<UploadFileIcon />}>
          Upload a file
          <input
            type="file"
            hidden
            accept={ACCEPTED}
            onChange={(e) => void onFile(e)}
            aria-label="Upload a transcript file (.txt, .md, .vtt, .srt, .docx)"
          />
        </Button>
        {fileName ? (
          <Chip
            size="small"
            label={fileName}
            onDelete={() => {
              // A Word document is only its file: removing the file removes it; pasted or loaded text stays.
              if (hasContent) onContentChange(null);
              onFileNameChange(null);
            }}
          />
        ) : null}
        <Typography variant="caption" color="text.secondary">
          or paste the text below
        </Typography>
      </Stack>
      <TextField
        label="Transcript text"
        value={text}
        onChange={(e) => onTextChange(e.target.value)}
        multiline
        minRows={12}
        maxRows={24}
        fullWidth
        inputRef={textarea}
        error={inText}
        helperText={
          inText
            ? `${line !== null ? `Line ${line}: ` : ''}${shortMessage(error)}`
            : hasContent
              ? 'Word document loaded: the service reads its text (typing here replaces it)'
              : `${text ? text.split('\n').length : 0} lines`
        }
        slotProps={{ htmlInput: { 'data-testid': 'import-text', spellCheck: false } }}
        sx={{ '& textarea': { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 13 } }}
      />
      {line !== null ? (
        <Button size="small" onClick={() => onShowLine(line)} sx={{ mt: 0.5 }}>
          Show line {line}
        </Button>
      ) : null}
    </>
  );
}
