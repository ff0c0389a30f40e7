import { useQuery } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql/request';
import type { InterviewStatus } from '../types';

/** One language version of an interview, as the language switch lists it. */
export interface InterviewVersion {
  id: string;
  slug: string;
  language: string;
  title: string;
  status: InterviewStatus;
  isOriginal: boolean;
}

const VERSIONS = `query InterviewVersions($id: ID!) {
  Interview(id: $id) {
    id slug language title status isOriginal
    translations { id slug language title status isOriginal }
  }
}`;

/**
 * Every language version of the interview, itself included, the original first, then by language. Keyed
 * under 'interviews' so whatever refreshes interviews (a save, a live change) refreshes this too.
 */
export function useVersions(interviewId: string | undefined) {
  return useQuery({
    queryKey: ['interviews', 'versions', interviewId],
    enabled: !!interviewId,
    queryFn: async (): Promise<InterviewVersion[]> => {
      const data = await graphqlRequest<{
        Interview: (InterviewVersion & { translations: InterviewVersion[] }) | null;
      }>(VERSIONS, { id: interviewId });
      const current = data.Interview;
      if (!current) return [];
      const { translations, ...self } = current;
      const all = new Map<string, InterviewVersion>([[self.id, self]]);
      for (const version of translations) if (!all.has(version.id)) all.set(version.id, version);
      return [...all.values()].sort(
        (a, b) => Number(b.isOriginal) - Number(a.isOriginal) || a.language.localeCompare(b.language),
      );
    },
  });
}

/** "English (en)" where the browser knows the language's name, else the code. */
export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}
