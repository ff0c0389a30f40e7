/**
 * The transcript editor's keyboard shortcuts, in one place: the handler reads them and the help dialog
 * lists them. Alt with arrows, Enter and M leaves the browsers' own shortcuts (Alt+Left/Right history,
 * Ctrl+letters) and screen readers' keys (Insert/CapsLock, single letters in browse mode) alone.
 */
export interface Shortcut {
  keys: string[];
  does: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['Alt', '↓'], does: 'Go to the next entry' },
  { keys: ['Alt', '↑'], does: 'Go to the previous entry' },
  {
    keys: ['Ctrl', 'S'],
    does: 'Save the entry being edited (every changed entry when none is); ⌘S on a Mac',
  },
  { keys: ['Alt', 'Enter'], does: 'Split the entry at the cursor in its answer' },
  { keys: ['Alt', 'M'], does: 'Merge the entry with the next (asks first)' },
  { keys: ['?'], does: 'Show these shortcuts (outside a text field)' },
];

/** Where an entry's shortcut goes: the entry of the element with focus. */
export function entryOf(element: Element | null): HTMLElement | null {
  return (element?.closest('[data-entry-id]') as HTMLElement | null) ?? null;
}

function isTextInput(element: Element | null): boolean {
  if (!element) return false;
  const tag = element.tagName;
  return (
    tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (element as HTMLElement).isContentEditable
  );
}

export interface ShortcutHandlers {
  goTo(direction: 1 | -1, from: HTMLElement | null): void;
  split(entry: HTMLElement): void;
  merge(entry: HTMLElement): void;
  help(): void;
}

/** The handler for window keydown; returns whether the key was a shortcut (then the browser's action is stopped). */
export function handleShortcut(event: KeyboardEvent, handlers: ShortcutHandlers): boolean {
  const target = event.target instanceof Element ? event.target : null;
  // A dialog (history, merge confirmation, find and replace) keeps its keys.
  if (target?.closest('[role="dialog"]')) return false;
  const plainAlt = event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;
  // In a list box (section, speaker) Alt+↓ opens its list, as everywhere else.
  const inListBox = !!target?.closest('[role="combobox"]');
  if (plainAlt && !inListBox && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
    handlers.goTo(event.key === 'ArrowDown' ? 1 : -1, entryOf(target));
    return true;
  }
  const entry = entryOf(target);
  if (plainAlt && event.key === 'Enter' && entry) {
    handlers.split(entry);
    return true;
  }
  // By the key's place, not its character: on a Mac Alt+M types "µ".
  if (plainAlt && event.code === 'KeyM' && entry) {
    handlers.merge(entry);
    return true;
  }
  if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTextInput(target)) {
    handlers.help();
    return true;
  }
  return false;
}
