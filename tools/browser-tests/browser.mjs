// What the console checks share: Debian's Chromium started headless in a throw-away profile, screenshots, and
// axe-core run on the page. axe-core goes in through the DevTools protocol, which the page's CSP does not govern; the
// page itself loads nothing from elsewhere.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Starts Chromium; returns its page, helpers bound to it, and close() that also removes the profile. */
export async function openBrowser(exe, shots, out, { wait = 90000, profileName = 'fleetops-console-' } = {}) {
  mkdirSync(shots, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), profileName));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: exe, headless: true, viewport: { width: 1200, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 30000,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(wait);
  page.on('dialog', d => d.accept());
  return {
    page,
    step: name => out.steps.push(name),
    shot: name => page.screenshot({ path: join(shots, name + '.png'), fullPage: true }),
    axe: async name => {
      await page.evaluate(axeSource);
      const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      out.axe[name] = r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
    },
    failureShot: async name => {
      try { await page.screenshot({ path: join(shots, name + '.png'), fullPage: true }); } catch (ignored) { /* best effort */ }
    },
    close: async () => {
      try { await context.close(); } catch (ignored) { /* closing */ }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
