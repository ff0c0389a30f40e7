/** Collection names, in one place. */
export const Collections = {
  users: 'users',
  speakers: 'speakers',
  interviews: 'interviews',
  answers: 'answers',
  revisions: 'revisions',
  loginThrottle: 'login_throttle',
  presence: 'presence',
  translationGroups: 'translation_groups',
  alignmentPairs: 'alignment_pairs',
} as const;
