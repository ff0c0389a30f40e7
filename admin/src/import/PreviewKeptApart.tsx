import { Box, Typography } from '@mui/material';
import type { TranscriptPreview } from '../graphql/operations';

function Paragraphs({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  if (!items.length) return null;
  return (
    <>
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
        {title} ({items.length})
      </Typography>
      <Box
        component="ul"
        data-testid={testId}
        sx={{ mt: 0.5, pl: 2, maxHeight: 240, overflow: 'auto', overflowWrap: 'anywhere' }}
      >
        {items.map((item, index) => (
          <Box component="li" key={index} sx={{ whiteSpace: 'pre-wrap', color: 'text.secondary', mb: 0.5 }}>
            {item}
          </Box>
        ))}
      </Box>
    </>
  );
}

/**
 * What the import keeps on the interview rather than in an entry — the introduction, notes between
 * questions and the text kept apart (bylines, credits, disclaimers) — so the editor sees each guess's result.
 */
export function PreviewKeptApart({ preview }: { preview: TranscriptPreview }) {
  return (
    <>
      <Paragraphs
        title="Introduction"
        items={preview.intro.trim() ? [preview.intro.trim()] : []}
        testId="preview-intro"
      />
      <Paragraphs title="Notes kept on the interview" items={preview.notes} testId="preview-notes" />
      <Paragraphs
        title="Kept apart from the dialogue"
        items={preview.boilerplate}
        testId="preview-kept-apart"
      />
    </>
  );
}
