import { useState } from 'react';
import { Button, Confirm, useNotify, useRecordContext, useDataProvider } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import PublicIcon from '@mui/icons-material/Public';
import PublicOffIcon from '@mui/icons-material/PublicOff';
import type { AppDataProvider } from '../dataProvider';
import { errorCode, errorMessage } from '../graphql/errors';
import type { Interview } from '../types';

/**
 * Publishes or unpublishes the interview (publishInterview / unpublishInterview with its version). Taking a
 * live interview away from readers is asked about first, and so is publishing while the page holds unsaved
 * corrections (`unsavedCount`, the transcript editor's): readers get the saved text, not those.
 */
export function PublishButton({
  record: given,
  onDone,
  unsavedCount = 0,
}: {
  record?: Interview;
  onDone?: (i: Interview) => void;
  unsavedCount?: number;
}) {
  const fromContext = useRecordContext<Interview>();
  const record = given ?? fromContext;
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  if (!record) return null;
  const publish = record.status !== 'PUBLISHED';
  const label = publish ? 'Publish' : 'Unpublish';
  const unsaved =
    unsavedCount === 1 ? 'One entry has unsaved changes' : `${unsavedCount} entries have unsaved changes`;

  const run = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      const updated = await dataProvider.setInterviewStatus(record.id, record.version, publish);
      notify(publish ? 'Published: readers can see it now' : 'Unpublished: back to draft', {
        type: 'success',
      });
      onDone?.(updated);
    } catch (error) {
      notify(
        errorCode(error) === 'CONFLICT'
          ? 'Someone else changed this interview: reloaded, check and try again'
          : `Could not ${label.toLowerCase()}: ${errorMessage(error)}`,
        { type: 'error' },
      );
    } finally {
      setBusy(false);
      void queryClient.invalidateQueries({ queryKey: ['interviews'] });
    }
  };

  return (
    <>
      <Button
        label={label}
        aria-label={`${label} this interview`}
        onClick={() => (publish && unsavedCount === 0 ? void run() : setConfirming(true))}
        disabled={busy}
        color={publish ? 'primary' : 'inherit'}
      >
        {publish ? <PublicIcon /> : <PublicOffIcon />}
      </Button>
      {publish ? (
        <Confirm
          isOpen={confirming}
          title="Publish without your unsaved changes?"
          content={`${unsaved}: readers will see the text as saved, without them. Save them first to publish them too.`}
          confirm="Publish as saved"
          cancel="Not yet"
          onConfirm={() => void run()}
          onClose={() => setConfirming(false)}
        />
      ) : (
        <Confirm
          isOpen={confirming}
          title="Unpublish this interview?"
          content={`“${record.title}” is live: readers will no longer find it, and links to it stop working until it is published again.`}
          confirm="Unpublish"
          cancel="Keep it published"
          confirmColor="warning"
          onConfirm={() => void run()}
          onClose={() => setConfirming(false)}
        />
      )}
    </>
  );
}
