/**
 * Import a transcript: paste it or upload a file, look at what the service makes of it
 * (previewTranscript: entries, speakers, sections, warnings), adjust the format and the names, then save
 * (importTranscript) and continue in the transcript editor. Errors are shown where they are: the field
 * they name (extensions.field) and the line of the text (extensions.line).
 */
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { Title, useAuthenticated, useDataProvider, useNotify } from 'react-admin';
import { useNavigate, Link as RouterLink } from 'react-router-dom';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  CircularProgress,
  FormControlLabel,
  Link,
  MenuItem,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import PreviewIcon from '@mui/icons-material/Preview';
import SaveAltIcon from '@mui/icons-material/SaveAlt';
import type { AppDataProvider } from '../dataProvider';
import { apiErrorOf, errorMessage, type ApiErrorInfo } from '../graphql/errors';
import type { TranscriptFormat, TranscriptOptions, TranscriptPreview } from '../graphql/operations';
import { excerpt } from '../shared/fields';

interface OptionsForm {
  format: TranscriptFormat | '';
  title: string;
  publisher: string;
  language: string;
  interviewer: string;
  interviewee: string;
  publish: boolean;
}

const EMPTY_OPTIONS: OptionsForm = {
  format: '',
  title: '',
  publisher: '',
  language: '',
  interviewer: '',
  interviewee: '',
  publish: false,
};

const FORMATS: { id: TranscriptFormat | ''; name: string }[] = [
  { id: '', name: 'Detect automatically' },
  { id: 'NUMBERED', name: 'Numbered questions (1. …?)' },
  { id: 'DIALOGUE', name: 'Dialogue (Name: text)' },
  { id: 'QA', name: 'Q: / A:' },
];

const TEXT_LIMIT_BYTES = 3_500_000;

function toOptions(form: OptionsForm, fileName: string | null): TranscriptOptions {
  const value = (s: string) => (s.trim() ? s.trim() : undefined);
  return {
    format: form.format || undefined,
    title: value(form.title),
    publisher: value(form.publisher),
    language: value(form.language),
    interviewer: value(form.interviewer),
    interviewee: value(form.interviewee),
    fileName: fileName ?? undefined,
  };
}

/** The option an error names ("options.title", "title" → "title"; the text itself → "text"). */
function fieldOf(error: ApiErrorInfo | null): string | null {
  const field = error?.extensions.field;
  if (typeof field !== 'string') return null;
  return field.replace(/^options\./, '');
}

/** The message without the "field: " and "line N: " the service starts it with (shown next to both). */
function shortMessage(error: ApiErrorInfo | null): string {
  if (!error) return '';
  const field = error.extensions.field;
  let message = error.message;
  if (typeof field === 'string' && message.startsWith(`${field}: `))
    message = message.slice(field.length + 2);
  return message.replace(/^line \d+: /, '');
}

function lineOf(error: ApiErrorInfo | null): number | null {
  const line = error?.extensions.line;
  return typeof line === 'number' ? line : null;
}

