/**
 * Support for the admin UI's end-to-end tests: the admin build, Debian's Chromium driven by
 * playwright-core (never a downloaded browser), logging in, and waiting for the page to settle.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT } from '../support/process';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * Screenshots refresh docs/screenshots only when asked (UPDATE_SCREENSHOTS=1), so a test run leaves the
 * work tree clean; otherwise they go to a scratch folder, still taken so their code keeps working.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(REPO_ROOT, 'docs/screenshots')
  : join(tmpdir(), 'transcripts-admin-screenshots');

/** Builds admin/dist when it is missing or older than its sources (the same rule as `npm start`). */
export function buildAdminIfNeeded(): void {
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import('./scripts/build-if-needed.mjs').then((m) => m.buildAdminIfNeeded())",
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: 240_000 },
  );
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html'))) throw new Error('admin/dist was not built');
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Collects uncaught errors of a page, to fail a test with them rather than with a timeout. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Playwright answers the browser's own dialogs silently: "leave this page?" with yes, the rest with no. Our
  // pages open none of the rest (react-admin's "Some of your changes weren't saved" after a save that worked
  // is one), so each is reported; leaving a page with unsaved changes stays allowed, as before.
  page.on('dialog', (dialog) => {
    if (dialog.type() === 'beforeunload') {
      void dialog.accept().catch(() => undefined);
      return;
    }
    errors.push(`${dialog.type()} dialog on ${page.url()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  return errors;
}

export async function login(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/`);
  await page.locator('input[name="username"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
}

/** Retries `probe` until it stops throwing (the UI and the API settle asynchronously). */
export async function eventually<T>(
  probe: () => Promise<T>,
  timeoutMs = 15_000,
  intervalMs = 150,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await probe();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
  throw lastError;
}

/** Waits for a react-admin notification containing `text`. */
export async function notification(page: Page, text: string | RegExp): Promise<Locator> {
  const alert = page.locator('.RaNotification-root, [role="alert"]').filter({ hasText: text }).first();
  await alert.waitFor();
  return alert;
}

/** A screenshot for docs/screenshots: the viewport, or the region around `around` (centred first). */
export async function screenshot(page: Page, name: string, around?: Locator): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  if (!around) {
    await page.screenshot({ path });
    return;
  }
  await around.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  const box = await around.boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport) {
    await page.screenshot({ path });
    return;
  }
  const top = Math.max(0, box.y - 160);
  await page.screenshot({
    path,
    clip: { x: 0, y: top, width: viewport.width, height: Math.min(viewport.height - top, box.height + 200) },
  });
}
