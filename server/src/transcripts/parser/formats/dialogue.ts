/**
 * DIALOGUE transcripts: "Name: text" turns, the label possibly alone on its line with the text below.
 * A label is a name that recurs, or that the options/header know, or a role word ("Host", "主持人"),
 * or a full name speaking once (with a warning);
 * any other "text:" (a heading "Part One: Why", a byline "Written by:", "Note:") is text.
 */
import { joinTranslations } from '../bilingual';
import { isBoilerplateLabelLine, trailingBoilerplateStart } from '../boilerplate';
import { isEditorsNote } from '../notes';
import { readHeader, readHeaderLine } from '../header';
import { isTitleLike } from '../headings';
import { type LabelLine, parseLabelLine } from '../labels';
import {
  nextNonBlankIndex,
  type ParagraphMode,
  paragraphs,
  previousNonBlankIndex,
  type SourceLine,
} from '../lines';
import {
  isNeverASpeaker,
  isPersonNameLike,
  isUnspacedCjkFullName,
  labelRefersTo,
  nameKey,
  splitRoleFromLabel,
} from '../names';
import { type ResolvedLabel, SpeakerRoster } from '../roster';
import type { Scanner, Turn } from '../skeleton';
import {
  containsQuestionMark,
  containsUrl,
  endsLikeSentence,
  endsWithColon,
  endsWithQuestionMark,
} from '../text-shape';
import type { ParseDecision, ParseWarning, SpeakerRole } from '../types';

interface LabelledTurn extends Turn {
  /** Who the label stands for, for telling speakers apart: their name's key, or the label's. */
  key: string;
  /** The role the label itself says ("Reporter (Reuters)", "记者（财新）"), which the name alone loses. */
  role: SpeakerRole | null;
}

