// Drives the FleetOps operator console in Debian's headless Chromium as an operator would, against a running
// back-end, and prints as JSON what happened: what the preview said, which states the operation page showed, the
// failed-device rows, the operations list, axe-core accessibility violations per page, console errors and any
// request that left the console's origin. Screenshots go to SCREENSHOT_DIR.
//   node console-check.mjs CONSOLE_URL FUNCTION_KEY SCENARIO.json SCREENSHOT_DIR [CHROMIUM]
// SCENARIO: {"rebootDevices": [...], "offlineDevices": [...], "failDevices": [...], "packageUri": "https://…",
//            "version": "9.9.9", "catalogVersion": "7.1.2" (registered and ready), "catalogDevices": [...]}
import { readFileSync } from 'node:fs';
import { openBrowser } from './browser.mjs';

const [consoleUrl, key, scenarioFile, shots, exe = '/usr/bin/chromium'] = process.argv.slice(2);
if (!consoleUrl || !key || !scenarioFile || !shots) {
  console.error('usage: node console-check.mjs CONSOLE_URL FUNCTION_KEY SCENARIO.json SCREENSHOT_DIR [CHROMIUM]');
  process.exit(2);
}
const scenario = JSON.parse(readFileSync(scenarioFile, 'utf8'));
const origin = new URL(consoleUrl).origin;
const out = { steps: [], axe: {}, consoleErrors: [], failedResponses: [], foreignRequests: [], keyInUrl: [] };
const WAIT = 90000;