export function ImportPage() {
  useAuthenticated();
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const navigate = useNavigate();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [form, setForm] = useState<OptionsForm>(EMPTY_OPTIONS);
  const [preview, setPreview] = useState<TranscriptPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const [importing, setImporting] = useState(false);
  const request = useRef<AbortController | null>(null);

  const runPreview = useCallback(
    async (source: string, options: TranscriptOptions) => {
      request.current?.abort();
      if (!source.trim()) {
        setPreview(null);
        setError(null);
        return;
      }
      const controller = new AbortController();
      request.current = controller;
      setPreviewing(true);
      try {
        const result = await dataProvider.previewTranscript(source, options, controller.signal);
        if (controller.signal.aborted) return;
        setPreview(result);
        setError(null);
      } catch (e) {
        if (controller.signal.aborted) return;
        setPreview(null);
        setError(apiErrorOf(e) ?? { message: errorMessage(e), code: undefined, extensions: {} });
      } finally {
        if (request.current === controller) setPreviewing(false);
      }
    },
    [dataProvider],
  );

  // The preview follows the text and the options, a moment after typing stops.
  useEffect(() => {
    const timer = setTimeout(() => void runPreview(text, toOptions(form, fileName)), 500);
    return () => clearTimeout(timer);
  }, [text, form, fileName, runPreview]);

  useEffect(() => () => request.current?.abort(), []);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > TEXT_LIMIT_BYTES) {
      notify(`${file.name} is too large to import (${Math.round(file.size / 1024)} KB)`, { type: 'error' });
      return;
    }
    setText(await file.text());
    setFileName(file.name);
    notify(`Loaded ${file.name}`, { type: 'info' });
  };

  const selectLine = (line: number) => {
    const element = textarea.current;
    if (!element) return;
    const lines = element.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
    const end = start + (lines[line - 1]?.length ?? 0);
    element.focus();
    element.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20;
    element.scrollTop = Math.max(0, (line - 3) * lineHeight);
  };

  const save = async () => {
    if (!text.trim()) {
      setError({
        message: 'Paste a transcript or upload a file first',
        code: 'BAD_USER_INPUT',
        extensions: { field: 'text' },
      });
      return;
    }
    setImporting(true);
    try {
      const interview = await dataProvider.importTranscript(text, {
        ...toOptions(form, fileName),
        publish: form.publish,
      });
      notify(`Imported “${interview.title}”${form.publish ? ' and published it' : ' as a draft'}`, {
        type: 'success',
      });
      navigate(`/interviews/${interview.id}/transcript`);
    } catch (e) {
      const info = apiErrorOf(e);
      setError(info ?? { message: errorMessage(e), code: undefined, extensions: {} });
      notify(`Not imported: ${errorMessage(e)}`, { type: 'error' });
    } finally {
      setImporting(false);
    }
  };

  const field = fieldOf(error);
  const line = lineOf(error);
  const helper = (name: string) => (field === name && error ? shortMessage(error) : undefined);
  const set = (name: keyof OptionsForm) => (event: ChangeEvent<HTMLInputElement>) =>
    setForm((current) => ({
      ...current,
      [name]: name === 'publish' ? event.target.checked : event.target.value,
    }));

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
            <Typography id="import-source" variant="h6" component="h2" gutterBottom>
              1. The transcript
            </Typography>
            <Stack direction="row" sx={{ gap: 1, alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
              <Button component="label" variant="outlined" size="small" startIcon={<UploadFileIcon />}>
                Upload a text file
                <input
                  type="file"
                  hidden
                  accept=".txt,.md,.text,text/plain"
                  onChange={(e) => void onFile(e)}
                  aria-label="Upload a text file"
                />
              </Button>
              {fileName ? <Chip size="small" label={fileName} onDelete={() => setFileName(null)} /> : null}
              <Typography variant="caption" color="text.secondary">
                or paste the text below
              </Typography>
            </Stack>
            <TextField
              label="Transcript text"
              value={text}
              onChange={(e) => setText(e.target.value)}
              multiline
              minRows={12}
              maxRows={24}
              fullWidth
              inputRef={textarea}
              error={field === 'text' || line !== null}
              helperText={
                field === 'text' || line !== null
                  ? `${line !== null ? `Line ${line}: ` : ''}${shortMessage(error)}`
                  : `${text ? text.split('\n').length : 0} lines`
              }
              slotProps={{ htmlInput: { 'data-testid': 'import-text', spellCheck: false } }}
              sx={{ '& textarea': { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 13 } }}
            />
            {line !== null ? (
              <Button size="small" onClick={() => selectLine(line)} sx={{ mt: 0.5 }}>
                Show line {line}
              </Button>
            ) : null}

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
            <Stack direction="row" sx={{ gap: 1, mt: 2, flexWrap: 'wrap' }}>
              <Button
                variant="outlined"
                startIcon={<PreviewIcon />}
                onClick={() => void runPreview(text, toOptions(form, fileName))}
                disabled={!text.trim() || previewing}
              >
                Preview
              </Button>
              <Button
                variant="contained"
                startIcon={importing ? <CircularProgress size={16} color="inherit" /> : <SaveAltIcon />}
                onClick={() => void save()}
                disabled={importing || !text.trim()}
              >
                Import
              </Button>
            </Stack>
          </CardContent>
        </Card>

        <Card component="section" aria-labelledby="import-preview" aria-busy={previewing}>
          <CardContent>
            <Stack direction="row" sx={{ alignItems: 'center', gap: 1 }}>
              <Typography id="import-preview" variant="h6" component="h2" sx={{ flex: 1 }}>
                3. Preview
              </Typography>
              {previewing ? <CircularProgress size={18} aria-label="Updating the preview" /> : null}
            </Stack>
            {error && !field && line === null ? (
              <Alert severity="error" sx={{ mt: 1 }} role="alert">
                {error.message}
              </Alert>
            ) : null}
            {!preview ? (
              <Typography color="text.secondary" sx={{ mt: 1 }}>
                {text.trim()
                  ? error
                    ? 'Fix the error to see the preview.'
                    : 'Reading the transcript…'
                  : 'Paste or upload a transcript to see what will be imported.'}
              </Typography>
            ) : (
              <PreviewView preview={preview} onLine={selectLine} />
            )}
          </CardContent>
        </Card>
      </Box>
    </Box>
  );
}

