import type { ParsedTranscript } from './parser';

/** A human-readable account of a parsed transcript, as the import tool prints it. */
export function describeTranscript(parsed: ParsedTranscript): string {
  const lines: string[] = [];
  lines.push(`Title:     ${parsed.title ?? '(none)'}`);
  lines.push(`Publisher: ${parsed.publisher ?? '(none)'}`);
  lines.push(`Format:    ${parsed.format}   Language: ${parsed.language}`);
  lines.push(
    `Speakers:  ${parsed.speakers.map((s) => `${s.name} (${s.role.toLowerCase()})`).join(', ') || '(none)'}`,
  );
  if (parsed.sections.length) {
    lines.push('Sections:');
    for (const section of parsed.sections) {
      const count = parsed.entries.filter((e) => e.section === section).length;
      lines.push(`  - ${section} (${count} entries)`);
    }
  }
  lines.push(`Entries:   ${parsed.entries.length}`);
  for (const entry of parsed.entries) {
    lines.push(
      `  ${String(entry.position).padStart(3)}. [${entry.questioner ?? '?'} → ${entry.speaker ?? '?'}] ${oneLine(entry.question, 70)}`,
    );
  }
  if (parsed.intro) lines.push(`Intro:     ${oneLine(parsed.intro, 80)}`);
  if (parsed.boilerplate.length)
    lines.push(`Kept apart: ${parsed.boilerplate.map((b) => oneLine(b, 50)).join(' | ')}`);
  if (parsed.warnings.length) {
    lines.push('Warnings:');
    for (const warning of parsed.warnings) lines.push(`  line ${warning.line ?? '?'}: ${warning.message}`);
  }
  return lines.join('\n');
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The summary an import stores: one the source states itself (a JSON export carries the editor's), never the
 * intro's first paragraph the parser offers in its place — the summary is the editor's to write.
 */
export function statedSummary(parsed: Pick<ParsedTranscript, 'summary' | 'intro'>): string | null {
  const summary = parsed.summary?.trim();
  if (!summary) return null;
  const introOpening = parsed.intro.split('\n\n')[0].trim();
  return summary === introOpening ? null : summary;
}
