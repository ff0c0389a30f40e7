import { ExportEntry, ExportFormat, hasTimes, InterviewExport } from './export-model';

/** The identifier and version of the JSON export; the schema is docs/schemas/interview-export.v2.json. */
export const JSON_EXPORT_SCHEMA = 'https://transcripts.example/schemas/interview-export.v2.json';
export const JSON_EXPORT_VERSION = 2;

/** The interview as a file of this format; null for captions when its entries carry no times. */
export function formatInterview(interview: InterviewExport, format: ExportFormat): string | null {
  switch (format) {
    case 'MARKDOWN':
      return toMarkdown(interview);
    case 'TEXT':
      return toPlainText(interview);
    case 'JSON':
      return toJson(interview);
    case 'WEBVTT':
      return hasTimes(interview) ? toWebVtt(interview) : null;
    case 'SRT':
      return hasTimes(interview) ? toSrt(interview) : null;
  }
}

/**
 * Markdown the transcript importer reads back: `# Title`, the intro, `## Section` headings, and each entry as
 * `**Name:** text` turns (the answer's turn led by `[hh:mm:ss.mmm]` when the entry carries a start time).
 * Nothing follows the last answer: a trailing byline would be read as part of it (the JSON has the details).
 */
export function toMarkdown(interview: InterviewExport): string {
  const blocks: string[] = [`# ${oneLine(interview.title)}`];
  if (interview.intro) blocks.push(interview.intro.trim());
  let section: string | null = null;
  for (const entry of interview.entries) {
    if (entry.section && entry.section !== section) blocks.push(`## ${oneLine(entry.section)}`);
    section = entry.section;
    if (entry.question) blocks.push(`**${labelOf(entry.questioner, 'Q')}:** ${entry.question.trim()}`);
    if (entry.text) {
      const stamp = entry.startTime !== null ? `[${clock(entry.startTime, '.')}] ` : '';
      blocks.push(`${stamp}**${labelOf(entry.speaker, 'A')}:** ${entry.text.trim()}`);
    }
  }
  return `${blocks.join('\n\n')}\n`;
}

export function toPlainText(interview: InterviewExport): string {
  const blocks: string[] = [oneLine(interview.title)];
  const byline = [interview.publisher, interview.sourceUrl].filter(Boolean).join(' — ');
  if (byline) blocks.push(byline);
  if (interview.intro) blocks.push(interview.intro.trim());
  let section: string | null = null;
  for (const entry of interview.entries) {
    if (entry.section && entry.section !== section) blocks.push(oneLine(entry.section).toUpperCase());
    section = entry.section;
    if (entry.question) blocks.push(`${labelOf(entry.questioner, 'Q')}: ${entry.question.trim()}`);
    if (entry.text) blocks.push(`${labelOf(entry.speaker, 'A')}: ${entry.text.trim()}`);
  }
  return `${blocks.join('\n\n')}\n`;
}

/** The versioned JSON document described by docs/schemas/interview-export.v2.json. */
export function toJson(interview: InterviewExport): string {
  const document = {
    $schema: JSON_EXPORT_SCHEMA,
    version: JSON_EXPORT_VERSION,
    interview: {
      id: interview.id,
      slug: interview.slug,
      title: interview.title,
      publisher: interview.publisher,
      language: interview.language,
      sourceUrl: interview.sourceUrl,
      summary: interview.summary,
      intro: interview.intro,
      sections: interview.sections,
      status: interview.status,
      publishedAt: interview.publishedAt ? interview.publishedAt.toISOString() : null,
    },
    speakers: interview.speakers,
    entries: interview.entries.map((entry) => ({
      position: entry.position,
      section: entry.section,
      question: entry.question,
      questioner: entry.questioner?.name ?? null,
      text: entry.text,
      speaker: entry.speaker?.name ?? null,
      startTime: entry.startTime,
      endTime: entry.endTime,
      continuation: entry.continuation,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function toWebVtt(interview: InterviewExport): string {
  const cues = timedCues(interview).map(
    ({ entry, start, end }, index) =>
      `${index + 1}\n${clock(start, '.')} --> ${clock(end, '.')}\n` +
      `${entry.speaker ? `<v ${vttEscape(oneLine(entry.speaker.name))}>` : ''}${vttEscape(cueText(entry.text))}`,
  );
  return `WEBVTT - ${oneLine(interview.title).replace(/-->/gu, '→')}\n\n${cues.join('\n\n')}\n`;
}

export function toSrt(interview: InterviewExport): string {
  const cues = timedCues(interview).map(
    ({ entry, start, end }, index) =>
      `${index + 1}\n${clock(start, ',')} --> ${clock(end, ',')}\n` +
      `${entry.speaker ? `${oneLine(entry.speaker.name)}: ` : ''}${cueText(entry.text)}`,
  );
  return `${cues.join('\n\n')}\n`;
}

/** Each answer's cue: its own end time, else up to the next start, else a reading-speed estimate. */
function timedCues(interview: InterviewExport): { entry: ExportEntry; start: number; end: number }[] {
  const timed = interview.entries.filter((entry) => entry.startTime !== null && entry.text.trim() !== '');
  return timed.map((entry, index) => {
    const start = entry.startTime as number;
    const next = timed[index + 1]?.startTime ?? null;
    const estimate = start + Math.max(2, entry.text.length / 15);
    const end = entry.endTime ?? (next !== null && next > start ? next : estimate);
    return { entry, start, end: Math.max(end, start + 0.001) };
  });
}

/** hh:mm:ss.mmm (WebVTT) or hh:mm:ss,mmm (SRT). */
export function clock(totalSeconds: number, separator: '.' | ','): string {
  const millis = Math.round(totalSeconds * 1000);
  const hours = Math.floor(millis / 3_600_000);
  const minutes = Math.floor((millis % 3_600_000) / 60_000);
  const secs = Math.floor((millis % 60_000) / 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(hours)}:${pad(minutes)}:${pad(secs)}${separator}${pad(millis % 1000, 3)}`;
}

function labelOf(person: ExportEntry['speaker'], fallback: string): string {
  return person ? oneLine(person.name).replace(/[*_]/gu, '') : fallback;
}

function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Cue payloads may not hold blank lines (they end a cue) nor the arrow. */
function cueText(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/u)
    .map((paragraph) => paragraph.trim())
    .join('\n')
    .replace(/-->/gu, '→');
}

function vttEscape(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}