function PreviewView({ preview, onLine }: { preview: TranscriptPreview; onLine(line: number): void }) {
  return (
    <Box data-testid="import-preview">
      <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', my: 1 }}>
        <Chip label={`Format: ${preview.format}`} color="primary" variant="outlined" size="small" />
        <Chip label={`${preview.entries.length} entries`} size="small" />
        <Chip label={`${preview.speakers.length} speakers`} size="small" />
        <Chip label={`${preview.sections.length} sections`} size="small" />
        <Chip label={`Language: ${preview.language}`} size="small" />
      </Stack>
      <Typography variant="subtitle1" component="p">
        <strong>{preview.title ?? '(no title: give one)'}</strong>
        {preview.publisher ? ` — ${preview.publisher}` : ''}
      </Typography>

      {preview.warnings.length ? (
        <Alert severity="warning" sx={{ my: 1 }}>
          <AlertTitle>
            {preview.warnings.length === 1 ? 'One warning' : `${preview.warnings.length} warnings`}
          </AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {preview.warnings.map((w, i) => (
              <li key={i}>
                {w.line !== null ? (
                  <Link
                    component="button"
                    type="button"
                    onClick={() => onLine(w.line as number)}
                    sx={{ verticalAlign: 'baseline' }}
                  >
                    Line {w.line}
                  </Link>
                ) : null}
                {w.line !== null ? ': ' : ''}
                {w.message}
              </li>
            ))}
          </Box>
        </Alert>
      ) : null}

      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
        Speakers
      </Typography>
      <Box component="ul" sx={{ mt: 0.5, pl: 2 }}>
        {preview.speakers.map((s) => (
          <li key={`${s.role}-${s.name}`}>
            <strong>{s.name}</strong> — {s.role.toLowerCase()}
            {s.title || s.organization
              ? `, ${[s.title, s.organization].filter(Boolean).join(', ')}`
              : ''}{' '}
            {s.existingSpeakerId ? (
              <Link component={RouterLink} to={`/speakers/${s.existingSpeakerId}/show`}>
                (existing speaker)
              </Link>
            ) : (
              <Typography component="span" variant="caption" color="text.secondary">
                (new speaker)
              </Typography>
            )}
          </li>
        ))}
      </Box>

      {preview.sections.length ? (
        <>
          <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
            Sections
          </Typography>
          <Box component="ol" sx={{ mt: 0.5, pl: 3 }}>
            {preview.sections.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </Box>
        </>
      ) : null}

      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
        Entries
      </Typography>
      <TableContainer sx={{ maxHeight: 520 }}>
        <Table size="small" stickyHeader aria-label="Entries to import">
          <TableHead>
            <TableRow>
              <TableCell>#</TableCell>
              <TableCell>Question</TableCell>
              <TableCell>Answer</TableCell>
              <TableCell>Line</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.entries.map((e) => (
              <TableRow key={e.position} data-testid="preview-entry">
                <TableCell sx={{ verticalAlign: 'top' }}>{e.position}</TableCell>
                <TableCell sx={{ verticalAlign: 'top', minWidth: 160 }}>
                  {e.section ? (
                    <Typography variant="caption" color="text.secondary" component="div">
                      {e.section}
                    </Typography>
                  ) : null}
                  {e.questioner ? <strong>{e.questioner}: </strong> : null}
                  {excerpt(e.question, 160)}
                </TableCell>
                <TableCell sx={{ verticalAlign: 'top', minWidth: 200 }}>
                  {e.speaker ? <strong>{e.speaker}: </strong> : null}
                  {excerpt(e.text, 220)}
                </TableCell>
                <TableCell sx={{ verticalAlign: 'top' }}>
                  {e.line !== null ? (
                    <Link
                      component="button"
                      type="button"
                      onClick={() => onLine(e.line as number)}
                      aria-label={`Show line ${e.line}`}
                    >
                      {e.line}
                    </Link>
                  ) : (
                    '—'
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
}
