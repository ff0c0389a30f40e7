import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@mui/material';
import TranslateIcon from '@mui/icons-material/Translate';

/** A BCP 47 tag as editors type them: "zh", "zh-Hant", "pt-BR". */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * "Add translation": asks for the language, then opens the import page set to import a translation of
 * this interview in it (`/import?translationOf=<id>&language=<code>`).
 */
export function AddTranslationButton({ interviewId, taken }: { interviewId: string; taken: string[] }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [language, setLanguage] = useState('');
  const code = language.trim();
  const problem = !code
    ? null
    : !LANGUAGE_TAG.test(code)
      ? 'A language code such as zh, en or pt-BR'
      : taken.some((t) => t.toLowerCase() === code.toLowerCase())
        ? 'This interview already has a version in this language'
        : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!code || problem) return;
    navigate(`/import?${new URLSearchParams({ translationOf: interviewId, language: code }).toString()}`);
  };
  return (
    <>
      <Button size="small" startIcon={<TranslateIcon />} onClick={() => setOpen(true)}>
        Add translation
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="add-translation-title">
        <form onSubmit={submit}>
          <DialogTitle id="add-translation-title">Add a translation</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>
              Paste or upload the translated transcript on the next page; its entries are paired with this
              interview&apos;s before anything is saved.
            </DialogContentText>
            <TextField
              autoFocus
              label="Language of the translation"
              value={language}
              onChange={(event) => setLanguage(event.target.value)}
              error={!!problem}
              helperText={problem ?? 'A BCP 47 code, e.g. zh, en, pt-BR'}
              size="small"
              fullWidth
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="contained" disabled={!code || !!problem}>
              Continue to import
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}
