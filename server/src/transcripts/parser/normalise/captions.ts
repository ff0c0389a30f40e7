/**
 * WebVTT and SRT captions as dialogue lines: one line per cue text line, keeping the line number it has
 * in the caption file; a voice tag (`<v Ann Lee>`) becomes an "Ann Lee: " label when the speaker changes,
 * so consecutive cues of one speaker make one turn; each line keeps its cue's start and end.
 */
import type { SourceLine } from '../lines';
import { isPersonNameLike } from '../names';

export interface LineTime {
  start: number;
  end: number | null;
}

export interface CaptionText {
  lines: SourceLine[];
  times: Map<number, LineTime>;
}

// Teams' transcripts write "0:0:5.120": seconds may have one digit.
const TIMING =
  /^\s*((?:\d{1,3}:)?\d{1,2}:\d{1,2}[.,]\d{1,3})\s*-->\s*((?:\d{1,3}:)?\d{1,2}:\d{1,2}[.,]\d{1,3})(?:\s.*)?$/;
const VOICE = /^<v(?:\.[^\s>]+)*\s+([^>]+)>/;

/** "WEBVTT" first, an SRT cue (a number, then a timing line) first, or bare cues. */
export function looksLikeCaptions(lines: readonly SourceLine[]): 'webvtt' | 'srt' | null {
  const texts = lines.map((line) => line.text.trim()).filter((text) => text !== '');
  if (/^WEBVTT(?:\s|$)/.test(texts[0] ?? '')) return 'webvtt';
  if (/^\d+$/.test(texts[0] ?? '') && TIMING.test(texts[1] ?? '')) return 'srt';
  // Cues without a header or numbers, as Teams saves a transcript.
  if (TIMING.test(texts[0] ?? '') && texts.filter((text) => TIMING.test(text)).length >= 2) return 'webvtt';
  return null;
}

/** Seconds of "01:02:03.450", "02:03,450". */
export function captionSeconds(stamp: string): number {
  const parts = stamp.replace(',', '.').split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

export function readCaptions(lines: readonly SourceLine[]): CaptionText {
  const result: CaptionText = { lines: [], times: new Map() };
  let cueTime: LineTime | null = null;
  let skippingBlock = false;
  let previousSpeaker: string | null = null;
  let pendingSpeaker: string | null = null;
  const speakers = cueSpeakers(lines);
  lines.forEach((line, index) => {
    const text = line.text.trim();
    if (text === '') {
      cueTime = null;
      skippingBlock = false;
      return;
    }
    if (skippingBlock) return;
    const timing = TIMING.exec(text);
    if (timing) {
      cueTime = { start: captionSeconds(timing[1]), end: captionSeconds(timing[2]) };
      return;
    }
    if (!cueTime) {
      // Header, NOTE/STYLE/REGION blocks and cue identifiers are the file's structure, not speech.
      const nextIsTiming = TIMING.test(lines[index + 1]?.text ?? '');
      if (!nextIsTiming) skippingBlock = true;
      return;
    }
    if (speakers.has(index)) {
      pendingSpeaker = text;
      return;
    }
    const voice = VOICE.exec(text);
    const speaker = voice ? voice[1].trim() : pendingSpeaker;
    pendingSpeaker = null;
    const spoken = decodeEntities(text.replace(/<[^>]*>/g, ''))
      .replace(/^(?:>>|-)\s*/, '')
      .trim();
    if (!spoken) return;
    let label = '';
    if (speaker && speaker !== previousSpeaker) label = `${speaker}: `;
    if (speaker) previousSpeaker = speaker;
    else if (/^[^:：]{1,40}[:：]\s/u.test(spoken)) previousSpeaker = null;
    result.lines.push({ number: line.number, text: `${label}${spoken}` });
    result.times.set(line.number, cueTime);
  });
  return result;
}

/**
 * Cue lines that name who speaks, as Teams writes a cue: the name alone on its first line, the speech
 * below. A caption's first line may be one word too ("Yeah"), so the names must each head two cues or
 * more, and there must be two of them.
 */
function cueSpeakers(lines: readonly SourceLine[]): Set<number> {
  // Captions that name speakers in voice tags or "Name: text" do not also set names apart.
  if (lines.some((line) => VOICE.test(line.text.trim()) || /^[^:：]{1,40}[:：]\s/u.test(line.text.trim()))) {
    return new Set();
  }
  const heads = new Map<string, number[]>();
  lines.forEach((line, index) => {
    const text = line.text.trim();
    const below = lines[index + 1]?.text.trim() ?? '';
    const firstOfCue = TIMING.test(lines[index - 1]?.text ?? '');
    if (!firstOfCue || below === '' || TIMING.test(below) || !isPersonNameLike(text)) return;
    heads.set(text, [...(heads.get(text) ?? []), index]);
  });
  const recurring = [...heads.values()].filter((indexes) => indexes.length >= 2);
  return new Set(recurring.length >= 2 ? recurring.flat() : []);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lrm;|&rlm;/g, '')
    .replace(/&amp;/g, '&');
}
