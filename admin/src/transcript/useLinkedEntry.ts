import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Answer } from '../types';

/**
 * The entry a link points at (`?entry=<id>`, from the search or the latest changes): scrolled into view
 * once it is loaded, and returned so its card can stand out. Scrolled once per entry, not on every
 * refresh, so live updates do not pull the editor back while they work elsewhere. `shown`: the entries are on
 * the page (the editor shows them only once the interview is loaded too, which may come after its entries).
 */
export function useLinkedEntry(answers: Answer[], shown: boolean): string | null {
  const [params] = useSearchParams();
  const entryId = params.get('entry');
  const scrolledTo = useRef<string | null>(null);
  const loaded = !!entryId && answers.some((answer) => answer.id === entryId);
  useEffect(() => {
    if (!entryId || !loaded || !shown || scrolledTo.current === entryId) return;
    const card = document.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(entryId)}"]`);
    if (!card) return;
    scrolledTo.current = entryId;
    card.scrollIntoView({ block: 'center' });
  }, [entryId, loaded, shown]);
  return loaded ? entryId : null;
}
