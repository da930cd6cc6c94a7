/**
 * Headless Chromium for the console test and bench: Debian's /usr/bin/chromium driven by playwright-core (no
 * browser download), with every background service that would reach out to the internet turned off. Each launch
 * gets a fresh, empty profile (Playwright creates it, passes it as --user-data-dir and deletes it on close), and
 * each user gets an isolated context within it: cookies, storage and cache are never shared.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
}

/** A context as a hospital workstation would have it: a laptop-sized window, downloads allowed. */
export const userContext = (browser: Browser): Promise<BrowserContext> =>
  browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
