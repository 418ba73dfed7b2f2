// Hawtio in a real browser: headless Chromium (the system's) driven by playwright-core. Checks that without
// credentials the console's Jolokia answers 401 and the browser lands on the login page; that a wrong password is
// refused; that the configured account logs in and the Camel tree lists the given routes. Saves a screenshot of
// the tree. Prints one JSON line; exits 1 with the reasons when a check fails.
//
//   node e2e/hawtio-check.mjs --url http://127.0.0.1:8080/hawtio --user U --password P \
//       --routes sync-transfers,parse-transfer,calc-balance --screenshots target
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
  page.on('pageerror', (error) => pageErrors.push(error.message));

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

  await page.goto(options.url + '/camel/routes', { waitUntil: 'load' });
  // the Camel tree: context, then its routes folder, opened until every route id shows
  await page.waitForSelector('text=usde-tracker', { timeout: 60000 });
  for (let i = 0; i < 5 && !(await allShown(page)); i++) {
    for (const toggle of await page.$$('[role=tree] button[aria-expanded=false], .pf-v5-c-tree-view__node-toggle[aria-expanded=false]')) {
      await toggle.click().catch(() => {});
    }
    await page.waitForTimeout(1000);
  }
  tree = (await page.$$eval('[role=tree] [role=treeitem]', (items) => items.map((item) =>
    item.querySelector('.pf-v5-c-tree-view__node-text, .pf-v5-c-tree-view__node-title')?.textContent?.trim() ?? '')))
    .filter((text) => text);
  for (const route of routes) {
    check(tree.includes(route), `the Camel tree does not list ${route}`);
  }
  mkdirSync(options.screenshots, { recursive: true });
  await page.screenshot({ path: join(options.screenshots, 'hawtio.png'), fullPage: true });
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