let browser;
try {
  browser = await openBrowser(exe, shots, out, { wait: WAIT });
  const { page, step, shot, axe } = browser;
  page.on('console', m => { if (m.type() === 'error') out.consoleErrors.push(m.text()); });
  page.on('pageerror', e => out.consoleErrors.push('pageerror: ' + e.message));
  page.on('request', r => {
    if (!r.url().startsWith(origin)) out.foreignRequests.push(r.url());
    if (r.url().includes(key)) out.keyInUrl.push(r.url());
  });
  page.on('response', r => { if (r.status() >= 400) out.failedResponses.push(r.status() + ' ' + r.request().method() + ' ' + r.url()); });
  const factNumber = async name => Number((await page.locator(`[data-fact="${name}"] dd`).innerText()).replace(/[^0-9]/g, '') || 0);
  const state = () => page.locator('#main [data-state]').first().getAttribute('data-state');
  const waitState = async (wanted) => {
    await page.waitForFunction(w => {
      const el = document.querySelector('#main [data-state]');
      return el && w.includes(el.dataset.state);
    }, wanted, { timeout: WAIT });
    return state();
  };

  // 1. No key yet: the connection form. Keyboard only: type the key, Enter.
  await page.goto(consoleUrl, { waitUntil: 'load' });
  await page.locator('#key').waitFor();
  out.connectTitle = await page.title();
  await axe('connect');
  await shot('01-connect');
  await page.locator('#key').focus();
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await page.locator('#operations').waitFor();
  step('connected');
  await axe('operations-empty');

  // 2. New operation: a reboot of connected devices and one that is offline, so the operation stays running (the
  //    offline device waits) whatever the dispatch speed. Preview first: Start is disabled until then.
  await page.locator('a[data-nav="new"]').click();
  await page.locator('#action').selectOption('reboot');
  await page.locator('#deviceIds').fill(scenario.rebootDevices.join('\n'));
  await page.locator('#waves').fill('100');
  out.startDisabledBeforePreview = await page.locator('#start').isDisabled();
  await page.locator('#preview-button').click();
  await page.locator('#preview-count').waitFor();
  out.preview = {
    count: Number(await page.locator('#preview-count').innerText()),
    sample: (await page.locator('#preview-sample').innerText()).split(', '),
    text: await page.locator('#preview').innerText(),
  };
  await axe('new-operation');
  await shot('02-preview');
  await page.locator('#start').click();
  await page.waitForURL(/#\/operations\/[0-9a-f-]{36}$/);
  out.rebootOperation = decodeURIComponent(page.url().split('/').pop());
  step('started');

  // 3. Watch it progress (the page refreshes itself), pause, resume, then cancel what is left.
  const online = scenario.rebootDevices.length - scenario.offlineDevices.length;
  await page.waitForFunction(n => {
    const dd = document.querySelector('[data-fact="succeeded"] dd');
    return dd && Number(dd.textContent.replace(/[^0-9]/g, '')) >= n;
  }, online, { timeout: WAIT });
  out.succeededBeforePause = await factNumber('succeeded');
  out.waitingBeforePause = await factNumber('queued');
  out.stateBeforePause = await state();
  await shot('03-running');
  await page.locator('button[data-command="pause"]').click();
  out.afterPause = await waitState(['paused']);
  await page.locator('button[data-command="resume"]').waitFor();
  await axe('operation-paused');
  await shot('04-paused');
  await page.locator('button[data-command="resume"]').click();
  out.afterResume = await waitState(['running']);
  await page.locator('button[data-command="cancel"]').waitFor();
  await page.locator('button[data-command="cancel"]').click();
  out.finalReboot = await waitState(['canceled', 'completed']);
  out.rebootSucceeded = await factNumber('succeeded');
  out.rebootCanceled = await factNumber('canceled');
  out.finishedText = await page.locator('[data-fact="finished"] dd').innerText();
  out.wavesShown = await page.locator('#waves tbody th').allInnerTexts();
  await shot('05-canceled');
  step('reboot done');

  // 4. A firmware update that fails (its SHA-256 does not match the package): the failed devices, with reasons.
  await page.locator('a[data-nav="new"]').click();
  await page.locator('#action').selectOption('firmwareUpdate');
  await page.locator('#fwVersion').fill(scenario.version);
  await page.locator('#fwUri').fill(scenario.packageUri);
  await page.locator('#fwSha').fill('0'.repeat(64));
  await page.locator('#deviceIds').fill(scenario.failDevices.join(', '));
  await page.locator('#waves').fill('100');
  await page.locator('#successThreshold').fill('0');
  await page.locator('#preview-button').click();
  await page.locator('#preview-count').waitFor();
  await page.locator('#start').click();
  await page.waitForURL(/#\/operations\/[0-9a-f-]{36}$/);
  out.failOperation = decodeURIComponent(page.url().split('/').pop());
  out.finalFirmware = await waitState(['completed', 'aborted', 'paused']);
  await page.waitForFunction(n => document.querySelectorAll('#failed tbody tr').length >= n, scenario.failDevices.length);
  out.badge = await page.locator('#main .badge').first().innerText();
  out.failedRows = await page.locator('#failed tbody tr').evaluateAll(rows => rows.map(r => [...r.cells].map(c => c.innerText.trim())));
  await axe('operation-failed');
  await shot('06-failed-devices');

  // 5. The operations list, filtered by action.
  await page.locator('a[data-nav="operations"]').click();
  await page.locator('#f-action').selectOption('firmwareUpdate');
  await page.waitForFunction(() => location.hash.includes('action=firmwareUpdate'));
  await page.waitForFunction(() => document.querySelectorAll('#operations tbody tr').length >= 1);
  out.filteredList = await page.locator('#operations tbody tr').evaluateAll(rows => rows.map(r => r.dataset.id));
  out.filteredActions = await page.locator('#operations tbody tr').evaluateAll(rows => rows.map(r => r.cells[1].innerText.trim()));
  await axe('operations');
  await shot('07-operations');

  // 6. Firmware from the catalog, picked from the form's list: each device downloads through its own short-lived link.
  await page.locator('a[data-nav="new"]').click();
  await page.locator('#action').selectOption('firmwareUpdate');
  await page.locator(`#catalogVersion option[value="${scenario.catalogVersion}"]`).waitFor({ state: 'attached' });
  await page.locator('#catalogVersion').selectOption(scenario.catalogVersion);
  await page.locator('#deviceIds').fill(scenario.catalogDevices.join('\n'));
  await page.locator('#waves').fill('100');
  await page.locator('#preview-button').click();
  await page.locator('#preview-count').waitFor();
  await page.locator('#start').click();
  await page.waitForURL(/#\/operations\/[0-9a-f-]{36}$/);
  out.catalogOperation = decodeURIComponent(page.url().split('/').pop());
  out.finalCatalog = await waitState(['completed', 'aborted', 'paused', 'canceled']);
  out.catalogSucceeded = await factNumber('succeeded');
  await shot('08-catalog-rollout');
  step('catalog rollout done');

  // 7. The firmware page lists the version as ready; the devices page shows which devices run it.
  out.catalogVersion = scenario.catalogVersion;
  await page.locator('a[data-nav="firmware"]').click();
  const catalogRow = page.locator(`#firmware-list tr[data-version="${scenario.catalogVersion}"]`);
  await catalogRow.waitFor();
  out.catalogRow = await catalogRow.evaluate(r => [...r.cells].map(c => c.innerText.trim()));
  await axe('firmware');
  await shot('09-firmware');
  await page.locator('a[data-nav="devices"]').click();
  await page.locator('#devices tbody tr').first().waitFor();
  out.deviceFirmware = Object.fromEntries(await page.locator('#devices tbody tr').evaluateAll(
    rows => rows.map(r => [r.dataset.device, r.cells[3].innerText.trim()])));
  await axe('devices');
  await shot('10-devices');

  // 8. One device's page: its timeline, newest first, with the failed update's error code.
  await page.locator(`#devices tbody tr[data-device="${scenario.timelineDevice}"] a`).click();
  await page.locator('#timeline tbody tr').first().waitFor();
  out.timeline = await page.locator('#timeline tbody tr').evaluateAll(rows => rows.map(r => ({
    kind: r.dataset.kind, state: r.dataset.state, attempt: r.dataset.attempt === undefined ? null : r.dataset.attempt,
    operation: r.cells[2].innerText.trim(), error: r.cells[6].innerText.trim() })));
  await axe('device');
  await shot('11-device');
  step('done');
} catch (e) {
  out.error = String(e && e.stack || e);
  await browser?.failureShot('failure');
} finally {
  await browser?.close();
}
console.log(JSON.stringify(out));
