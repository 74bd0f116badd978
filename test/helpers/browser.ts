import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core (Playwright's own browser download
 * cannot work on a machine without internet). When it is missing, the set-up installs
 * it with apt-get if it can (root); if it cannot, `reason` says why and the browser
 * tests are skipped, loudly.
 */
export const CHROMIUM = '/usr/bin/chromium';

function ensureChromium(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.getuid?.() !== 0) return `${CHROMIUM} is missing; run: apt-get install chromium`;
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update'], { stdio: 'ignore', env, timeout: 300_000 });
    execFileSync('apt-get', ['install', '-y', 'chromium'], {
      stdio: 'ignore',
      env,
      timeout: 600_000,
    });
  } catch (e) {
    return `installing Debian's chromium failed: ${(e as Error).message}`;
  }
  return existsSync(CHROMIUM) ? undefined : `apt-get ran, but ${CHROMIUM} is still missing`;
}

export const browserMissing = ensureChromium();
if (browserMissing) {
  console.warn(`\n*** ${browserMissing}: the web UI tests are SKIPPED ***\n`);
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // This machine has no internet: without these, Chromium keeps trying to reach
    // Google's services at start.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  /** The first elements it was found on, as CSS selectors. */
  targets: string[];
}

/**
 * The serious and critical accessibility problems axe-core finds on the page as it is
 * now (WCAG 2 A and AA rules and axe's best practices).
 */
export async function axeProblems(page: Page): Promise<AxeProblem[]> {
  if ((await page.evaluate('typeof window.axe')) === 'undefined') {
    await page.addScriptTag({ path: AXE });
  }
  return page.evaluate(`axe
    .run(document, { resultTypes: ['violations'] })
    .then((r) => r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      })))`);
}