export const scanDialogue: Scanner = ({ lines, options, source, mode }) => {
  // A caption wraps its text at any word: "Bo Chen: Honestly" is a label with speech, not a sentence-less line.
  const wrapped = source.kind !== 'text';
  const roster = new SpeakerRoster(options);
  const candidates = lines.map((line) => parseLabelLine(line.text));
  const aliases = labelAliases(candidates);
  for (const name of roster.guessedNames()) {
    const alias = aliases.get(nameKey(name));
    if (alias) roster.completeGuess(name, alias.label);
  }
  // "王磊（Bitget 首席运营官）" once and "王磊" after are one speaker: the name in the label counts.
  const keyOf = (label: string): string => {
    const key = nameKey(splitRoleFromLabel(label).name);
    return aliases.get(key)?.key ?? key;
  };
  const counts = new Map<string, number>();
  for (const candidate of candidates) {
    if (candidate) counts.set(keyOf(candidate.label), (counts.get(keyOf(candidate.label)) ?? 0) + 1);
  }
  const couldSpeak = (index: number): boolean => {
    const candidate = candidates[index];
    return !!candidate && !isNeverASpeaker(candidate.label) && !isBoilerplateLabelLine(lines[index].text);
  };
  const listItems = listItemLines(lines, candidates, counts);
  // A name-like label that recurs names a speaker, unless it only ever opens list items ("Pros:",
  // "Cons:") or is never followed by speech (a repeated "Part One: Basics" heading).
  const outsideLists = new Set<string>();
  const speaks = new Set<string>();
  candidates.forEach((candidate, index) => {
    if (!candidate) return;
    if (!listItems.has(index)) outsideLists.add(keyOf(candidate.label));
    if (speechFollows(lines, candidates, index, wrapped || source.labelled.has(lines[index].number)))
      speaks.add(keyOf(candidate.label));
  });
  const recurs = (candidate: LabelLine): boolean => {
    const key = keyOf(candidate.label);
    return (
      (counts.get(key) ?? 0) >= 2 &&
      outsideLists.has(key) &&
      speaks.has(key) &&
      isPersonNameLike(splitRoleFromLabel(candidate.label).name)
    );
  };

  // Header lines ("Host: Ann Lee") come first; the dialogue starts at the first label of a speaker.
  const opensDialogue = (index: number): boolean => {
    if (readHeaderLine(lines[index].text) || !couldSpeak(index)) return false;
    const candidate = candidates[index] as LabelLine;
    return recurs(candidate) || roster.resolve(candidate.label).known;
  };
  let start = lines.findIndex((_line, index) => opensDialogue(index));
  // "孙宇晨：TRON 的下一个五年" or 'Ann Lee: "Why I left"' as the first line, with a byline or intro
  // under it before anyone speaks, is the headline, not a turn.
  const headline =
    start >= 0 &&
    source.kind === 'text' &&
    start === nextNonBlankIndex(lines, 0) &&
    lines[start + 1]?.text.trim() === '' &&
    isTitleLike(candidates[start]?.rest ?? '') &&
    !roster.resolve(candidates[start]?.label ?? '').role;
  if (headline) {
    const next = nextNonBlankIndex(lines, start + 1);
    if (next >= 0 && !(candidates[next] && couldSpeak(next))) {
      const later = lines.findIndex((_line, index) => index > start && opensDialogue(index));
      if (later >= 0) start = later;
    }
  }
  if (start < 0) return { ok: false, reason: 'no "Name: text" speaker labels found', line: null };
  const header = readHeader(lines.slice(0, start), roster);

  const warnings: ParseWarning[] = [];
  const decisions: ParseDecision[] = [];
  const aliasNoted = new Set<string>();
  // A surname, first name or upper-case label of someone named in full elsewhere is that person.
  const resolveWithAlias = (label: string): ResolvedLabel => {
    const resolved = roster.resolve(label);
    const alias = aliases.get(nameKey(label));
    if (resolved.known || !alias) return resolved;
    if (!aliasNoted.has(nameKey(label))) {
      aliasNoted.add(nameKey(label));
      const line =
        lines[candidates.findIndex((candidate) => candidate && nameKey(candidate.label) === nameKey(label))];
      decisions.push({
        line: line?.number ?? null,
        kind: 'SPEAKER_ALIAS',
        message: `"${label}" taken as "${alias.label}", who is named in full elsewhere`,
      });
    }
    return { name: alias.label, role: null, known: false };
  };
  const turns: LabelledTurn[] = [];
  let lastTurnStart = -1;
  for (let index = start; index < lines.length; index++) {
    const line = lines[index];
    const candidate = candidates[index];
    const resolved = candidate && couldSpeak(index) ? resolveWithAlias(candidate.label) : null;
    if (candidate && resolved && (resolved.known || recurs(candidate))) {
      turns.push(turnOf(line, candidate, resolved));
      lastTurnStart = index;
      continue;
    }
    // After a turn that ends in ":" ("One word each:") a full name may be a panellist, not a list item.
    const listItem = listItems.has(index);
    const afterTurnStart = previousNonBlankIndex(lines, index) === lastTurnStart;
    if (
      candidate &&
      resolved &&
      (!listItem || afterTurnStart) &&
      isPersonNameLike(candidate.label) &&
      speechFollows(lines, candidates, index, wrapped)
    ) {
      // A full name speaking once is likely a panellist; a single word ("Bitcoin:", "总结：") is likely
      // text, unless a convention marks it as a label ("[00:02:10] Pomp: Love it.").
      if (isFullName(candidate.label) || source.labelled.has(line.number)) {
        warnings.push({
          line: line.number,
          message: `"${candidate.label}" is taken as a speaker here, though the text does not make it clear; check it`,
        });
        turns.push(turnOf(line, candidate, resolved));
        lastTurnStart = index;
        continue;
      }
      if (!listItem) {
        warnings.push({
          line: line.number,
          message: `"${candidate.label}:" reads like a speaker label, but "${candidate.label}" speaks nowhere else; kept as text (name them in the options if they speak)`,
        });
      }
    }
    turns[turns.length - 1].content.push(line);
  }

  const joinedTurns = joinTranslations(turns, (turn) => turn.key);
  const roles = assignRoles(joinedTurns, roster, warnings);
  const speakers = new Set(joinedTurns.map((turn) => turn.key));
  if (speakers.size < 2) {
    return {
      ok: false,
      reason: `only one speaker, "${joinedTurns[0].speaker ?? joinedTurns[0].key}", is labelled`,
      line: joinedTurns[0].line,
    };
  }
  for (const turn of joinedTurns) {
    const role = roles.get(turn.key) ?? 'INTERVIEWEE';
    turn.kind = role === 'INTERVIEWER' ? 'question' : 'answer';
    turn.speaker = turn.speaker ? roster.use(turn.speaker, role) : null;
  }
  if (!joinedTurns.some((turn) => turn.kind === 'answer')) {
    return { ok: false, reason: 'every labelled speaker asks; nobody answers', line: joinedTurns[0].line };
  }
  const withAnswers = splitUnlabelledAnswers(joinedTurns, mode, decisions);
  return {
    ok: true,
    skeleton: {
      format: 'DIALOGUE',
      preamble: header.rest,
      turns: joinRepeatedSpeakers(withAnswers),
      roster,
      header,
      warnings,
      decisions,
    },
  };
};

