/** Interviews as files: GET /export/{slug}.{ext} with the session's token (drafts need it), saved by the browser. */
import { ApiError } from './errors';
import { graphqlRequest } from './request';
import { token } from './session';

export type ExportFormat = 'MARKDOWN' | 'TEXT' | 'JSON' | 'WEBVTT' | 'SRT';

export const EXPORT_FORMATS: {
  format: ExportFormat;
  extension: string;
  label: string;
  needsTimes: boolean;
}[] = [
  { format: 'MARKDOWN', extension: 'md', label: 'Markdown', needsTimes: false },
  { format: 'TEXT', extension: 'txt', label: 'Plain text', needsTimes: false },
  { format: 'JSON', extension: 'json', label: 'JSON', needsTimes: false },
  { format: 'WEBVTT', extension: 'vtt', label: 'WebVTT captions', needsTimes: true },
  { format: 'SRT', extension: 'srt', label: 'SRT captions', needsTimes: true },
];

/** The file name the service gave (Content-Disposition), or `fallback`. */
function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = /filename="([^"]+)"/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/** Fetches the interview in this format and hands it to the browser as a download; returns the file name. */
export async function downloadInterview(slug: string, extension: string): Promise<string> {
  const bearer = token();
  const response = await fetch(`/export/${encodeURIComponent(slug)}.${extension}`, {
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new ApiError({
      message: body?.error?.message ?? `The download failed (${response.status})`,
      code: body?.error?.code,
      extensions: {},
      status: response.status,
    });
  }
  const fileName = fileNameOf(response, `${slug}.${extension}`);
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click starts the download synchronously; the URL is not needed afterwards.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return fileName;
}

/** Whether every entry carries a start time (captions need them); looks at the first 1,000 entries. */
export async function entriesHaveTimes(interviewId: string): Promise<boolean> {
  const data = await graphqlRequest<{ allAnswers: { startTime: number | null }[] }>(
    `query Times($id: ID!) { allAnswers(filter: { interview_id: $id }, perPage: 1000) { startTime } }`,
    { id: interviewId },
  );
  return data.allAnswers.length > 0 && data.allAnswers.every((entry) => entry.startTime !== null);
}
