// Opens a FleetOps report page in Debian's headless Chromium and prints, as JSON, what a person sees:
// header text, wave bar segment sizes, threshold lines, failure-reason rows, console errors and network
// requests. Also saves a full-page PNG screenshot.
//   node report-check.mjs PAGE.html SCREENSHOT.png [CHROMIUM] [ADDRESS]
// With ADDRESS (e.g. https://fleetops.test/api/operations/ID/report) the page is served at that address with
// the report's Content-Security-Policy header, as the API serves it, so its relative links resolve as they
// would for a person; the first failed device's link is then followed (answered here, nothing leaves).
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [page_, png, exe = '/usr/bin/chromium', address] = process.argv.slice(2);
if (!page_ || !png) {
  console.error('usage: node report-check.mjs PAGE.html SCREENSHOT.png [CHROMIUM] [ADDRESS]');
  process.exit(2);
}
const url = address ?? pathToFileURL(resolve(page_)).href;
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const profile = mkdtempSync(join(tmpdir(), 'fleetops-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: exe,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    timeout: 30000,
  });
  const page = context.pages()[0] ?? await context.newPage();
  const consoleErrors = [];
  const requests = [];
  page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', e => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('request', r => { if (r.url() !== url) requests.push(r.url()); });
  const followed = [];
  if (address) {
    const origin = new URL(address).origin;
    await page.route(u => u.origin === origin, route => {
      if (route.request().url() === url) {
        return route.fulfill({ status: 200, body: readFileSync(page_, 'utf8'),
          headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP } });
      }
      followed.push(route.request().url());
      return route.fulfill({ status: 200, body: '{}', headers: { 'content-type': 'application/json' } });
    });
  }
  await page.goto(url, { waitUntil: 'load', timeout: 15000 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: png, fullPage: true });

  const seen = await page.evaluate(() => {
    const visible = el => {
      if (!el) return false;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 0 && r.height >= 0 && cs.visibility !== 'hidden' && cs.display !== 'none' && Number(cs.opacity) > 0;
    };
    const box = el => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
    const header = document.querySelector('#summary');
    const waves = [...document.querySelectorAll('#waves .wave')].map(w => {
      const bar = w.querySelector('.bar');
      return {
        wave: Number(w.dataset.wave),
        head: w.querySelector('.wave-head').innerText.replace(/\s+/g, ' ').trim(),
        numbers: w.querySelector('.wave-nums')?.innerText.replace(/\s+/g, ' ').trim() ?? '',
        bar: box(bar),
        segments: [...bar.querySelectorAll('.seg')].map(s => ({
          state: s.dataset.state, count: Number(s.dataset.count), text: s.innerText.trim(),
          background: getComputedStyle(s).backgroundColor, visible: visible(s), ...box(s),
        })),
      };
    });
    const chart = document.querySelector('svg.failure-rate');
    const chartBox = chart ? box(chart) : null;
    const thresholds = [...document.querySelectorAll('svg.failure-rate line.threshold')].map(l => {
      const cs = getComputedStyle(l);
      const b = box(l);
      const inside = chartBox && b.y >= chartBox.y && b.y <= chartBox.y + chartBox.height && b.x >= chartBox.x
        && b.x + b.width <= chartBox.x + chartBox.width + 1;
      return { threshold: Number(l.dataset.threshold), type: l.dataset.type, stroke: cs.stroke, strokeWidth: cs.strokeWidth,
        visible: visible(l) && cs.stroke !== 'none' && inside, ...b };
    });
    const labels = [...document.querySelectorAll('svg.failure-rate text.tlabel')].map(t => t.textContent);
    const rates = [...document.querySelectorAll('svg.failure-rate path.rate')].map(p => ({
      series: p.dataset.series, current: Number(p.dataset.current), visible: visible(p), ...box(p) }));
    const reasons = [...document.querySelectorAll('#reasons tbody tr')].map(tr => [...tr.cells].map(td => td.innerText.trim()));
    const audit = [...document.querySelectorAll('#audit tbody tr')].map(tr => [...tr.cells].map(td => td.innerText.trim()));
    const badge = document.querySelector('#summary .badge');
    const line = id => document.getElementById(id)?.innerText.replace(/\s+/g, ' ').trim() ?? null;
    const failedDevices = [...document.querySelectorAll('#failed-devices tbody tr')].map(tr => {
      const a = tr.querySelector('a');
      return { cells: [...tr.cells].map(td => td.innerText.trim()), href: a ? a.href : null, linkVisible: visible(a) };
    });
    const more = document.querySelector('#more-failed');
    return {
      title: document.title,
      header: header.innerText,
      badge: { text: badge.innerText.trim(), background: getComputedStyle(badge).backgroundColor,
        color: getComputedStyle(badge).color },
      progress: line('progress'), waveLine: line('wave-line'), pace: line('pace'),
      failedDevices,
      moreFailed: more ? { text: more.innerText.replace(/\s+/g, ' ').trim(), links: [...more.querySelectorAll('a')].map(a => a.href) } : null,
      waves, chart: chartBox, thresholds, thresholdLabels: labels, rates, reasons, audit,
      timelineVisible: visible(document.querySelector('svg.timeline')),
      scripts: document.scripts.length,
      horizontalOverflow: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
  const quiet = [...requests];
  let navigatedTo = null;
  if (address && seen.failedDevices.length > 0) {
    await Promise.all([page.waitForURL(u => u.href !== url, { timeout: 10000 }),
      page.click('#failed-devices tbody tr:first-child a')]);
    navigatedTo = page.url();
  }
  console.log(JSON.stringify({ url, ...seen, consoleErrors, requests: quiet, followed, navigatedTo }));
} catch (e) {
  console.error(`report-check failed: ${e.stack || e}`);
  process.exitCode = 1;
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}