/**
 * Labels that are part of exactly one longer name-like label ("Lee" or "LEE" of "Ann Lee", "山田" of
 * "山田太郎"), mapped to it; the full label keeps the way it is first written in mixed case.
 */
function labelAliases(
  candidates: ReadonlyArray<LabelLine | null>,
): Map<string, { key: string; label: string }> {
  const fullNames = new Map<string, string>();
  for (const candidate of candidates) {
    if (!candidate) continue;
    const key = nameKey(candidate.label);
    const words = key.split(' ');
    const fullName = (words.length >= 2 && words.length <= 4) || isUnspacedCjkFullName(key);
    if (!fullName || !isPersonNameLike(candidate.label)) continue;
    const known = fullNames.get(key);
    if (
      known === undefined ||
      (known === known.toUpperCase() && candidate.label !== candidate.label.toUpperCase())
    ) {
      fullNames.set(key, candidate.label);
    }
  }
  // Full names by word, so each label is checked against the names it shares a word with only.
  const byWord = new Map<string, string[]>();
  for (const full of fullNames.keys()) {
    for (const word of new Set(full.split(' '))) {
      const list = byWord.get(word);
      if (list) list.push(full);
      else byWord.set(word, [full]);
    }
  }
  // CJK names have no words to index by: they are few, so each short label is checked against all.
  const unspacedFullNames = [...fullNames.keys()].filter(isUnspacedCjkFullName);
  const aliases = new Map<string, { key: string; label: string }>();
  const shortKeys = new Set(candidates.filter((c): c is LabelLine => !!c).map((c) => nameKey(c.label)));
  for (const key of shortKeys) {
    if (fullNames.has(key) && fullNames.get(key) === fullNames.get(key)?.toUpperCase()) continue;
    const words = key.split(' ');
    const owners: string[] = [];
    for (const full of [...(byWord.get(words[0]) ?? []), ...unspacedFullNames]) {
      if (full === key || !labelRefersTo(key, full)) continue;
      owners.push(full);
      if (owners.length > 1) break;
    }
    // "Pomp" of "Anthony Pompliano": a nickname cut from one of the words, when only one name has it.
    if (owners.length === 0 && words.length === 1 && /^\p{Script=Latn}{4,}$/u.test(key)) {
      for (const full of fullNames.keys()) {
        if (full.split(' ').some((word) => word.length > key.length && word.startsWith(key)))
          owners.push(full);
      }
    }
    if (owners.length === 1)
      aliases.set(key, { key: owners[0], label: fullNames.get(owners[0]) ?? owners[0] });
  }
  return aliases;
}

function turnOf(line: SourceLine, candidate: LabelLine, resolved: ResolvedLabel): LabelledTurn {
  return {
    kind: 'answer',
    speaker: resolved.name,
    key: resolved.name ? nameKey(resolved.name) : nameKey(candidate.label),
    role: resolved.role,
    line: line.number,
    content: candidate.rest ? [{ number: line.number, text: candidate.rest }] : [],
  };
}

