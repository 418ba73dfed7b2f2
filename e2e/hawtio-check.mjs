// Hawtio in a real browser: headless Chromium (the system's) driven by playwright-core. Checks that without
// credentials the console's Jolokia answers 401 and the browser lands on the login page; that a wrong password is
// refused; that the configured account logs in, the Camel tree lists the given routes, and the first route's diagram
// shows (with its statistics), no Jolokia request of those pages being refused. With --connection NAME
// (a console of ROLE=console) the tree is the one of that connection, opened from "Connect" and logged in to with
// the same account. Saves a screenshot of the tree (hawtio.png, or hawtio-NAME.png). Prints one JSON line; exits 1
// with the reasons when a check fails.
//
//   node e2e/hawtio-check.mjs --url http://127.0.0.1:8080/hawtio --user U --password P \
//       --routes sync-transfers,parse-transfer,calc-balance [--connection NAME] --screenshots target
//
// CHROMIUM_PATH overrides /usr/bin/chromium.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: options } = parseArgs({
  options: {
    url: { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string' },
    routes: { type: 'string' },
    connection: { type: 'string' },
    screenshots: { type: 'string', default: 'target' },
  },
});
if (!options.url || !options.user || !options.password || !options.routes) {
  process.stderr.write('usage: hawtio-check.mjs --url URL --user U --password P --routes a,b,c [--screenshots DIR]\n');
  process.exit(2);
}
const routes = options.routes.split(',');
const problems = [];
const check = (condition, message) => { if (!condition) problems.push(message); };

const anonymous = await fetch(options.url + '/jolokia/version');
check(anonymous.status === 401, `Jolokia without credentials answered ${anonymous.status}, not 401`);
const basic = (user, password) => ({ Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') });
const wrong = await fetch(options.url + '/jolokia/version', { headers: basic(options.user, options.password + 'x') });
check(wrong.status === 401 || wrong.status === 403, `Jolokia with a wrong password answered ${wrong.status}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let tree = [];
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  const refused = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  context.on('response', async (response) => {
    if (!response.url().includes('/jolokia')) return;
    const body = await response.text().catch(() => '');
    for (const match of body.matchAll(/"error":"([^"]*forbidden[^"]*)"/gi)) refused.push(match[1]);
  });

  await page.goto(options.url + '/', { waitUntil: 'load' });
  await page.waitForURL(/\/login/, { timeout: 30000 });
  await page.waitForSelector('#pf-login-username-id', { timeout: 30000 });
  check(new URL(page.url()).pathname.endsWith('/login'), `without a session the console shows ${page.url()}, not its login page`);

  await page.fill('#pf-login-username-id', options.user);
  await page.fill('#pf-login-password-id', options.password + 'x');
  await page.click('button[type=submit]');
  await page.waitForTimeout(1500);
  check(new URL(page.url()).pathname.endsWith('/login'), 'a wrong password got past the login page');

  await page.fill('#pf-login-username-id', options.user);
  await page.fill('#pf-login-password-id', options.password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: 30000 });

  // Hawtio goes to its start page by itself once logged in: wait for it before going anywhere
  await page.waitForSelector('nav >> text=Camel', { timeout: 30000 });
  let shown = page;
  if (options.connection) {
    await page.goto(options.url + '/connect', { waitUntil: 'load' });
    const row = page.locator(`#connection-list li[aria-labelledby="connection ${options.connection}"]`);
    await row.waitFor({ timeout: 30000 });
    const [remote] = await Promise.all([context.waitForEvent('page', { timeout: 30000 }), row.locator('button', { hasText: 'Connect' }).click()]);
    remote.on('pageerror', (error) => pageErrors.push(error.message));
    await remote.waitForSelector('#connect-login-form-username', { timeout: 30000 });
    await remote.fill('#connect-login-form-username', options.user);
    await remote.fill('#connect-login-form-password', options.password);
    await remote.click('button:has-text("Log in")');
    await remote.waitForSelector('nav >> text=Camel', { timeout: 30000 });
    shown = remote;
  }
  await shown.goto(options.url + '/camel/routes', { waitUntil: 'load' });
  // the Camel tree: context, then its routes folder, opened until every route id shows
  await shown.waitForSelector('[role=tree] >> text=usde-tracker', { timeout: 60000 });
  for (let i = 0; i < 5 && !(await allShown(shown)); i++) {
    for (const toggle of await shown.$$('[role=tree] button[aria-expanded=false], .pf-v5-c-tree-view__node-toggle[aria-expanded=false]')) {
      await toggle.click().catch(() => {});
    }
    await shown.waitForTimeout(1000);
  }
  tree = (await shown.$$eval('[role=tree] [role=treeitem]', (items) => items.map((item) =>
    item.querySelector('.pf-v5-c-tree-view__node-text, .pf-v5-c-tree-view__node-title')?.textContent?.trim() ?? '')))
    .filter((text) => text);
  for (const route of routes) {
    check(tree.includes(route), `the Camel tree does not list ${route}`);
  }
  mkdirSync(options.screenshots, { recursive: true });
  const screenshot = options.connection ? `hawtio-${options.connection}.png` : 'hawtio.png';
  await shown.screenshot({ path: join(options.screenshots, screenshot), fullPage: true });

  await shown.click(`[role=tree] >> text="${routes[0]}"`);
  await shown.locator('[role=tab], nav a', { hasText: 'Route Diagram' }).first().click();
  await shown.waitForSelector('.react-flow__node', { timeout: 30000 });
  const nodes = await shown.$$eval('.react-flow__node', (all) => all.length);
  check(nodes > 1, `the diagram of ${routes[0]} shows ${nodes} nodes`);
  // the statistics: each step's exchange count, from Camel's route statistics dump
  const counted = await shown.waitForSelector('.react-flow__node .number', { timeout: 30000 }).then(() => true, () => false);
  check(counted, `the diagram of ${routes[0]} shows no exchange counts`);
  await shown.screenshot({ path: join(options.screenshots, screenshot.replace('.png', '-diagram.png')) });
  check(refused.length === 0, 'Jolokia refused: ' + [...new Set(refused)].join(' | '));
  check(pageErrors.length === 0, 'page errors: ' + pageErrors.join(' | '));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ ok: problems.length === 0, tree, problems }) + '\n');
process.exit(problems.length === 0 ? 0 : 1);

async function allShown(page) {
  const text = await page.textContent('body');
  return routes.every((route) => text.includes(route));
}
