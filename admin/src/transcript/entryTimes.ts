/**
 * An entry's times as editors read and type them: "1:02:03.5", "2:03.250", "83" (seconds) — hours and
 * minutes optional, a decimal point (or comma, as SRT writes it) for fractions of a second.
 */

/** "m:ss.mmm" (with hours when there are any); the milliseconds only when there are some. */
export function formatTime(seconds: number): string {
  const totalMs = Math.round(seconds * 1000);
  const ms = totalMs % 1000;
  const totalSeconds = Math.floor(totalMs / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = h ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
  return ms ? `${clock}.${String(ms).padStart(3, '0')}` : clock;
}

/** Seconds from what was typed: null for an empty field, undefined when it is not a time. */
export function parseTime(typed: string): number | null | undefined {
  const value = typed.trim().replace(',', '.');
  if (!value) return null;
  const match = /^(?:(?:(\d+):)?(\d{1,2}):)?(\d+(?:\.\d+)?)$/.exec(value);
  if (!match) return undefined;
  const [, hours, minutes, seconds] = match;
  if ((hours !== undefined || minutes !== undefined) && Number(seconds) >= 60) return undefined;
  if (hours !== undefined && Number(minutes) >= 60) return undefined;
  return Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds);
}

/** "0:01.500 – 0:04" for an entry with times, null for one without. */
export function timeRange(
  startTime: number | null | undefined,
  endTime: number | null | undefined,
): string | null {
  if (typeof startTime !== 'number' && typeof endTime !== 'number') return null;
  const show = (t: number | null | undefined) => (typeof t === 'number' ? formatTime(t) : '…');
  return `${show(startTime)} – ${show(endTime)}`;
}
