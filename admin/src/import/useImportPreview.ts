import { useCallback, useEffect, useRef, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';
import type { ApiErrorInfo } from '../graphql/errors';
import type { TranscriptOptions, TranscriptPreview } from '../graphql/operations';
import { toApiError } from './importErrors';

const PREVIEW_DELAY_MS = 500;

/**
 * What the service makes of the text with these options (previewTranscript), following them a moment
 * after typing stops; a newer request cancels the one in flight.
 */
export function useImportPreview(text: string, options: TranscriptOptions) {
  const dataProvider = useDataProvider<AppDataProvider>();
  const [preview, setPreview] = useState<TranscriptPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const request = useRef<AbortController | null>(null);

  const runPreview = useCallback(
    async (source: string, sourceOptions: TranscriptOptions) => {
      request.current?.abort();
      if (!source.trim() && !sourceOptions.contentBase64) {
        setPreview(null);
        setError(null);
        return;
      }
      const controller = new AbortController();
      request.current = controller;
      setPreviewing(true);
      try {
        const result = await dataProvider.previewTranscript(source, sourceOptions, controller.signal);
        if (controller.signal.aborted) return;
        setPreview(result);
        setError(null);
      } catch (e) {
        if (controller.signal.aborted) return;
        setPreview(null);
        setError(toApiError(e));
      } finally {
        if (request.current === controller) setPreviewing(false);
      }
    },
    [dataProvider],
  );

  useEffect(() => {
    const timer = setTimeout(() => void runPreview(text, options), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, options, runPreview]);

  useEffect(() => () => request.current?.abort(), []);

  return {
    preview,
    previewing,
    error,
    setError,
    refresh: () => void runPreview(text, options),
  };
}
