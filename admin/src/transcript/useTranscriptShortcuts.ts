import { useEffect, useRef } from 'react';
import { handleShortcut, type ShortcutHandlers } from './shortcuts';

/** The answer box of an entry: where going to an entry puts the cursor. */
export function answerBoxOf(entry: HTMLElement): HTMLTextAreaElement | null {
  return entry.querySelector<HTMLTextAreaElement>('textarea[data-testid^="answer-text-"]');
}

/** Brings an entry into view with the cursor in its answer. */
export function goToEntry(entry: HTMLElement): void {
  const box = answerBoxOf(entry);
  box?.focus({ preventScroll: true });
  entry.scrollIntoView({ block: 'start' });
}

function entryButton(entry: HTMLElement, labelStart: string): HTMLButtonElement | null {
  return entry.querySelector<HTMLButtonElement>(`button[aria-label^="${labelStart}"]`);
}

/**
 * The editor's shortcuts on the window: Alt+↓/↑ between entries, Alt+Enter split, Alt+M merge, "?" help.
 * Split and merge press the entry's own buttons, so the keyboard and the mouse do exactly the same.
 */
export function useTranscriptShortcuts(container: HTMLElement | null, openHelp: () => void): void {
  const help = useRef(openHelp);
  useEffect(() => {
    help.current = openHelp;
  }, [openHelp]);
  useEffect(() => {
    if (!container) return undefined;
    const lastEntry = { current: null as HTMLElement | null };
    const handlers: ShortcutHandlers = {
      goTo(direction, from) {
        const entries = [...container.querySelectorAll<HTMLElement>('article[data-entry-id]')];
        if (entries.length === 0) return;
        const current = from ?? (lastEntry.current?.isConnected ? lastEntry.current : null);
        const index = current ? entries.indexOf(current) : -1;
        const next =
          index < 0
            ? entries[direction === 1 ? 0 : entries.length - 1]
            : entries[Math.min(entries.length - 1, Math.max(0, index + direction))];
        lastEntry.current = next;
        goToEntry(next);
      },
      split(entry) {
        entryButton(entry, 'Split entry')?.click();
      },
      merge(entry) {
        entryButton(entry, 'Merge entry')?.click();
      },
      help() {
        help.current();
      },
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (handleShortcut(event, handlers)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [container]);
}
