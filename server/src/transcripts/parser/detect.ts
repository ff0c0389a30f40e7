/**
 * Which format a text is in: every scanner reads it, the one that finds the most turns wins; on a tie,
 * the one that reads the labels rather than leaving them in the text, then the one that says who answers
 * ("――question" / "山本：answer" is dialogue, not questions with unnamed answers).
 */
import { TranscriptParseError } from './errors';
import { scanDialogue } from './formats/dialogue';
import { scanNumbered } from './formats/numbered';
import { scanQa } from './formats/qa';
import { parseLabelLine } from './labels';
import { isPersonNameLike } from './names';
import type { ScanContext, Scanner, ScanResult, Skeleton } from './skeleton';
import type { TranscriptFormat } from './types';

export const SCANNERS: Record<TranscriptFormat, Scanner> = {
  QA: scanQa,
  NUMBERED: scanNumbered,
  DIALOGUE: scanDialogue,
};

/** On a tie the more specific format wins: "Q:" labels are also "Name:" labels to the dialogue scanner. */
const PRIORITY: TranscriptFormat[] = ['QA', 'NUMBERED', 'DIALOGUE'];

const DESCRIPTIONS: Record<TranscriptFormat, string> = {
  NUMBERED: 'numbered questions ("1. …?")',
  DIALOGUE: '"Name: text" dialogue',
  QA: '"Q:" / "A:" labels',
};

/** The skeleton of the best-fitting format; throws when no format fits. */
export function scanBest(context: ScanContext): Skeleton {
  const results = PRIORITY.map((format) => ({ format, result: SCANNERS[format](context) }));
  let best: Skeleton | null = null;
  for (const { result } of results) {
    if (result.ok && (!best || fitsBetter(result.skeleton, best))) best = result.skeleton;
  }
  if (best) return best;
  if (context.source.kind !== 'text') {
    throw new TranscriptParseError(
      `no question/answer structure found in these ${context.source.kind === 'srt' ? 'SRT' : 'WebVTT'} captions: ` +
        'they need the speakers named in their cues, as voice tags ("<v Ann Lee>") or at the start of the text ' +
        '("Ann Lee: …")',
    );
  }
  const hints = results
    .filter(({ result }) => !result.ok && result.line !== null)
    .map(({ format, result }) => `${format}: ${describeFailure(result)}`);
  throw new TranscriptParseError(
    `no question/answer structure found: expected ${PRIORITY.map((format) => DESCRIPTIONS[format]).join(', ')}` +
      (hints.length ? ` (${hints.join('; ')})` : ''),
  );
}

/** The skeleton in the format the caller named; throws, saying what the text looks like instead, when it does not fit. */
export function scanAs(format: TranscriptFormat, context: ScanContext): Skeleton {
  const result = SCANNERS[format](context);
  if (result.ok) return result.skeleton;
  const detected = detect(context);
  const instead = detected ? `; it looks like ${detected} instead` : '';
  throw new TranscriptParseError(
    `the text does not fit the ${format} format (${DESCRIPTIONS[format]}): ${result.reason}${instead}`,
    result.line,
    'format',
  );
}

/** The best-fitting format, or null when none fits. */
export function detect(context: ScanContext): TranscriptFormat | null {
  try {
    return scanBest({ ...context, explicit: false }).format;
  } catch (error) {
    if (error instanceof TranscriptParseError) return null;
    throw error;
  }
}

function fitsBetter(candidate: Skeleton, best: Skeleton): boolean {
  if (candidate.turns.length !== best.turns.length) return candidate.turns.length > best.turns.length;
  const unread = unreadLabels(candidate) - unreadLabels(best);
  if (unread !== 0) return unread < 0;
  return namedAnswers(candidate) > namedAnswers(best);
}

/** Turns that start with a "Name:" label the format left in the text ("陈立：…" as a QA answer). */
function unreadLabels(skeleton: Skeleton): number {
  return skeleton.turns.filter((turn) => {
    const label = turn.content[0] ? parseLabelLine(turn.content[0].text) : null;
    return label !== null && isPersonNameLike(label.label);
  }).length;
}

function namedAnswers(skeleton: Skeleton): number {
  return skeleton.turns.filter((turn) => turn.kind === 'answer' && turn.speaker !== null).length;
}

function describeFailure(result: ScanResult): string {
  return result.ok ? '' : `${result.reason} (line ${result.line})`;
}
