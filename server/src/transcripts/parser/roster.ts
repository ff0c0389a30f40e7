/** The people of a transcript: those the options and header name, and those the text shows speaking. */
import { labelRefersTo, nameKey, type PersonInfo, roleOfWord, splitRoleFromLabel } from './names';
import type { GuessedPerson } from './people-hints';
import type { ParsedSpeaker, SpeakerRole } from './types';

export interface DeclaredPerson extends PersonInfo {
  role: SpeakerRole;
  /** Header line that named them; null when they come from the options. */
  line: number | null;
  /** Where a guessed person was taken from; null for people the options or a header name. */
  guess: GuessedPerson['how'] | null;
}

/** What a label stands for. `known` is false for a name nobody declared and that is no role word. */
export interface ResolvedLabel {
  name: string | null;
  role: SpeakerRole | null;
  known: boolean;
}

export class SpeakerRoster {
  private readonly declared: DeclaredPerson[] = [];
  private readonly used = new Map<string, ParsedSpeaker>();

  constructor(people: {
    interviewers: PersonInfo[];
    interviewees: PersonInfo[];
    guessed?: readonly GuessedPerson[];
  }) {
    for (const person of people.interviewers) this.declare(person, 'INTERVIEWER', null);
    for (const person of people.interviewees) this.declare(person, 'INTERVIEWEE', null);
    for (const { how, line, ...person } of people.guessed ?? []) {
      this.declare(person, how === 'byline' ? 'INTERVIEWER' : 'INTERVIEWEE', line, how);
    }
  }

  /** Adds a person; naming someone again only fills in the title/organisation still missing. */
  declare(
    person: PersonInfo,
    role: SpeakerRole,
    line: number | null,
    guess: GuessedPerson['how'] | null = null,
  ): void {
    const existing = this.declared.find((known) => nameKey(known.name) === nameKey(person.name));
    if (existing) {
      existing.title ??= person.title;
      existing.organization ??= person.organization;
      return;
    }
    // A header or the options outrank a guess for the same role.
    if (guess === null) {
      const guessed = this.declared.findIndex((known) => known.guess !== null && known.role === role);
      if (guessed >= 0) this.declared.splice(guessed, 1);
    } else if (this.declared.some((known) => known.role === role)) {
      return;
    }
    this.declared.push({
      name: person.name,
      title: person.title,
      organization: person.organization,
      role,
      line,
      guess,
    });
  }

  /**
   * A guessed name the text writes in full ("Mustafa" from the title, "Mustafa Al-Bassam:" in the
   * labels) takes the full name, keeping what the guess knew.
   */
  completeGuess(short: string, full: string): void {
    const person = this.declared.find(
      (known) => known.guess !== null && nameKey(known.name) === nameKey(short),
    );
    if (person && !this.declared.some((known) => nameKey(known.name) === nameKey(full))) person.name = full;
  }

  /** Names of the people only guessed from the text around the dialogue. */
  guessedNames(): string[] {
    return this.declared.filter((known) => known.guess !== null).map((known) => known.name);
  }

  /** The only person declared with this role, or null when there is none or several. */
  sole(role: SpeakerRole): DeclaredPerson | null {
    const people = this.declaredWith(role);
    return people.length === 1 ? people[0] : null;
  }

  declaredWith(role: SpeakerRole): DeclaredPerson[] {
    return this.declared.filter((person) => person.role === role);
  }

  resolve(label: string): ResolvedLabel {
    const { name, role } = splitRoleFromLabel(label);
    if (role && roleOfWord(name) === role) return { name: this.sole(role)?.name ?? null, role, known: true };
    const person = this.declared.find((known) => labelRefersTo(name, known.name));
    if (person) return { name: person.name, role: person.role, known: true };
    if (role) return { name, role, known: true };
    return { name, role: null, known: false };
  }

  /** Records that someone asks or answers; returns the name to use for them. */
  use(name: string, role: SpeakerRole): string {
    const key = nameKey(name);
    const existing = this.used.get(key);
    if (existing) return existing.name;
    const person = this.declared.find((known) => nameKey(known.name) === key);
    this.used.set(key, {
      name: person?.name ?? name,
      role: person?.role ?? role,
      title: person?.title ?? null,
      organization: person?.organization ?? null,
    });
    return person?.name ?? name;
  }

  /** Everyone who asks or answers, in order of first appearance. */
  speakers(): ParsedSpeaker[] {
    return [...this.used.values()];
  }

  /** Declared people who never ask or answer: a misspelt option or header deserves a look. */
  unused(): DeclaredPerson[] {
    return this.declared.filter((person) => person.guess === null && !this.used.has(nameKey(person.name)));
  }

  /** Guessed people who do ask or answer: the editor should check them. */
  usedGuesses(): DeclaredPerson[] {
    return this.declared.filter((person) => person.guess !== null && this.used.has(nameKey(person.name)));
  }
}
