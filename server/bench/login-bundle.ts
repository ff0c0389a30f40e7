/**
 * What the admin's login page loads before it is interactive, measured as the service sends it: the entry
 * script, its module preloads (Vite lists the entry's whole static import graph) and stylesheets, each fetched
 * with one Accept-Encoding at a time, counting the bytes on the wire.
 */
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET with exactly these request headers (fetch would add Accept-Encoding and decode the body). */
export function rawGet(url: string | URL, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** The module scripts, module preloads and stylesheets a built page starts with, in document order. */
export function initialAssets(html: string): string[] {
  const paths: string[] = [];
  for (const tag of html.match(/<(?:script|link)\b[^>]*>/g) ?? []) {
    const isModuleScript = tag.startsWith('<script') && /\stype="module"/.test(tag);
    const isPreloadOrStyle = /\srel="(?:modulepreload|stylesheet)"/.test(tag);
    const url = /\s(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (url && (isModuleScript || isPreloadOrStyle)) paths.push(url);
  }
  return paths;
}

export interface AssetSize {
  path: string;
  identity: number;
  gzip: number;
  brotli: number;
}

async function servedBytes(baseUrl: string, path: string, encoding: string): Promise<number> {
  const response = await rawGet(new URL(path, baseUrl), { 'accept-encoding': encoding });
  if (response.status !== 200) throw new Error(`${path} answered HTTP ${response.status}`);
  const sent = response.headers['content-encoding'] ?? 'identity';
  if (encoding !== 'identity' && sent !== encoding)
    throw new Error(`${path} was sent as ${String(sent)}, not ${encoding}`);
  return response.body.length;
}

export async function sizesOf(baseUrl: string, paths: string[]): Promise<AssetSize[]> {
  const sizes: AssetSize[] = [];
  for (const path of paths) {
    sizes.push({
      path,
      identity: await servedBytes(baseUrl, path, 'identity'),
      gzip: await servedBytes(baseUrl, path, 'gzip'),
      brotli: await servedBytes(baseUrl, path, 'br'),
    });
  }
  return sizes;
}

/** The login page's initial assets and their sizes as served. */
export async function loginPageSizes(baseUrl: string): Promise<AssetSize[]> {
  const page = await rawGet(new URL('/admin/login', baseUrl));
  return sizesOf(baseUrl, initialAssets(page.body.toString()));
}

export function totalOf(sizes: AssetSize[], encoding: 'identity' | 'gzip' | 'brotli'): number {
  return sizes.reduce((sum, size) => sum + size[encoding], 0);
}
