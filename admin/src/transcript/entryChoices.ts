import { createContext, useContext } from 'react';

/** What an entry's section and people are chosen from: the interview's sections and the names known. */
export interface EntryChoices {
  sections: string[];
  /** Speaker names by id: the transcript's people and any created or picked while editing. */
  speakerNames: Map<string, string>;
  /** Remembers a speaker's name picked or created while editing, before the transcript is refetched. */
  rememberSpeaker(id: string, name: string): void;
}

const EntryChoicesContext = createContext<EntryChoices | null>(null);
export const EntryChoicesProvider = EntryChoicesContext.Provider;

/** Null outside the transcript editor: an entry card shown elsewhere then edits only its text. */
export function useEntryChoices(): EntryChoices | null {
  return useContext(EntryChoicesContext);
}
