import { useMutation } from '@tanstack/react-query';
import { useDataProvider, useNotify } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { Button, CircularProgress } from '@mui/material';
import SaveAltIcon from '@mui/icons-material/SaveAlt';
import type { AppDataProvider } from '../dataProvider';
import { errorMessage, type ApiErrorInfo } from '../graphql/errors';
import type { TranscriptOptions } from '../graphql/operations';
import type { Interview } from '../types';
import { toApiError } from './importErrors';

/** Step 3: imports the transcript (importTranscript) and continues in the transcript editor. */
export function ImportButton({
  text,
  options,
  publish,
  onError,
  onImported,
  destination,
}: {
  text: string;
  options: TranscriptOptions;
  publish: boolean;
  onError(error: ApiErrorInfo): void;
  /** Imported: called before leaving for the new interview. */
  onImported?(): void;
  /** Where to continue after the import (default: the new interview's transcript editor). */
  destination?: (interview: Interview) => string;
}) {
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const navigate = useNavigate();
  const importTranscript = useMutation({
    mutationFn: () => dataProvider.importTranscript(text, { ...options, publish }),
    onSuccess: (interview) => {
      onImported?.();
      notify(`Imported “${interview.title}”${publish ? ' and published it' : ' as a draft'}`, {
        type: 'success',
      });
      navigate(destination ? destination(interview) : `/interviews/${interview.id}/transcript`);
    },
    onError: (error) => {
      onError(toApiError(error));
      notify(`Not imported: ${errorMessage(error)}`, { type: 'error' });
    },
  });

  // A Word document is sent as its content, with no text of its own.
  const hasSource = !!text.trim() || !!options.contentBase64;
  const run = () => {
    if (!hasSource) {
      onError({
        message: 'Paste a transcript or upload a file first',
        code: 'BAD_USER_INPUT',
        extensions: { field: 'text' },
      });
      return;
    }
    importTranscript.mutate();
  };

  return (
    <Button
      variant="contained"
      startIcon={
        importTranscript.isPending ? <CircularProgress size={16} color="inherit" /> : <SaveAltIcon />
      }
      onClick={run}
      disabled={importTranscript.isPending || !hasSource}
    >
      Import
    </Button>
  );
}
