// A real browser for end-to-end tests: Debian's Chromium (apt-get install -y chromium) driven by
// playwright-core. No browser is ever downloaded; a missing Chromium fails the test with a clear message.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'console');

/** Throws (never skips) when Chromium is missing, saying how to install it. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. The console end-to-end test drives a real browser: ` +
        'install Debian’s package with `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH).',
    );
  }
  return CHROMIUM_PATH;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = requireChromium();
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface ConsoleWatcher {
  /** Console errors, uncaught page errors and failed requests seen so far. */
  problems: string[];
  /** Every console message (for debugging a failure). */
  log: string[];
}

/** Records every browser console error, uncaught exception and failed request of the page. */
export function watchConsole(page: Page): ConsoleWatcher {
  const watcher: ConsoleWatcher = { problems: [], log: [] };
  page.on('console', (message: ConsoleMessage) => {
    const location = message.location();
    const text = `[${message.type()}] ${message.text()}${location.url ? ` (${location.url}:${location.lineNumber})` : ''}`;
    watcher.log.push(text);
    if (message.type() === 'error') watcher.problems.push(text);
  });
  page.on('pageerror', (error) => watcher.problems.push(`[pageerror] ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    // A request the page itself aborted (navigation, AbortController) is not an error.
    if (failure === 'net::ERR_ABORTED') return;
    watcher.problems.push(`[requestfailed] ${request.method()} ${request.url()}: ${failure}`);
  });
  return watcher;
}

/** Saves a full-page screenshot as test-artifacts/console/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
