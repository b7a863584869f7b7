/**
 * A real browser for the page tests: Debian's Chromium (`apt-get install -y chromium`) driven by
 * playwright-core, and the page's scripts compiled as `npm run build` compiles them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { fromRoot } from '../../subgraphs/kit/paths';

export const CHROMIUM = process.env.HUB_CHROMIUM ?? '/usr/bin/chromium';

export function compileBrowserScripts(): void {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', fromRoot('web', 'tsconfig.json')], { stdio: 'inherit' });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set HUB_CHROMIUM).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    timeout: 30_000,
  });
}

/** Console messages that report a Content-Security-Policy refusal (there should be none). */
export function watchPolicyViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  return violations;
}

/**
 * Screenshots for the README, only when asked: `HUB_SCREENSHOTS=1 npx jest test/web` writes them
 * to docs/ (a normal run leaves the checked-in images alone).
 */
export async function screenshot(target: Page | Locator, name: string): Promise<void> {
  if (!process.env.HUB_SCREENSHOTS) return;
  mkdirSync(fromRoot('docs'), { recursive: true });
  await target.screenshot({ path: fromRoot('docs', `${name}.png`) });
}
