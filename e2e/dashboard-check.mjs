// The dashboard in a real browser: headless Chromium (the system's, not a downloaded build) driven by
// playwright-core. Checks that the page loads without console errors or failed requests, shows the same
// figures as /api/stats, finds a known holder through the lookup, and reads on a phone-sized screen without
// sideways scrolling; saves screenshots. Prints one JSON line; exits 1 with the reason on the first failure.
//
//   node e2e/dashboard-check.mjs --url http://127.0.0.1:8080 --holder 0x... --screenshots target
//
// CHROMIUM_PATH overrides /usr/bin/chromium.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const PHONE_WIDTH = 390;
const { values: options } = parseArgs({
  options: {
    url: { type: 'string' },
    holder: { type: 'string' },
    screenshots: { type: 'string', default: 'target' },
  },
});
if (!options.url || !options.holder) {
  process.stderr.write('usage: dashboard-check.mjs --url URL --holder ADDRESS [--screenshots DIR]\n');
  process.exit(2);
}

const problems = [];
function check(condition, message) {
  if (!condition) problems.push(message);
}

async function api(path) {
  const response = await fetch(options.url + path);
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

const digits = (text) => text.replace(/,/g, '');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push('page error: ' + error.message));
  page.on('requestfailed', (request) => consoleErrors.push('request failed: ' + request.url()));
  page.on('response', (response) => {
    if (response.status() >= 400) consoleErrors.push(`HTTP ${response.status()} for ${response.url()}`);
  });

  await page.goto(options.url + '/', { waitUntil: 'load' });
  await page.waitForFunction(() => document.getElementById('holders').textContent !== '…', null, { timeout: 15000 });
  await page.waitForSelector('#chart svg polyline', { timeout: 15000 });

  const stats = await api('/api/stats');
  const shown = async (id) => (await page.textContent('#' + id)).trim();
  check(digits(await shown('holders')) === String(stats.holders), `holders: page ${await shown('holders')}, API ${stats.holders}`);
  check(digits(await shown('transfers')) === String(stats.transfers), `transfers: page ${await shown('transfers')}, API ${stats.transfers}`);
  check(digits(await shown('cursor')) === String(stats.cursor), `cursor: page ${await shown('cursor')}, API ${stats.cursor}`);
  check(digits(await shown('head')) === String(stats.chainHead), `chain head: page ${await shown('head')}, API ${stats.chainHead}`);
  check(digits(await shown('lag')) === `${stats.blocksBehind} blocks`, `behind: page ${await shown('lag')}, API ${stats.blocksBehind}`);
  check(digits(await shown('quarantined')) === String(stats.quarantined), `quarantined: page ${await shown('quarantined')}, API ${stats.quarantined}`);
  check(await page.getAttribute('#supply', 'data-raw') === stats.totalSupply, 'supply: raw value differs from the API');
  const wholeSupply = stats.totalSupplyFormatted.split('.')[0];
  check(digits(await shown('supply')).startsWith(wholeSupply + '.') || digits(await shown('supply')) === wholeSupply,
    `supply: page ${await shown('supply')}, API ${stats.totalSupplyFormatted}`);
  check((await shown('token')) === stats.token, 'token address differs from the API');

  const top = await api('/api/holders?limit=20');
  const rows = await page.$$eval('#top-holders tbody tr', (trs) => trs.map((tr) => tr.cells[1].querySelector('a').title));
  check(JSON.stringify(rows) === JSON.stringify(top.holders.map((h) => h.address)), 'top holders differ from /api/holders');

  mkdirSync(options.screenshots, { recursive: true });
  await page.fill('#lookup-address', options.holder.toUpperCase().replace(/^0X/, '0x'));
  await page.click('#lookup button');
  await page.waitForSelector('#lookup-result:not([hidden])', { timeout: 15000 });
  const expected = await api('/api/balances/' + options.holder);
  check(await page.getAttribute('#lookup-balance', 'data-raw') === expected.balance,
    `lookup: page shows ${await page.getAttribute('#lookup-balance', 'data-raw')}, API ${expected.balance}`);
  const transferRows = await page.$$eval('#lookup-transfers tbody tr', (trs) => trs.length);
  check(transferRows > 0, 'lookup: no transfers listed for a holder');
  await page.screenshot({ path: join(options.screenshots, 'dashboard.png'), fullPage: true });

  await page.fill('#lookup-address', '0x123');
  await page.click('#lookup button');
  await page.waitForSelector('#lookup-error:not([hidden])', { timeout: 15000 });
  check((await page.textContent('#lookup-error')).startsWith('address:'), 'a malformed address shows no error');
  // The 400 of that lookup is the answer the page expects, not a fault of the page.
  const expectedRefusals = (e) => e.includes('HTTP 400') || e.includes('status of 400');
  const faults = consoleErrors.filter((e) => !expectedRefusals(e));
  check(faults.length === 0, 'console errors: ' + faults.join(' | '));

  const phone = await browser.newContext({ viewport: { width: PHONE_WIDTH, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const small = await phone.newPage();
  await small.goto(options.url + '/#' + options.holder, { waitUntil: 'load' });
  await small.waitForSelector('#lookup-result:not([hidden])', { timeout: 15000 });
  const overflow = (await small.evaluate(() => document.documentElement.scrollWidth)) - PHONE_WIDTH;
  check(overflow <= 0, `on a phone the page scrolls sideways by ${overflow} px`);
  await small.screenshot({ path: join(options.screenshots, 'dashboard-phone.png'), fullPage: true });

  process.stdout.write(JSON.stringify({ ok: problems.length === 0, holders: stats.holders, supply: stats.totalSupplyFormatted,
    lookupTransfers: transferRows, problems }) + '\n');
} finally {
  await browser.close();
}
process.exit(problems.length === 0 ? 0 : 1);