function isFullName(label: string): boolean {
  const words = label.trim().split(/\s+/);
  return words.length >= 2 && words.length <= 4 && isPersonNameLike(label);
}

/**
 * "Term: text" lines that make a list: after a line ending in ":" ("Three numbers tell the story:",
 * "Guest: In short:") other than a speaker's label standing alone ("Xie Jiayin:"), or right after
 * another such item.
 */
function listItemLines(
  lines: readonly SourceLine[],
  candidates: ReadonlyArray<LabelLine | null>,
  counts: ReadonlyMap<string, number>,
): Set<number> {
  const items = new Set<number>();
  candidates.forEach((candidate, index) => {
    const before = previousNonBlankIndex(lines, index);
    if (!candidate || before < 0) return;
    const labelBefore = candidates[before];
    const labelAlone =
      !!labelBefore && labelBefore.rest === '' && (counts.get(nameKey(labelBefore.label)) ?? 0) >= 2;
    if (items.has(before) || (endsWithColon(lines[before].text) && !labelAlone)) items.add(index);
  });
  return items;
}

/** What follows the label reads as speech: a sentence on the line, or text on the next line. */
function speechFollows(
  lines: readonly SourceLine[],
  candidates: ReadonlyArray<LabelLine | null>,
  index: number,
  wrapped: boolean,
): boolean {
  const rest = candidates[index]?.rest ?? '';
  if (rest && wrapped) return !containsUrl(rest);
  if (rest) return !containsUrl(rest) && (endsLikeSentence(rest) || rest.length >= 60 || asksInChinese(rest));
  const next = nextNonBlankIndex(lines, index + 1);
  return next >= 0 && !candidates[next];
}

/** "先聊聊你是怎么入行的吧", "钱包行业接下来的竞争点是什么": a Chinese question often goes without "？". */
const CJK_ASKING = /[你您]|吗|呢|如何|怎么|怎样|什么|为什么|哪些|哪里|哪个|多少|是否|谈谈|聊聊|介绍一下/u;

function asksInChinese(text: string): boolean {
  return CJK_ASKING.test(text) && (text.match(/\p{Script=Han}/gu)?.length ?? 0) >= 6;
}

/**
 * Roles from the options, header and role words; the rest from the text: the speaker who asks most
 * (the first to speak on a tie) interviews, others who ask as much co-interview, everyone else answers.
 */
function assignRoles(
  turns: readonly LabelledTurn[],
  roster: SpeakerRoster,
  warnings: ParseWarning[],
): Map<string, SpeakerRole> {
  const roles = new Map<string, SpeakerRole>();
  const asking = new Map<
    string,
    { turns: number; questions: number; endsAsking: number; first: number; label: string }
  >();
  for (const turn of turns) {
    const resolved = roster.resolve(turn.speaker ?? turn.key);
    if (resolved.known && resolved.role) roles.set(turn.key, resolved.role);
    else if (turn.role) roles.set(turn.key, turn.role);
    const stats = asking.get(turn.key) ?? {
      turns: 0,
      questions: 0,
      endsAsking: 0,
      first: turn.line,
      label: turn.speaker ?? turn.key,
    };
    stats.turns++;
    if (turn.content.some((line) => containsQuestionMark(line.text))) stats.questions++;
    const last = [...turn.content].reverse().find((line) => line.text.trim() !== '');
    if (last && endsWithQuestionMark(last.text)) stats.endsAsking++;
    asking.set(turn.key, stats);
  }
  const unknown = [...asking.entries()]
    .filter(([key]) => !roles.has(key))
    .map(([key, stats]) => ({ key, ...stats, ratio: stats.questions / stats.turns }))
    .sort((a, b) => b.ratio - a.ratio || a.first - b.first);
  if (unknown.length === 0) return roles;

  if (![...roles.values()].includes('INTERVIEWER')) {
    // A host who asks in turn after turn outranks a co-host who asks once ("Vitalik, quick one from me?").
    const steady = unknown.find((speaker) => speaker.questions >= 2 && speaker.ratio >= 0.5);
    const top = unknown[0].turns === 1 && steady ? steady : unknown[0];
    const second = unknown.find((speaker) => speaker !== top);
    roles.set(top.key, 'INTERVIEWER');
    if (second && second.ratio === top.ratio) {
      warnings.push({
        line: top.first,
        message: `"${top.label}" and "${second.label}" ask as often as each other; took "${top.label}", who speaks first, as the interviewer`,
      });
    }
    const coHosts = unknown.filter(
      (speaker) =>
        speaker !== top &&
        ((speaker.turns >= 2 && speaker.ratio >= 0.75 && speaker.ratio >= top.ratio - 0.1) ||
          // One question from a second host, their only turn ending in it.
          (speaker.turns === 1 && speaker.endsAsking === 1 && top !== unknown[0])),
    );
    const someoneAnswers = [...roles.values()].includes('INTERVIEWEE') || unknown.length - 1 > coHosts.length;
    if (someoneAnswers) for (const speaker of coHosts) roles.set(speaker.key, 'INTERVIEWER');
  }
  for (const speaker of unknown) if (!roles.has(speaker.key)) roles.set(speaker.key, 'INTERVIEWEE');
  return roles;
}

