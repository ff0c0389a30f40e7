import { useState } from 'react';
import { useNotify, useRecordContext } from 'react-admin';
import { Button, ListItemText, Menu, MenuItem } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../graphql/errors';
import { downloadInterview, entriesHaveTimes, EXPORT_FORMATS } from '../graphql/downloads';
import type { Interview } from '../types';

/**
 * "Download": the interview as Markdown, plain text or JSON, and as WebVTT or SRT captions when its
 * entries carry times. Each item fetches its file with the session's token (drafts need it) and saves it.
 */
export function DownloadMenu({ record: given }: { record?: Interview }) {
  const fromContext = useRecordContext<Interview>();
  const record = given ?? fromContext;
  const notify = useNotify();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [busy, setBusy] = useState(false);
  const times = useQuery({
    queryKey: ['interviews', 'entriesHaveTimes', record?.id],
    queryFn: () => entriesHaveTimes(String(record?.id)),
    enabled: !!record && !!anchor,
  });
  if (!record) return null;
  const formats = EXPORT_FORMATS.filter((format) => !format.needsTimes || times.data === true);

  const download = async (extension: string) => {
    setAnchor(null);
    setBusy(true);
    try {
      const fileName = await downloadInterview(record.slug, extension);
      notify(`Downloaded ${fileName}`, { type: 'info' });
    } catch (error) {
      notify(`The download failed: ${errorMessage(error)}`, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        size="small"
        startIcon={<DownloadIcon />}
        onClick={(event) => setAnchor(event.currentTarget)}
        disabled={busy}
        aria-haspopup="menu"
        aria-label="Download this interview"
      >
        Download
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {formats.map((format) => (
          <MenuItem key={format.format} onClick={() => void download(format.extension)}>
            <ListItemText primary={format.label} secondary={`.${format.extension}`} />
          </MenuItem>
        ))}
        {times.isPending ? (
          <MenuItem disabled>
            <ListItemText secondary="Checking for captions…" />
          </MenuItem>
        ) : null}
      </Menu>
    </>
  );
}
