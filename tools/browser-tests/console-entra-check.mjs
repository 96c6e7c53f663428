// Drives the FleetOps operator console with App Service Authentication on (the local runner's EasyAuth stand-in,
// FLEETOPS_AUTH=entra) in Debian's headless Chromium, and prints as JSON what happened: the sign-in link the
// Connection page offers, what a Reader sees when previewing, and an Operator's reboot from the form to its end with
// the creator the operations list names. The identity comes only from the bearer token, as App Service's would.
//   node console-entra-check.mjs CONSOLE_URL FUNCTION_KEY READER_TOKEN OPERATOR_TOKEN DEVICE_ID SCREENSHOT_DIR [CHROMIUM]
import { openBrowser } from './browser.mjs';

const [consoleUrl, key, readerToken, operatorToken, device, shots, exe = '/usr/bin/chromium'] = process.argv.slice(2);
if (!consoleUrl || !key || !readerToken || !operatorToken || !device || !shots) {
  console.error('usage: node console-entra-check.mjs CONSOLE_URL FUNCTION_KEY READER_TOKEN OPERATOR_TOKEN DEVICE_ID SCREENSHOT_DIR [CHROMIUM]');
  process.exit(2);
}
const origin = new URL(consoleUrl).origin;
const out = { steps: [], axe: {}, pageErrors: [], foreignRequests: [], secretInUrl: [] };
const WAIT = 90000;

let browser;
try {
  browser = await openBrowser(exe, shots, out, { wait: WAIT, profileName: 'fleetops-console-entra-' });
  const { page, step, shot, axe } = browser;
  // A Reader's refused preview is a 403 the browser logs; only script errors count here.
  page.on('pageerror', e => out.pageErrors.push(e.message));
  page.on('request', r => {
    if (!r.url().startsWith(origin)) out.foreignRequests.push(r.url());
    for (const secret of [key, readerToken, operatorToken]) if (r.url().includes(secret)) out.secretInUrl.push(r.url());
  });
  const connect = async token => {
    await page.goto(consoleUrl + '#/connect', { waitUntil: 'load' });
    await page.locator('#key').fill(key);
    await page.locator('#token').fill(token);
    await page.locator('#connect').click();
    await page.waitForFunction(() => [...document.querySelectorAll('#main .notice')]
      .some(n => n.textContent.startsWith('Connected.')));
  };
  const fillReboot = async () => {
    await page.locator('a[data-nav="new"]').click();
    await page.locator('#action').selectOption('reboot');
    await page.locator('#deviceIds').fill(device);
    await page.locator('#waves').fill('100');
    await page.locator('#preview-button').click();
  };

  // 1. The Connection page in Entra mode offers App Service's sign-in.
  await page.goto(consoleUrl, { waitUntil: 'load' });
  await page.locator('#key').waitFor();
  out.signInHref = await page.locator('a[href^="/.auth/login/aad"]').getAttribute('href');
  await axe('connect-entra');
  await shot('e1-connect-entra');

  // 2. A Reader: reading works, previewing an operation is refused with the role it needs.
  await connect(readerToken);
  step('reader connected');
  await fillReboot();
  await page.locator('#preview [role="alert"]').waitFor();
  out.readerPreview = await page.locator('#preview [role="alert"]').innerText();
  out.readerStartDisabled = await page.locator('#start').isDisabled();
  await shot('e2-reader-refused');

  // 3. An Operator: the same form previews and starts; the reboot runs to its end.
  await connect(operatorToken);
  step('operator connected');
  await fillReboot();
  await page.locator('#preview-count').waitFor();
  await page.locator('#start').click();
  await page.waitForURL(/#\/operations\/[0-9a-f-]{36}$/);
  out.operation = decodeURIComponent(page.url().split('/').pop());
  await page.waitForFunction(() => {
    const el = document.querySelector('#main [data-state]');
    return el && ['completed', 'aborted', 'canceled'].includes(el.dataset.state);
  }, null, { timeout: WAIT });
  out.finalState = await page.locator('#main [data-state]').first().getAttribute('data-state');
  await shot('e3-operator-rebooted');

  // 4. The operations list names the Operator from the token as the creator.
  await page.locator('a[data-nav="operations"]').click();
  const row = page.locator(`#operations tbody tr[data-id="${out.operation}"]`);
  await row.waitFor();
  out.createdBy = await row.evaluate(r => r.cells[7].innerText.trim());
  step('done');
} catch (e) {
  out.error = String(e && e.stack || e);
  await browser?.failureShot('entra-failure');
} finally {
  await browser?.close();
}
console.log(JSON.stringify(out));