/**
 * A question no labelled answer follows ("深潮：迁移之后怎么样？" then the answer's paragraphs without a
 * label): its first paragraph, with the paragraphs after it that also end with "?", is the question,
 * the rest the answer of the only interviewee who speaks.
 */
function splitUnlabelledAnswers(
  turns: readonly LabelledTurn[],
  mode: ParagraphMode,
  decisions: ParseDecision[],
): LabelledTurn[] {
  const answerers = new Map<string, string | null>();
  for (const turn of turns) if (turn.kind === 'answer') answerers.set(turn.key, turn.speaker);
  if (answerers.size !== 1) return [...turns];
  const [[key, speaker]] = [...answerers.entries()];
  const result: LabelledTurn[] = [];
  turns.forEach((turn, index) => {
    result.push(turn);
    if (turn.kind !== 'question' || turns[index + 1]?.kind === 'answer') return;
    const parts = paragraphs(turn.content, mode);
    if (parts.length < 2 || !endsWithQuestionMark(parts[0][parts[0].length - 1].text)) return;
    let taken = 1;
    while (taken < parts.length - 1 && endsWithQuestionMark(parts[taken][parts[taken].length - 1].text))
      taken++;
    if (parts.length <= taken) return;
    const answerStart = turn.content.indexOf(parts[taken][0]);
    // What follows the last question may be the footer ("This interview has been edited …"), no answer.
    const after = turn.content.slice(answerStart);
    if (
      trailingBoilerplateStart(after, mode, true) === 0 ||
      isEditorsNote(after.map((l) => l.text).join('\n'))
    )
      return;
    const line = turn.content[answerStart].number;
    decisions.push({
      line,
      kind: 'ANSWER_TO_SOLE_INTERVIEWEE',
      message: `the unlabelled answer is taken as "${speaker ?? key}"'s, the only one who answers`,
    });
    result.push({ kind: 'answer', speaker, key, role: null, line, content: turn.content.slice(answerStart) });
    turn.content = turn.content.slice(0, answerStart);
  });
  return result;
}

/** A label repeated by the same speaker continues their turn. */
function joinRepeatedSpeakers(turns: readonly LabelledTurn[]): Turn[] {
  const joined: LabelledTurn[] = [];
  for (const turn of turns) {
    const previous = joined[joined.length - 1];
    if (previous && previous.key === turn.key) {
      previous.content.push({ number: turn.line, text: '' }, ...turn.content);
      continue;
    }
    joined.push(turn);
  }
  return joined.map(({ key: _key, role: _role, ...turn }) => turn);
}
