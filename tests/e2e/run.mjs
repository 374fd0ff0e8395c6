#!/usr/bin/env node
// Browser tests of the Brobygger web admin against the real server binary.
//
//   BROBYGGER_BIN=build/ci/app/brobygger BROBYGGER_WEB_ROOT=web-admin/dist node tests/e2e/run.mjs
//
// Sets up a throw-away SQLite database (migrate, seed reference, seed demo, one user per role), starts
// `brobygger serve` on a free loopback port, and drives Debian's /usr/bin/chromium through playwright-core.
// The server is stopped on exit, also on failure or interrupt. On failure the server log is printed and
// screenshots of the failing pages go to tests/e2e/artifacts/ (BROBYGGER_E2E_ARTIFACTS); the temp directory
// (database, server log) is kept then, or always with BROBYGGER_E2E_KEEP=1.
// Optional: CHROMIUM (browser path), BROBYGGER_E2E_ONLY (a substring: run only matching tests),
// SCREENSHOTS=1 (`make screenshots`: runs only the picture tours, which save pictures of the main pages of
// each role, desktop and phone, over the demo data, in docs/screenshots/ for the user guide;
// BROBYGGER_SCREENSHOTS_DIR to put them elsewhere; scripts/compress-screenshots.sh makes them small).
// To shake out timing races: BROBYGGER_E2E_CPU_THROTTLE=4 (Chromium runs N times slower) and
// BROBYGGER_E2E_API_DELAY_MS=300 (every /api/ request from the browser is held back that long).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

// ---------------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------------

function findBinary() {
  if (process.env.BROBYGGER_BIN) return path.resolve(process.env.BROBYGGER_BIN);
  const build = path.join(repo, 'build');
  if (existsSync(build)) {
    for (const d of readdirSync(build)) {
      for (const p of [path.join(build, d, 'app', 'brobygger'), path.join(build, d, 'brobygger')]) {
        if (existsSync(p)) return p;
      }
    }
  }
  return null;
}

const BIN = findBinary();
const WEB_ROOT = path.resolve(process.env.BROBYGGER_WEB_ROOT ?? path.join(repo, 'web-admin', 'dist'));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ONLY = process.env.BROBYGGER_E2E_ONLY ?? '';
const KEEP = process.env.BROBYGGER_E2E_KEEP === '1';
const SCREENSHOTS = process.env.SCREENSHOTS === '1';
const ARTIFACTS = path.resolve(process.env.BROBYGGER_E2E_ARTIFACTS ?? path.join(here, 'artifacts'));
const SHOTS = path.resolve(process.env.BROBYGGER_SCREENSHOTS_DIR ?? path.join(here, '..', '..', 'docs', 'screenshots'));
const CPU_THROTTLE = Number(process.env.BROBYGGER_E2E_CPU_THROTTLE ?? 0);
const API_DELAY_MS = Number(process.env.BROBYGGER_E2E_API_DELAY_MS ?? 0);
const TIMEOUT = 10_000 * Math.max(1, CPU_THROTTLE / 2); // per expectation / action
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const PASSWORD = 'e2e-Correct-Horse-Battery-42';
const USERS = {
  admin: { email: 'e2e.admin@example.dk', name: 'Astrid Admin', role: 'admin', roleDa: 'Administrator' },
  officer: { email: 'e2e.officer@example.dk', name: 'Ole Opsøger', role: 'officer', roleDa: 'Netværksmedarbejder' },
  manager: { email: 'e2e.manager@example.dk', name: 'Mette Mellemleder', role: 'manager', roleDa: 'Ledelse' },
  partner: { email: 'e2e.partner@example.dk', name: 'Pia Partner', role: 'partner', roleDa: 'Partner' },
};

// ---------------------------------------------------------------------------------------------------
// Process management: the server is always stopped, whatever happens.
// ---------------------------------------------------------------------------------------------------

let tmp = null;
let server = null;
let serverLog = null;
let browser = null;
let base = null;
let failed = false;
let stopping = false;
const fixtures = {}; // partnerOrg, otherOrg

function killServerSync() {
  if (server && server.exitCode === null && server.signalCode === null) {
    try {
      server.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

process.on('exit', killServerSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    killServerSync();
    process.exit(130);
  });
}

async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  stopping = true;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const timer = setTimeout(() => killServerSync(), 5000);
  await exited;
  clearTimeout(timer);
}

function run(args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      BIN,
      args,
      { env: { ...process.env, ...extraEnv, BROBYGGER_DATABASE: dbUrl() }, timeout: 60_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`brobygger ${args.join(' ')} failed (${err.code ?? err.signal}):\n${stdout}\n${stderr}`));
        } else resolve({ stdout, stderr });
      },
    );
    child.stdin?.end(); // the password comes from BROBYGGER_PASSWORD; never wait for a terminal
  });
}

function dbUrl() {
  return `sqlite3://db=${path.join(tmp, 'e2e.db')}`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(url, ms) {
  const end = Date.now() + ms;
  let last = '';
  while (Date.now() < end) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`brobygger serve exited early (${server.exitCode ?? server.signalCode})`);
    }
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = String(e?.cause?.code ?? e);
    }
    await sleep(150);
  }
  throw new Error(`${url} not healthy after ${ms} ms (${last})`);
}

async function apiAs(user, method, p, body) {
  if (!user.token) {
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'brobygger' },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    const text = await r.text();
    assert.equal(r.status, 200, `API login of ${user.email}: ${r.status} ${text}`);
    user.token = JSON.parse(text).token;
  }
  const r = await fetch(`${base}/api/v1${p}`, {
    method,
    headers: {
      Authorization: `Bearer ${user.token}`,
      'X-Requested-With': 'brobygger',
      Accept: 'application/json',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

/** A valid CVR number (modulus 11 with weights 2,7,6,5,4,3,2,1), random so reruns do not collide. */
export function makeCvr(seed = Math.random) {
  const w = [2, 7, 6, 5, 4, 3, 2];
  for (;;) {
    const d = [1 + Math.floor(seed() * 9), ...Array.from({ length: 6 }, () => Math.floor(seed() * 10))];
    const s = d.reduce((acc, x, i) => acc + x * w[i], 0);
    const check = (11 - (s % 11)) % 11;
    if (check < 10) return d.join('') + String(check);
  }
}

export function cvrValid(cvr) {
  const w = [2, 7, 6, 5, 4, 3, 2, 1];
  return /^\d{8}$/.test(cvr) && [...cvr].reduce((a, c, i) => a + Number(c) * w[i], 0) % 11 === 0;
}

// ---------------------------------------------------------------------------------------------------
// Setup and teardown
// ---------------------------------------------------------------------------------------------------

before(async () => {
  try {
    await setUp();
  } catch (e) {
    failed = true;
    throw e;
  }
});

async function setUp() {
  assert.ok(BIN && existsSync(BIN), `the server binary was not found: set BROBYGGER_BIN (looked for ${BIN ?? 'build/*/app/brobygger'})`);
  assert.ok(existsSync(path.join(WEB_ROOT, 'index.html')), `no index.html in BROBYGGER_WEB_ROOT=${WEB_ROOT}: run npm ci && npm run build in web-admin/`);
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium)`);

  tmp = mkdtempSync(path.join(os.tmpdir(), 'brobygger-e2e-'));
  await run(['migrate']);
  await run(['seed', 'reference']);
  await run(['seed', 'demo'], { BROBYGGER_PASSWORD: PASSWORD }); // demo users, if it makes any, get our password
  for (const key of ['admin', 'officer', 'manager']) {
    const u = USERS[key];
    await run(['user', 'add', '--email', u.email, '--name', u.name, '--role', u.role], { BROBYGGER_PASSWORD: PASSWORD });
  }

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  serverLog = path.join(tmp, 'server.log');
  const fd = openSync(serverLog, 'a');
  server = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--web-root', WEB_ROOT], {
    env: { ...process.env, BROBYGGER_DATABASE: dbUrl() },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  server.on('exit', (code, signal) => {
    if (!stopping) console.error(`brobygger serve exited unexpectedly (code ${code}, signal ${signal})`);
  });
  await waitForHealth(`${base}/healthz`, 30_000);

  // Two demo organisations: one the partner user belongs to, one it must never see.
  const list = await apiAs(USERS.officer, 'GET', '/organisations?limit=10&sort=name');
  assert.equal(list.status, 200, `officer lists organisations: ${JSON.stringify(list.body)}`);
  const orgs = [...list.body.items];
  const ref = await apiAs(USERS.officer, 'GET', '/reference/municipalities');
  const kinds = await apiAs(USERS.officer, 'GET', '/reference/organisation-kinds');
  while (orgs.length < 2) {
    const made = await apiAs(USERS.officer, 'POST', '/organisations', {
      name: `E2E Forening ${orgs.length + 1}`,
      kind: kinds.body[0].code,
      municipality_id: ref.body[0].id,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    orgs.push(made.body);
  }
  fixtures.partnerOrg = orgs[0];
  fixtures.otherOrg = orgs[1];
  const p = USERS.partner;
  await run(['user', 'add', '--email', p.email, '--name', p.name, '--role', p.role, '--organisation', String(fixtures.partnerOrg.id)], {
    BROBYGGER_PASSWORD: PASSWORD,
  });

  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

after(async () => {
  try {
    if (browser) await browser.close();
  } catch {
    /* ignore */
  }
  await stopServer();
  if (failed && serverLog && existsSync(serverLog)) {
    const log = readFileSync(serverLog, 'utf8').split('\n');
    console.error(`--- last lines of the server log (${serverLog}) ---\n${log.slice(-60).join('\n')}`);
  }
  if (tmp) {
    if (failed || KEEP) console.error(`e2e files (database, server log, screenshots) kept in ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

/** Polls `fn` until it returns a truthy value; fails with `what` after the timeout. */
async function eventually(what, fn, ms = TIMEOUT) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(100);
  }
}

async function visible(locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: TIMEOUT });
  } catch {
    throw new Error(`not visible: ${what ?? locator}`);
  }
}

async function absent(locator, what) {
  await eventually(`absent: ${what ?? locator}`, async () => (await locator.count()) === 0);
}

/** Waits until one of the elements `locator` matches shows `expected` (a substring or a RegExp). */
async function hasText(locator, expected, what) {
  const re = expected instanceof RegExp ? expected : null;
  let seen = [];
  try {
    return await eventually(`${what ?? locator} shows ${expected}`, async () => {
      seen = (await locator.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      return seen.find((text) => (re ? re.test(text) : text.includes(expected))) ?? false;
    });
  } catch (e) {
    throw new Error(`${e.message}; saw: ${JSON.stringify(seen).slice(0, 500)}`);
  }
}

async function atPath(page, re) {
  return eventually(`URL matching ${re}`, () => {
    const u = new URL(page.url());
    const m = (u.pathname + u.search).match(re);
    return m ?? false;
  });
}

/** Waits until the URL's query parameter `key` is `value`. */
async function atQuery(page, key, value) {
  return eventually(`URL with ${key}=${value}`, () => new URL(page.url()).searchParams.get(key) === value);
}

/** Waits until every list on the page has finished loading (the results region is no longer aria-busy). */
async function settled(page) {
  await sleep(50);
  await eventually('lists loaded', async () => (await page.locator('[aria-busy="true"]').count()) === 0);
}

const heading = (page, name) => page.getByRole('heading', { level: 1, name, exact: true });

/** Lets the page finish what it does after a render (Preact runs effects after the next frame). */
async function nextFrames(page) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))),
  );
}

/**
 * Fills a field and checks that the page kept the value: a late re-render or effect that resets the field
 * would lose what a fast typist typed too, so that is a bug in the page, not something to wait out here.
 */
async function fillKept(locator, value, what) {
  await locator.fill(value);
  await nextFrames(locator.page());
  assert.equal(await locator.inputValue(), value, `${what ?? locator} keeps what was typed into it`);
}

/** Searches a list page with its search box (by accessible name) once the page has settled. */
async function searchList(page, box, value) {
  await settled(page);
  await fillKept(page.getByRole('searchbox', { name: box }), value, `the search box "${box}"`);
  await page.getByRole('button', { name: 'Søg', exact: true }).click();
}

/** A new browser context and page, with CSP violations and uncaught errors collected. */
async function openPage(t, { viewport } = {}) {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'da-DK',
    timezoneId: 'Europe/Copenhagen',
    viewport: viewport ?? { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(TIMEOUT);
  if (API_DELAY_MS > 0) {
    await context.route(
      (url) => url.pathname.startsWith('/api/'),
      async (route) => {
        await sleep(API_DELAY_MS);
        await route.continue().catch(() => undefined); // the page may be gone meanwhile
      },
    );
  }
  const page = await context.newPage();
  if (CPU_THROTTLE > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
  }
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  t.after(async () => {
    await context.close();
  });
  page.assertClean = () => assert.deepEqual(problems, [], 'no CSP violations or uncaught page errors');
  return page;
}

/** Where each role lands after login: officers and admins on "My work", managers on the overview, partners on their start page. */
const LANDING = { admin: 'Mit arbejde', officer: 'Mit arbejde', manager: 'Overblik over samarbejdet', partner: 'Forside' };

async function login(page, user, { landing = LANDING[user.role] } = {}) {
  await page.goto('/login');
  await visible(heading(page, 'Log ind'), 'login heading');
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Adgangskode').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  if (landing) await visible(heading(page, landing), `${landing} after login as ${user.role}`);
}

async function navLinks(page, navName = 'Hovedmenu') {
  const nav = page.getByRole('navigation', { name: navName });
  await visible(nav, 'main navigation');
  return (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
}

async function axeSerious(page, what) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`);
  assert.deepEqual(report, [], `axe found serious/critical violations on ${what}`);
}

/** The tests that take the user guide's pictures (the only ones run with SCREENSHOTS=1). */
const PICTURES = /^(outreach )?pictures\b/;

/** With SCREENSHOTS=1: a picture of what the user sees, for the user guide (a phone: the screen only). */
async function shot(page, name) {
  if (!SCREENSHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await sleep(150);
  const phone = (page.viewportSize()?.width ?? 1280) < 600;
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: !phone });
}

/** With SCREENSHOTS=1: a picture of one part of the page (a form, a section), small for the user guide. */
async function shotOf(locator, name, { maxHeight } = {}) {
  if (!SCREENSHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await sleep(150);
  const file = path.join(SHOTS, `${name}.png`);
  // The element's box in page coordinates (a full-page clip is not relative to the scrolled viewport).
  const box = maxHeight
    ? await locator.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
      })
    : null;
  // A long element: only its top, from the full page (kept small for the user guide).
  if (box && box.height > maxHeight) await locator.page().screenshot({ path: file, fullPage: true, clip: { ...box, height: maxHeight } });
  else await locator.screenshot({ path: file });
}

/** Runs one test; on failure keeps a screenshot of every open page (in the artifacts folder). */
function e2e(name, fn) {
  if (ONLY && !name.includes(ONLY)) return;
  // SCREENSHOTS=1: only the picture tours, over the demo data as `seed demo` made it (no test fixtures yet).
  if (SCREENSHOTS && !PICTURES.test(name)) return;
  if (!SCREENSHOTS && /^pictures\b/.test(name)) return; // the tours only take pictures: not in a normal run
  test(name, async (t) => {
    const pages = [];
    const open = async (opts) => {
      const p = await openPage(t, opts);
      pages.push(p);
      return p;
    };
    try {
      await fn(open, t);
      for (const p of pages) p.assertClean();
    } catch (e) {
      failed = true;
      mkdirSync(ARTIFACTS, { recursive: true });
      for (const [i, p] of pages.entries()) {
        const file = path.join(ARTIFACTS, `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}-${i}.png`);
        try {
          await p.screenshot({ path: file, fullPage: true });
          console.error(`screenshot: ${file} (at ${p.url()})`);
        } catch {
          /* page already gone */
        }
      }
      throw e;
    }
  });
}

// ---------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------

test('a valid CVR is computed with the modulus-11 rule', () => {
  assert.ok(cvrValid('10150817')); // 2+0+6+25+0+24+2+7 = 66 = 6 * 11
  assert.equal(cvrValid('12345678'), false);
  for (let i = 0; i < 50; i++) {
    const c = makeCvr();
    assert.ok(cvrValid(c) && c[0] !== '0', c);
  }
});

e2e('the server serves the web admin with a strict CSP', async () => {
  for (const p of ['/', '/login', '/organisations/123']) {
    const r = await fetch(base + p);
    assert.equal(r.status, 200, `${p} answers index.html`);
    assert.match(r.headers.get('content-type') ?? '', /text\/html/);
    assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const html = await r.text();
    assert.match(html, /<script type="module"[^>]* src="\/assets\/[^"]+\.js"/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /<style|style="/, 'no inline style');
    for (const [, asset] of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
      const a = await fetch(base + asset);
      assert.equal(a.status, 200, `${asset} is served`);
      assert.match(a.headers.get('content-type') ?? '', asset.endsWith('.css') ? /text\/css/ : /javascript/, `${asset} content type`);
    }
  }
});

e2e('login page: Danish by default, accessible, wrong password rejected, then back to the page asked for', async (open) => {
  const page = await open();
  await page.goto('/contacts');
  await visible(heading(page, 'Log ind'), 'login heading');
  await atPath(page, /^\/login\?next=%2Fcontacts$/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'da');
  await shot(page, 'login');
  await axeSerious(page, 'the login page');

  await page.getByLabel('E-mail').fill(USERS.officer.email);
  await page.getByLabel('Adgangskode').fill('not-the-password');
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await hasText(page.getByRole('alert'), 'E-mail eller adgangskode er forkert.');
  await visible(heading(page, 'Log ind'));

  await page.getByLabel('Adgangskode').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await visible(heading(page, 'Kontaktpersoner'), 'the contacts page asked for before login');
  await atPath(page, /^\/contacts$/);
});

e2e('each role sees its own navigation, its name and role, and can log out', async (open) => {
  const expected = {
    admin: ['Mit arbejde', 'Overblik', 'Organisationer', 'Kontaktpersoner', 'Arrangementer', 'Aktiviteter', 'Opfølgninger', 'Dubletter', 'Udsendelser', 'Nyhedsbreve', 'Mailskabeloner', 'Brugere', 'Revisionsspor'],
    officer: ['Mit arbejde', 'Overblik', 'Organisationer', 'Kontaktpersoner', 'Arrangementer', 'Aktiviteter', 'Opfølgninger', 'Dubletter', 'Udsendelser', 'Nyhedsbreve'],
    manager: ['Overblik', 'Organisationer', 'Arrangementer'],
    partner: ['Forside', 'Organisationer', 'Kontaktpersoner', 'Arrangementer'],
  };
  for (const [key, links] of Object.entries(expected)) {
    const u = USERS[key];
    const page = await open();
    await login(page, u);
    assert.deepEqual(await navLinks(page), links, `navigation of ${key}`);
    const banner = page.getByRole('banner');
    await hasText(banner, u.name, `${key}'s name in the header`);
    await hasText(banner, u.roleDa, `${key}'s role in the header`);

    await page.getByRole('button', { name: 'Log ud' }).click();
    await visible(heading(page, 'Log ind'), `login page after ${key} logs out`);
    await hasText(page.getByRole('status'), 'Du er logget ud.');
    await page.goto('/organisations');
    await visible(heading(page, 'Log ind'), `the session of ${key} is gone after logout`);
  }
});

e2e('officer searches, filters and sorts the organisations', async (open) => {
  const page = await open();
  await login(page, USERS.officer);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Organisationer' }).click();
  const rows = page.locator('table.organisations tbody tr');
  await visible(rows, 'organisation rows');
  const countText = await hasText(page.locator('.result-count'), /\d+ organisation/);
  const total = Number(countText.match(/(\d+)/)[1]);
  assert.ok(total >= 2, `demo data has organisations (${countText})`);

  // No match: an empty state, not an empty table.
  await searchList(page, 'Søg i organisationer', 'zzqx-findes-ikke-9137');
  await hasText(page.locator('main'), 'Ingen organisationer matcher søgningen.');
  await atPath(page, /q=zzqx-findes-ikke-9137/);

  // The partner's organisation by name.
  const name = fixtures.partnerOrg.name;
  await searchList(page, 'Søg i organisationer', name);
  await atQuery(page, 'q', name);
  await visible(page.getByRole('link', { name, exact: true }), `search result ${name}`);

  // Police district filter: every row is in that district.
  await searchList(page, 'Søg i organisationer', '');
  await eventually('search cleared', () => !page.url().includes('q='));
  await settled(page);
  const district = page.getByLabel('Politikreds', { exact: true });
  await district.selectOption(String(fixtures.partnerOrg.police_district_id));
  await atPath(page, new RegExp(`police_district_id=${fixtures.partnerOrg.police_district_id}`));
  await settled(page);
  const districtName = (await district.evaluate((s) => s.selectedOptions[0].textContent)).trim();
  await visible(page.getByRole('link', { name, exact: true }), `${name} within its own district`);
  const cells = await page.locator('table.organisations tbody tr td:nth-child(4)').allInnerTexts();
  assert.ok(cells.length > 0);
  for (const c of cells) assert.equal(c.trim(), districtName, 'every row is in the chosen police district');
  await district.selectOption('');
  await eventually('district filter cleared', () => !page.url().includes('police_district_id'));
  await settled(page);

  // Sort by name: ascending by default, a click turns it around.
  const nameHeader = page.getByRole('columnheader', { name: /Navn/ });
  assert.equal(await nameHeader.getAttribute('aria-sort'), 'ascending');
  await visible(rows);
  await hasText(page.locator('.result-count'), new RegExp(`^${countText}$`));
  const asc = (await page.locator('table.organisations tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
  await nameHeader.getByRole('button').click();
  await atPath(page, /sort=-name/);
  await eventually('descending sort', async () => (await nameHeader.getAttribute('aria-sort')) === 'descending');
  await settled(page);
  await visible(rows);
  const desc = await eventually('rows re-sorted', async () => {
    const d = (await page.locator('table.organisations tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
    return d.length && d[0] !== asc[0] ? d : false;
  });
  if (total <= 50) assert.deepEqual(desc, [...asc].reverse(), 'descending is ascending reversed');

  // Paging text carries the total.
  await hasText(page.getByRole('navigation', { name: 'Sideskift' }), `af ${total}`);
});

e2e('officer creates an organisation (CVR error first), then adds, edits and archives a contact, then archives the organisation', async (open) => {
  const page = await open();
  await login(page, USERS.officer);
  const stamp = `${Date.now().toString(36)}`;
  const orgName = `E2E Boldklub ${stamp}`;

  await page.goto('/organisations');
  await page.getByRole('link', { name: 'Ny organisation' }).click();
  await visible(heading(page, 'Ny organisation'));
  await atPath(page, /^\/organisations\/new$/);
  await page.getByLabel('Navn').fill(orgName);
  const kind = page.getByLabel('Type');
  const kindValues = await kind.evaluate((s) => [...s.options].map((o) => o.value).filter(Boolean));
  await kind.selectOption(kindValues.includes('sports_club') ? 'sports_club' : kindValues[0]);
  await page.getByLabel('Kommune').selectOption({ index: 1 });

  // A CVR that fails the modulus-11 check: the server's field error appears next to the CVR field.
  const cvr = page.getByLabel('CVR-nummer');
  await cvr.fill('12345678');
  await page.getByRole('button', { name: 'Opret', exact: true }).click();
  await hasText(page.getByRole('alert'), 'Formularen kunne ikke gemmes.');
  await eventually('CVR field marked invalid', async () => (await cvr.getAttribute('aria-invalid')) === 'true');
  const describedBy = (await cvr.getAttribute('aria-describedby')) ?? '';
  assert.ok(describedBy.split(' ').includes('org-cvr-error'), `CVR input described by its error (${describedBy})`);
  const cvrError = page.locator('#org-cvr-error');
  await visible(cvrError, 'the CVR field error');
  assert.ok((await cvrError.innerText()).trim().length > 0, 'the CVR error has a message');
  assert.equal(await page.getByLabel('Navn').getAttribute('aria-invalid'), null, 'the name is not marked invalid');
  await atPath(page, /^\/organisations\/new$/);

  const goodCvr = makeCvr();
  await cvr.fill(goodCvr);
  await page.getByRole('button', { name: 'Opret', exact: true }).click();
  await visible(heading(page, orgName), 'the new organisation page');
  const [, orgId] = await atPath(page, /^\/organisations\/(\d+)$/);
  await hasText(page.getByRole('status').filter({ hasText: 'oprettet' }), 'Organisationen er oprettet.');
  await hasText(page.locator('dl.details'), goodCvr);

  // Edit: PATCH with If-Match.
  await page.getByRole('button', { name: 'Redigér organisation' }).click();
  await page.getByLabel('Adresse').fill('Testvej 1\n2100 København Ø');
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await hasText(page.getByRole('status').filter({ hasText: 'gemt' }), 'Ændringerne er gemt.');
  await hasText(page.locator('dl.details'), 'Testvej 1');
  await hasText(page.locator('dl.details'), '2100 København Ø');

  // A new contact on the organisation; the server normalises the phone number.
  const contactName = `Karin Kontakt ${stamp}`;
  const email = `e2e.${stamp}@example.dk`;
  const contacts = page.getByRole('region', { name: 'Kontaktpersoner' });
  await hasText(contacts, 'Organisationen har ingen kontaktpersoner endnu.');
  await contacts.getByRole('button', { name: 'Ny kontaktperson' }).click();
  const form = page.getByRole('group', { name: 'Ny kontaktperson' });
  await form.getByLabel('Navn').fill(contactName);
  await form.getByLabel('Stilling').fill('Formand');
  await form.getByLabel('E-mail').fill(email);
  await form.getByLabel('Telefon').fill('33 12 34 56');
  await form.getByRole('button', { name: 'Opret', exact: true }).click();
  await hasText(contacts.getByRole('status'), `Kontaktpersonen ${contactName} er oprettet.`);
  const contactLink = contacts.getByRole('table').getByRole('link', { name: contactName, exact: true });
  await visible(contactLink, 'the new contact in the organisation list');

  // The same e-mail again (other case): 409 with a link to the existing contact.
  await contacts.getByRole('button', { name: 'Ny kontaktperson' }).click();
  await form.getByLabel('Navn').fill(`Dublet ${stamp}`);
  await form.getByLabel('E-mail').fill(email.toUpperCase());
  await form.getByRole('button', { name: 'Opret', exact: true }).click();
  await hasText(form.getByRole('alert'), 'Findes allerede.');
  const existing = form.getByRole('link', { name: 'Gå til den eksisterende' });
  await visible(existing, 'link to the existing contact');
  const existingHref = await existing.getAttribute('href');
  await form.getByRole('button', { name: 'Annuller' }).click();

  await contactLink.click();
  await visible(heading(page, contactName), 'the contact page');
  const [, contactId] = await atPath(page, /^\/contacts\/(\d+)$/);
  assert.equal(existingHref, `/contacts/${contactId}`, 'the 409 links to the existing contact');
  const details = page.locator('dl.details');
  await hasText(details, '+45 3312 3456');
  await hasText(details, 'Formand');
  await hasText(details, orgName);
  await shot(page, 'contact-detail');

  await page.getByRole('button', { name: 'Redigér kontaktperson' }).click();
  await page.getByLabel('Stilling').fill('Næstformand');
  await page.getByLabel('Må modtage nyhedsbrev').check();
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await hasText(page.getByRole('status'), 'Ændringerne er gemt.');
  await hasText(details, 'Næstformand');

  await page.getByRole('button', { name: 'Arkivér kontaktperson' }).click();
  await page.getByRole('button', { name: 'Ja, arkivér' }).click();
  await hasText(page.getByRole('status'), 'Kontaktpersonen er arkiveret.');
  await hasText(details, 'Arkiveret');
  await absent(page.getByRole('button', { name: 'Redigér kontaktperson' }), 'edit button of an archived contact');

  // Back on the organisation: no active contacts left; archive the organisation.
  await details.getByRole('link', { name: orgName }).click();
  await visible(heading(page, orgName));
  await atPath(page, new RegExp(`^/organisations/${orgId}$`));
  await hasText(page.getByRole('region', { name: 'Kontaktpersoner' }), 'Organisationen har ingen kontaktpersoner endnu.');
  await page.getByRole('button', { name: 'Arkivér organisation' }).click();
  await page.getByRole('button', { name: 'Ja, arkivér' }).click();
  await hasText(page.getByRole('status'), 'Organisationen er arkiveret.');
  await hasText(page.locator('dl.details'), 'Arkiveret');
  await absent(page.getByRole('button', { name: 'Arkivér organisation' }));

  // The list only shows it with status "all" / "archived".
  await page.goto(`/organisations?q=${encodeURIComponent(orgName)}`);
  await hasText(page.locator('main'), 'Ingen organisationer matcher søgningen.');
  await page.getByLabel('Status', { exact: true }).selectOption('all');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: orgName, exact: true }) });
  await hasText(row, 'Arkiveret');
});

e2e('officer creates a contact from the contacts page with the organisation picker, and finds it by search', async (open) => {
  const page = await open();
  await login(page, USERS.officer);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Kontaktpersoner' }).click();
  await visible(heading(page, 'Kontaktpersoner'));
  await page.getByRole('link', { name: 'Ny kontaktperson' }).click();
  await visible(heading(page, 'Ny kontaktperson'));

  const org = fixtures.otherOrg;
  await fillKept(page.getByRole('searchbox', { name: 'Find organisation' }), org.name);
  const select = page.getByLabel('Organisation', { exact: false }).and(page.getByRole('combobox'));
  await eventually(`${org.name} offered by the picker`, async () =>
    (await select.evaluate((s) => [...s.options].map((o) => o.textContent))).includes(org.name),
  );
  await select.selectOption(String(org.id));
  const stamp = Date.now().toString(36);
  const name = `Bo Bruger ${stamp}`;
  await page.getByLabel('Navn').fill(name);
  await page.getByLabel('Telefon').fill('+45 87654321');
  await page.getByLabel('Sprog i invitationer').selectOption('en');
  await page.getByRole('button', { name: 'Opret', exact: true }).click();
  await visible(heading(page, name), 'the new contact page');
  await atPath(page, /^\/contacts\/\d+$/);
  await hasText(page.getByRole('status'), 'Kontaktpersonen er oprettet.');
  const details = page.locator('dl.details');
  await hasText(details, org.name);
  await hasText(details, '+45 8765 4321');
  await hasText(details, 'Engelsk');

  await page.getByRole('link', { name: 'Kontaktpersoner', exact: true }).first().click();
  await visible(heading(page, 'Kontaktpersoner'));
  await searchList(page, 'Søg i kontaktpersoner', stamp);
  await atPath(page, new RegExp(`q=${stamp}`));
  await settled(page);
  await hasText(page.locator('.result-count'), /^1 kontaktperson$/);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await hasText(row, org.name);
});

e2e('a stale edit answers 412 and the page offers to reload', async (open) => {
  const made = await apiAs(USERS.officer, 'POST', '/organisations', {
    name: `E2E Samtidig ${Date.now().toString(36)}`,
    kind: fixtures.partnerOrg.kind,
    municipality_id: fixtures.partnerOrg.municipality_id,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const org = made.body;
  const page = await open();
  await login(page, USERS.officer);
  await page.goto(`/organisations/${org.id}`);
  await visible(heading(page, org.name));
  await page.getByRole('button', { name: 'Redigér organisation' }).click();

  // Someone else changes it meanwhile.
  const other = await apiAs(USERS.officer, 'PATCH', `/organisations/${org.id}`, { address: 'Ændret andetsteds 2' });
  assert.equal(other.status, 200, JSON.stringify(other.body));

  await page.getByLabel('Hjemmeside').fill('https://eksempel.dk');
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await hasText(page.getByRole('alert'), 'ændret af en anden');
  await page.getByRole('button', { name: 'Hent igen' }).click();
  await eventually('the form shows the other change', async () => (await page.getByLabel('Adresse').inputValue()).includes('Ændret andetsteds 2'));
  await page.getByLabel('Hjemmeside').fill('https://eksempel.dk');
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await hasText(page.getByRole('status'), 'Ændringerne er gemt.');
  await hasText(page.locator('dl.details'), 'https://eksempel.dk');
  await hasText(page.locator('dl.details'), 'Ændret andetsteds 2');
});

e2e('partner sees only its own organisation and gets a not-found page for another', async (open) => {
  const page = await open();
  await login(page, USERS.partner);
  await page.goto('/organisations');
  const own = fixtures.partnerOrg;
  const rows = page.locator('table.organisations tbody tr');
  await visible(page.getByRole('link', { name: own.name, exact: true }), 'its own organisation');
  await hasText(page.locator('.result-count'), /^1 organisation$/);
  assert.equal(await rows.count(), 1, 'exactly one organisation listed');
  await absent(page.getByRole('link', { name: 'Ny organisation' }));

  await page.goto(`/organisations/${fixtures.otherOrg.id}`);
  await visible(heading(page, 'Ikke fundet'), 'not-found page for another organisation');
  await absent(page.getByText(fixtures.otherOrg.name, { exact: true }));

  await page.goto(`/organisations/${own.id}`);
  await visible(heading(page, own.name));
  await visible(page.getByRole('button', { name: 'Redigér organisation' }));
  await absent(page.getByRole('button', { name: 'Arkivér organisation' }));
  await visible(page.getByRole('region', { name: 'Kontaktpersoner' }));

  // Its contacts list only holds its own organisation's people.
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Kontaktpersoner' }).click();
  await visible(heading(page, 'Kontaktpersoner'));
  await settled(page);
  await eventually('contacts loaded', async () => (await page.locator('.result-count').innerText()).trim() !== '');
  const orgCells = page.locator('table.contacts tbody tr td:nth-child(2)');
  await eventually('every contact belongs to the partner organisation', async () => {
    const cells = (await orgCells.allInnerTexts()).map((c) => c.trim());
    return cells.every((c) => c === own.name);
  });

  await page.goto('/users');
  await visible(heading(page, 'Ingen adgang'));
});

e2e('manager sees organisations but no contacts anywhere', async (open) => {
  const page = await open();
  await login(page, USERS.manager);
  assert.deepEqual(await navLinks(page), ['Overblik', 'Organisationer', 'Arrangementer']);
  await absent(page.getByRole('link', { name: 'Kontaktpersoner' }));
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Organisationer' }).click();
  await visible(heading(page, 'Organisationer'));
  await absent(page.getByRole('link', { name: 'Ny organisation' }));

  await page.getByRole('link', { name: fixtures.partnerOrg.name, exact: true }).click();
  await visible(heading(page, fixtures.partnerOrg.name));
  await visible(page.locator('dl.details'));
  await absent(page.getByRole('heading', { name: 'Kontaktpersoner' }), 'contacts section for a manager');
  await absent(page.getByRole('button', { name: 'Redigér organisation' }));
  await absent(page.getByRole('button', { name: 'Arkivér organisation' }));

  await page.goto('/contacts');
  await visible(heading(page, 'Ingen adgang'), 'contacts page for a manager');
});

e2e('switching to English changes the visible text and is remembered', async (open) => {
  const page = await open();
  await page.goto('/login');
  await visible(heading(page, 'Log ind'));
  await page.getByRole('button', { name: 'English' }).click();
  await visible(heading(page, 'Log in'), 'English login heading');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await visible(page.getByLabel('Password'));

  await page.reload();
  await visible(heading(page, 'Log in'), 'English after a reload');
  await page.getByLabel('Email').fill(USERS.officer.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await visible(heading(page, 'My work'), 'English start page of an officer');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Organisations' }).click();
  await visible(heading(page, 'Organisations'), 'English organisations page');
  await settled(page);
  await shot(page, 'organisations-english');
  assert.deepEqual(await navLinks(page, 'Main menu'), ['My work', 'Overview', 'Organisations', 'Contacts', 'Events', 'Activities', 'Follow-ups', 'Duplicates', 'Outbox', 'Announcements']);
  await hasText(page.getByRole('banner'), 'Outreach officer');
  await visible(page.getByRole('columnheader', { name: /Name/ }));

  await page.getByRole('button', { name: 'Dansk' }).click();
  await visible(heading(page, 'Organisationer'), 'back in Danish');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'da');
});

e2e('axe: organisations list, organisation detail and the new-organisation form have no serious or critical violations', async (open) => {
  const page = await open();
  await login(page, USERS.officer);
  await page.goto('/organisations');
  await visible(page.locator('table.organisations tbody tr'));
  await shot(page, 'organisations');
  await axeSerious(page, 'the organisations list');

  await page.goto(`/organisations/${fixtures.partnerOrg.id}`);
  await visible(heading(page, fixtures.partnerOrg.name));
  await eventually('contacts section loaded', async () => (await page.getByRole('region', { name: 'Kontaktpersoner' }).getByRole('status').count()) === 0);
  await shot(page, 'organisation-detail');
  await axeSerious(page, 'the organisation detail page');

  await page.getByRole('button', { name: 'Redigér organisation' }).click();
  await visible(page.getByLabel('CVR-nummer'));
  await axeSerious(page, 'the organisation edit form');

  await page.goto('/organisations/new');
  await page.getByLabel('CVR-nummer').fill('12345678');
  await page.getByRole('button', { name: 'Opret', exact: true }).click();
  await visible(page.getByRole('alert'));
  await shot(page, 'organisation-new-errors');
  await axeSerious(page, 'the new-organisation form with errors');
});

e2e('a search typed the moment a list page appears is kept (organisations, contacts, users)', async (open) => {
  const page = await open();
  await login(page, USERS.admin);
  for (const [from, fromHeading, to, inputId, box] of [
    ['/contacts', 'Kontaktpersoner', '/organisations', 'org-q', 'Søg i organisationer'],
    ['/organisations', 'Organisationer', '/contacts', 'contact-q', 'Søg i kontaktpersoner'],
    ['/organisations', 'Organisationer', '/users', 'user-q', 'Søg i brugere'],
  ]) {
    await page.goto(from);
    await visible(heading(page, fromHeading));
    await settled(page);
    const text = `hurtig-${Date.now().toString(36)}`;
    // Navigate in-app and type as soon as the search box is in the document (a MutationObserver callback runs
    // right after the render, before Preact runs the new page's effects after the next frame): what a fast
    // typist or a quick test does. The page must keep the text.
    const kept = await page.evaluate(
      ([to, inputId, text]) =>
        new Promise((resolve) => {
          const typeInto = (input) => {
            input.value = text;
            input.dispatchEvent(new Event('input', { bubbles: true }));
            requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(input.value), 100)));
          };
          const timer = setTimeout(() => {
            observer.disconnect();
            resolve(`no #${inputId} after the navigation`);
          }, 10_000);
          const observer = new MutationObserver(() => {
            const input = document.getElementById(inputId);
            if (!input) return;
            observer.disconnect();
            clearTimeout(timer);
            typeInto(input);
          });
          observer.observe(document.body, { childList: true, subtree: true });
          history.pushState(null, '', to);
          dispatchEvent(new PopStateEvent('popstate'));
        }),
      [to, inputId, text],
    );
    assert.equal(kept, text, `the search box on ${to} keeps what was typed while the page started`);
    await page.getByRole('button', { name: 'Søg', exact: true }).click();
    await atQuery(page, 'q', text);
    assert.equal(await page.getByRole('searchbox', { name: box }).inputValue(), text, `the search box on ${to} shows the search`);
    await settled(page);
  }
});

e2e('admin creates a user and disables it', async (open) => {
  const page = await open();
  await login(page, USERS.admin);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Brugere' }).click();
  await visible(heading(page, 'Brugere'));
  const stamp = Date.now().toString(36);
  const email = `e2e.new.${stamp}@example.dk`;
  const name = `Nina Ny ${stamp}`;

  await page.getByRole('button', { name: 'Ny bruger' }).click();
  const form = page.getByRole('region', { name: 'Opret bruger' });
  await form.getByLabel('E-mail').fill(email);
  await form.getByLabel('Navn').fill(name);
  await form.getByLabel('Rolle').selectOption('officer');
  await form.getByLabel('Adgangskode').fill(PASSWORD);
  await form.getByRole('button', { name: 'Opret', exact: true }).click();
  await hasText(page.getByRole('status'), `Brugeren ${name} er oprettet.`);

  await searchList(page, 'Søg i brugere', email);
  await atQuery(page, 'q', email);
  const row = page.getByRole('row').filter({ hasText: email });
  await hasText(row, 'Netværksmedarbejder');
  await row.getByRole('button', { name: `Redigér ${name}` }).click();
  const edit = page.getByRole('region', { name: `Redigér bruger: ${name}` });
  // Need to know: the officer is limited to one police district, and the form shows it when reopened.
  await edit.getByRole('checkbox', { name: 'Københavns Politi' }).check();
  await edit.getByRole('button', { name: 'Gem', exact: true }).click();
  await hasText(page.getByRole('status'), `Brugeren ${name} er gemt.`);
  const limited = await apiAs(USERS.admin, 'GET', `/users?q=${encodeURIComponent(email)}`);
  assert.equal(limited.body.items[0].police_district_ids.length, 1);
  await page.getByRole('row').filter({ hasText: email }).getByRole('button', { name: `Redigér ${name}` }).click();
  assert.equal(await edit.getByRole('checkbox', { name: 'Københavns Politi' }).isChecked(), true);
  await edit.getByRole('button', { name: 'Log ud overalt' }).click();
  await hasText(edit.getByRole('status'), 'sessioner er afsluttet');
  await edit.getByLabel('Status').selectOption('disabled');
  await edit.getByRole('button', { name: 'Gem', exact: true }).click();
  await hasText(page.getByRole('status'), `Brugeren ${name} er gemt.`);
  await hasText(page.getByRole('row').filter({ hasText: email }), 'Deaktiveret');
  await shot(page, 'users');
  await axeSerious(page, 'the users page');
});

e2e('a lost session sends the user to the login page and back', async (open) => {
  const page = await open();
  await login(page, USERS.officer);
  await settled(page); // the start page's own calls answered first (else one of them meets the lost session)
  await page.context().clearCookies();
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Kontaktpersoner' }).click();
  await visible(heading(page, 'Log ind'), 'login after the session is gone');
  await atPath(page, /^\/login\?next=%2Fcontacts/);
  await hasText(page.getByRole('status'), 'Log ind igen for at fortsætte.');
  await page.getByLabel('E-mail').fill(USERS.officer.email);
  await page.getByLabel('Adgangskode').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await visible(heading(page, 'Kontaktpersoner'));
});

e2e('on a phone the navigation collapses behind a menu button', async (open) => {
  const page = await open({ viewport: { width: 390, height: 844 } });
  await login(page, USERS.officer);
  const menu = page.getByRole('button', { name: 'Menu' });
  await visible(menu, 'menu button');
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  const contactsLink = page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Kontaktpersoner' });
  assert.equal(await contactsLink.isVisible(), false, 'navigation hidden until opened');
  await menu.click();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await visible(contactsLink);
  await shot(page, 'phone-menu');
  await contactsLink.click();
  await visible(heading(page, 'Kontaktpersoner'));
  await eventually('menu closed after navigating', async () => (await menu.getAttribute('aria-expanded')) === 'false');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `no sideways scrolling of the page (${overflow}px)`);
});

// ---------------------------------------------------------------------------------------------------
// Events, registrations, check-in
// ---------------------------------------------------------------------------------------------------

/** A date `days` from now in Copenhagen, YYYY-MM-DD. */
function copenhagenDate(days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

/** An ISO instant without milliseconds, `minutes` from now. */
const isoIn = (minutes) => new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A contact person of `org`, made through the API as the officer. */
async function makeContact(org, name) {
  const r = await apiAs(USERS.officer, 'POST', '/contacts', { organisation_id: org.id, name });
  assert.equal(r.status, 201, `contact ${name}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A published event made through the API (for tests that are not about creating one). */
async function makeEvent(fields) {
  const made = await apiAs(USERS.officer, 'POST', '/events', { kind: 'seminar', audience: 'open', ...fields });
  assert.equal(made.status, 201, `create event: ${JSON.stringify(made.body)}`);
  const pub = await apiAs(USERS.officer, 'POST', `/events/${made.body.id}/publish`, {});
  assert.equal(pub.status, 200, `publish event: ${JSON.stringify(pub.body)}`);
  return pub.body;
}

const regRow = (page, name) => page.getByRole('region', { name: /^(Tilmeldinger|Jeres tilmeldinger)$/ }).getByRole('row').filter({ hasText: name });

e2e('events: officer creates and publishes an event with one seat; a partner registers two people; a cancellation promotes the waiting one', async (open) => {
  const stamp = Date.now().toString(36);
  const title = `E2E Netværksmøde ${stamp}`;
  const first = await makeContact(fixtures.partnerOrg, `Anna Først ${stamp}`);
  const second = await makeContact(fixtures.partnerOrg, `Bo Anden ${stamp}`);
  const day = copenhagenDate(14);

  // The officer plans and publishes the event.
  const officer = await open();
  await login(officer, USERS.officer);
  await officer.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Arrangementer' }).click();
  await visible(heading(officer, 'Arrangementer'));
  await settled(officer);
  await officer.getByRole('link', { name: 'Nyt arrangement' }).click();
  await visible(heading(officer, 'Nyt arrangement'));
  await officer.getByLabel('Type').selectOption('seminar');
  await fillKept(officer.getByLabel('Titel'), title, 'the title');
  await officer.getByLabel('Startdato').fill(day);
  await officer.getByLabel('Starttidspunkt').fill('10:00');
  await officer.getByLabel('Slutdato').fill(day);
  await officer.getByLabel('Sluttidspunkt').fill('12:30');
  await fillKept(officer.getByLabel('Antal pladser'), '1', 'the capacity');
  await fillKept(officer.getByLabel('Stedets navn'), 'Medborgerhuset', 'the venue name');
  await officer.getByRole('button', { name: 'Opret', exact: true }).click();
  await visible(heading(officer, title), 'the new event');
  await hasText(officer.getByRole('status'), 'Arrangementet er oprettet som kladde.');
  const [, eventId] = await atPath(officer, /^\/events\/(\d+)$/);

  // The local date and time were sent with Copenhagen's offset.
  const stored = await apiAs(USERS.officer, 'GET', `/events/${eventId}`);
  const local = (iso) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(iso));
  assert.equal(local(stored.body.starts_at), `${day}, 10:00`, `starts_at ${stored.body.starts_at} is 10:00 in Copenhagen`);
  assert.equal(local(stored.body.ends_at), `${day}, 12:30`, `ends_at ${stored.body.ends_at} is 12:30 in Copenhagen`);
  assert.equal(stored.body.capacity, 1);
  assert.equal(stored.body.status, 'draft');

  await officer.getByRole('button', { name: 'Offentliggør' }).click();
  await hasText(officer.getByRole('status'), 'Arrangementet er offentliggjort.');
  await hasText(officer.locator('dl.details'), 'Offentliggjort');
  await absent(officer.getByRole('button', { name: 'Offentliggør' }));

  // The partner finds it among the upcoming events and registers two of its people at once.
  const partner = await open();
  await login(partner, USERS.partner);
  await partner.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Arrangementer' }).click();
  await visible(heading(partner, 'Arrangementer'));
  await partner.getByRole('link', { name: title, exact: true }).click();
  await visible(heading(partner, title));
  await partner.getByRole('checkbox', { name: first.name, exact: true }).check();
  await partner.getByRole('checkbox', { name: second.name, exact: true }).check();
  await partner.getByRole('button', { name: 'Tilmeld valgte' }).click();
  const results = partner.getByRole('status').filter({ hasText: 'Resultat af tilmeldingen' });
  await hasText(results.getByRole('listitem'), `${first.name}: Bekræftet`);
  await hasText(results.getByRole('listitem'), `${second.name}: Venteliste`);
  await hasText(regRow(partner, first.name), 'Bekræftet');
  await hasText(regRow(partner, second.name), 'Venteliste');
  await visible(partner.getByRole('checkbox', { name: `${first.name} (allerede tilmeldt)` }), 'registered people cannot be ticked again');
  await shot(partner, 'event-partner');

  // The officer sees both, cancels the confirmed one, and the waiting one moves up.
  await officer.reload();
  await visible(heading(officer, title));
  await hasText(regRow(officer, first.name), 'Bekræftet');
  await hasText(regRow(officer, second.name), 'Venteliste');
  await regRow(officer, first.name).getByRole('button', { name: `Afmeld ${first.name}` }).click();
  await hasText(officer.getByRole('status'), `${first.name} er afmeldt.`);
  await hasText(regRow(officer, first.name), 'Afmeldt');
  await hasText(regRow(officer, second.name), 'Bekræftet');
  await officer.getByLabel('Vis tilmeldinger').selectOption('confirmed');
  await settled(officer);
  await hasText(regRow(officer, second.name), 'Bekræftet');
  await absent(regRow(officer, first.name), 'the cancelled registration under "confirmed"');
  await shot(officer, 'event-officer');

  // And the partner sees the promotion too.
  await partner.reload();
  await visible(heading(partner, title));
  await hasText(regRow(partner, second.name), 'Bekræftet');
});

e2e('events: officer checks people in on a phone at an event that started half an hour ago', async (open) => {
  const stamp = Date.now().toString(36);
  const title = `E2E Dialogmøde ${stamp}`;
  const person = await makeContact(fixtures.otherOrg, `Carl Deltager ${stamp}`);
  const event = await makeEvent({ title, starts_at: isoIn(-30), ends_at: isoIn(90), capacity: 10 });
  const reg = await apiAs(USERS.officer, 'POST', `/events/${event.id}/registrations`, { contact_id: person.id });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  assert.equal(reg.body.status, 'confirmed');

  const page = await open({ viewport: { width: 390, height: 844 } });
  await login(page, USERS.officer);
  await page.goto(`/events/${event.id}`);
  await visible(heading(page, title));
  await page.getByRole('link', { name: 'Indtjekning' }).click();
  await visible(heading(page, `Indtjekning: ${title}`));
  await hasText(page.locator('.checkin-count'), '0 af 1 mødt');
  await page.getByRole('button', { name: `Tjek ${person.name} ind` }).click();
  await hasText(page.getByRole('status'), `${person.name} er tjekket ind.`);
  await hasText(page.getByRole('listitem').filter({ hasText: person.name }), /Mødt \d\d:\d\d/);
  await absent(page.getByRole('button', { name: `Tjek ${person.name} ind` }));
  await hasText(page.locator('.checkin-count'), '1 af 1 mødt');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `no sideways scrolling of the check-in page (${overflow}px)`);
  await shot(page, 'event-check-in');

  // Still attended after a reload, and in the event's registrations and attendance list.
  await page.reload();
  await visible(heading(page, `Indtjekning: ${title}`));
  await hasText(page.getByRole('listitem').filter({ hasText: person.name }), 'Mødt');
  await page.getByRole('link', { name: 'Tilbage til arrangementet' }).click();
  await visible(heading(page, title));
  await hasText(regRow(page, person.name), 'Mødt');
  const csvLink = page.getByRole('link', { name: 'Hent deltagerliste (CSV)' });
  const csv = await page.request.get(await csvLink.getAttribute('href'));
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'] ?? '', /text\/csv/);
  assert.match(await csv.text(), new RegExp(`${person.name},.*,attended,`));
});

e2e('events: an officer edits an event; a partner passes a seat on and registers someone new', async (open) => {
  const stamp = Date.now().toString(36);
  const title = `E2E Kursus ${stamp}`;
  const giver = await makeContact(fixtures.partnerOrg, `Gitte Giver ${stamp}`);
  const taker = await makeContact(fixtures.partnerOrg, `Tage Tager ${stamp}`);
  const event = await makeEvent({
    title,
    starts_at: `${copenhagenDate(21)}T09:00:00+01:00`,
    ends_at: `${copenhagenDate(21)}T12:00:00+01:00`,
    capacity: 10,
  });

  // The officer changes the title and the capacity through the form, filled in with what is there.
  const officer = await open();
  await login(officer, USERS.officer);
  await officer.goto(`/events/${event.id}`);
  await visible(heading(officer, title));
  await officer.getByRole('link', { name: 'Redigér', exact: true }).click();
  await visible(heading(officer, `Redigér: ${title}`));
  assert.equal(await officer.getByLabel('Titel').inputValue(), title);
  assert.equal(await officer.getByLabel('Starttidspunkt').inputValue(), '09:00');
  await officer.getByLabel('Titel').fill(`${title} (ny titel)`);
  await officer.getByLabel('Antal pladser').fill('12');
  await officer.getByRole('button', { name: 'Gem', exact: true }).click();
  await visible(heading(officer, `${title} (ny titel)`), 'the event with its new title');
  await hasText(officer.getByRole('status'), 'Ændringerne er gemt.');
  await hasText(officer.locator('dl.details'), '12');
  await settled(officer);
  await axeSerious(officer, 'the event edit result');

  // The partner registers one of its people, passes the seat to a colleague, and adds someone new.
  const partner = await open();
  await login(partner, USERS.partner);
  await partner.goto(`/events/${event.id}`);
  await visible(heading(partner, `${title} (ny titel)`));
  await partner.getByRole('checkbox', { name: giver.name, exact: true }).check();
  await partner.getByRole('button', { name: 'Tilmeld valgte' }).click();
  await hasText(regRow(partner, giver.name), 'Bekræftet');
  await regRow(partner, giver.name).getByRole('button', { name: `Giv pladsen videre: ${giver.name}` }).click();
  await partner.getByLabel('Ny deltager fra samme organisation').selectOption({ label: taker.name });
  await partner.getByRole('button', { name: 'Giv pladsen videre', exact: true }).click();
  await hasText(partner.getByRole('status'), `Pladsen er givet videre fra ${giver.name} til ${taker.name}.`);
  await hasText(regRow(partner, taker.name), 'Bekræftet');
  await absent(regRow(partner, giver.name), 'the giver no longer holds a registration');

  const newcomer = `Nina Ny ${stamp}`;
  await partner.getByLabel('Navn', { exact: true }).fill(newcomer);
  await partner.getByRole('button', { name: 'Tilmeld valgte' }).click();
  const results = partner.getByRole('status').filter({ hasText: 'Resultat af tilmeldingen' });
  await hasText(results.getByRole('listitem'), `${newcomer}: Bekræftet`);
  await hasText(regRow(partner, newcomer), 'Bekræftet');
  await settled(partner);
  await axeSerious(partner, 'the event page of a partner after a substitution');
});

e2e('events: a manager reads events without registrations; axe finds nothing serious on the events pages', async (open) => {
  const stamp = Date.now().toString(36);
  const title = `E2E Seminar ${stamp}`;
  const person = await makeContact(fixtures.partnerOrg, `Dorte Tilmeldt ${stamp}`);
  const event = await makeEvent({
    title,
    starts_at: `${copenhagenDate(20)}T09:00:00+01:00`,
    ends_at: `${copenhagenDate(20)}T15:00:00+01:00`,
    capacity: 20,
    venue: { name: 'Rådhuset', address: 'Torvet 1\n8000 Aarhus C', municipality_id: null },
  });
  const reg = await apiAs(USERS.officer, 'POST', `/events/${event.id}/registrations`, { contact_id: person.id });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));

  const officer = await open();
  await login(officer, USERS.officer);
  await officer.goto('/events');
  await visible(heading(officer, 'Arrangementer'));
  await settled(officer);
  await visible(officer.getByRole('link', { name: title, exact: true }));
  await axeSerious(officer, 'the events list');
  await officer.getByRole('link', { name: title, exact: true }).click();
  await visible(heading(officer, title));
  await hasText(regRow(officer, person.name), 'Bekræftet');
  await settled(officer);
  await axeSerious(officer, 'the event detail page');
  await officer.getByRole('button', { name: 'Aflys arrangement' }).first().click();
  await visible(officer.getByLabel('Begrundelse'));
  await axeSerious(officer, 'the event detail page with the cancel form');
  await officer.goto('/events/new');
  await visible(heading(officer, 'Nyt arrangement'));
  await officer.getByRole('button', { name: 'Opret', exact: true }).click();
  await visible(officer.getByRole('alert'));
  await axeSerious(officer, 'the new-event form with errors');

  const partner = await open();
  await login(partner, USERS.partner);
  await partner.goto(`/events/${event.id}`);
  await visible(heading(partner, title));
  await hasText(regRow(partner, person.name), 'Bekræftet');
  await settled(partner);
  await axeSerious(partner, 'the event page of a partner');

  const manager = await open();
  await login(manager, USERS.manager);
  await manager.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Arrangementer' }).click();
  await visible(heading(manager, 'Arrangementer'));
  await absent(manager.getByRole('link', { name: 'Nyt arrangement' }));
  await manager.getByRole('link', { name: title, exact: true }).click();
  await visible(heading(manager, title));
  await visible(manager.locator('dl.details'));
  await absent(manager.getByRole('heading', { name: 'Tilmeldinger' }), 'registrations for a manager');
  await absent(manager.getByRole('button', { name: 'Offentliggør' }));
  await absent(manager.getByRole('button', { name: 'Aflys arrangement' }));
  await absent(manager.getByText(person.name));
});

// ---------------------------------------------------------------------------------------------------
// Calendars: downloads, invitations, the subscription feed, the outbox
// ---------------------------------------------------------------------------------------------------

/** Fetches a calendar URL with no cookies and no token: the URL alone must be enough (or not). */
async function fetchBare(url) {
  const r = await fetch(url, { redirect: 'manual' });
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
}

e2e('calendar: event download and invitations on the event page; a waiting person has no invitation', async (open) => {
  const stamp = Date.now().toString(36);
  const title = `E2E Kalendermøde ${stamp}`;
  // An invitation needs the person's email address (without one the server answers 404).
  const withEmail = async (name, local) => {
    const r = await apiAs(USERS.officer, 'POST', '/contacts', { organisation_id: fixtures.partnerOrg.id, name, email: `${local}.${stamp}@example.dk` });
    assert.equal(r.status, 201, `contact ${name}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const seated = await withEmail(`Eva Plads ${stamp}`, 'eva');
  const waiting = await withEmail(`Finn Venter ${stamp}`, 'finn');
  const event = await makeEvent({
    title,
    starts_at: `${copenhagenDate(21)}T13:00:00+01:00`,
    ends_at: `${copenhagenDate(21)}T15:00:00+01:00`,
    capacity: 1,
  });
  for (const c of [seated, waiting]) {
    const r = await apiAs(USERS.officer, 'POST', `/events/${event.id}/registrations`, { contact_id: c.id });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }

  const officer = await open();
  await login(officer, USERS.officer);
  await officer.goto(`/events/${event.id}`);
  await visible(heading(officer, title));
  const ics = officer.getByRole('link', { name: 'Hent i kalender (.ics)' });
  await visible(ics, 'the calendar download link');
  const file = await officer.request.get(await ics.getAttribute('href'));
  assert.equal(file.status(), 200);
  assert.match(file.headers()['content-type'] ?? '', /text\/calendar/);
  const text = await file.text();
  assert.match(text, /^BEGIN:VCALENDAR\r\n/);
  assert.ok(text.replace(/\r\n[ \t]/g, '').includes(`SUMMARY:${title}`), `the download has SUMMARY:${title}`);

  await hasText(regRow(officer, seated.name), 'Bekræftet');
  await hasText(regRow(officer, waiting.name), 'Venteliste');
  const invitation = regRow(officer, seated.name).getByRole('link', { name: `Invitation (.ics) til ${seated.name}` });
  await visible(invitation, 'the invitation link of the confirmed person');
  const inv = await officer.request.get(await invitation.getAttribute('href'));
  assert.equal(inv.status(), 200);
  assert.match(await inv.text(), /METHOD:REQUEST/);
  assert.equal(await regRow(officer, waiting.name).getByRole('link', { name: /Invitation/ }).count(), 0, 'no invitation while waiting');

  // The partner sees the download and its own person's invitation; a manager sees the download only.
  const partner = await open();
  await login(partner, USERS.partner);
  await partner.goto(`/events/${event.id}`);
  await visible(heading(partner, title));
  await visible(partner.getByRole('link', { name: 'Hent i kalender (.ics)' }));
  const own = regRow(partner, seated.name).getByRole('link', { name: `Invitation (.ics) til ${seated.name}` });
  await visible(own, "the partner's invitation link");
  const ownFile = await partner.request.get(await own.getAttribute('href'));
  assert.equal(ownFile.status(), 200);

  const manager = await open();
  await login(manager, USERS.manager);
  await manager.goto(`/events/${event.id}`);
  await visible(heading(manager, title));
  const mFile = await manager.request.get(await manager.getByRole('link', { name: 'Hent i kalender (.ics)' }).getAttribute('href'));
  assert.equal(mFile.status(), 200);
});

e2e('calendar: a partner copies and renews its subscription address; the new one works without a login', async (open) => {
  const page = await open();
  await login(page, USERS.partner);
  await page.getByRole('banner').getByRole('link', { name: 'Min profil' }).click();
  await visible(heading(page, 'Min profil'));
  const section = page.getByRole('region', { name: 'Kalenderabonnement' });
  await visible(section, 'the calendar subscription section');
  const box = section.getByRole('textbox', { name: 'Adresse til kalenderabonnement' });
  const first = await eventually('a feed URL', async () => {
    const v = await box.inputValue();
    return /^https?:\/\/.+\.ics$/.test(v) ? v : false;
  });
  assert.equal(await box.getAttribute('readonly'), '', 'the address is read-only');

  await section.getByRole('button', { name: 'Kopiér', exact: true }).click();
  await hasText(section.getByRole('status'), /Adressen er (kopieret|markeret)/);

  const before = await fetchBare(first);
  assert.equal(before.status, 200, `the current feed answers without cookies (${before.body.slice(0, 200)})`);

  await section.getByRole('button', { name: 'Ny adresse', exact: true }).click();
  await section.getByRole('button', { name: 'Ja, lav en ny adresse' }).click();
  await hasText(section.getByRole('status'), 'Den gamle adresse virker ikke længere');
  const second = await eventually('a new feed URL', async () => {
    const v = await box.inputValue();
    return v !== first && /\.ics$/.test(v) ? v : false;
  });

  const feed = await fetchBare(second);
  assert.equal(feed.status, 200, `the new feed: ${feed.body.slice(0, 200)}`);
  assert.match(feed.type, /text\/calendar/);
  assert.match(feed.body, /BEGIN:VCALENDAR/);
  assert.equal((await fetchBare(first)).status, 404, 'the old address stops working');

  // The address survives a reload (it is the stored one), and the page is accessible.
  await page.reload();
  await visible(heading(page, 'Min profil'));
  await eventually('the renewed URL after a reload', async () => (await box.inputValue()) === second);
  await axeSerious(page, 'the profile page with the calendar subscription');
  await shot(page, 'calendar-subscription');

  // A manager has a profile page but no calendar subscription.
  const manager = await open();
  await login(manager, USERS.manager);
  await manager.getByRole('banner').getByRole('link', { name: 'Min profil' }).click();
  await visible(heading(manager, 'Min profil'));
  await settled(manager);
  await absent(manager.getByRole('region', { name: 'Kalenderabonnement' }), "a manager's calendar subscription");
});

e2e('outbox: an officer sees the invitations waiting for a mail relay, filters them and pages', async (open) => {
  const page = await open();
  await login(page, USERS.officer);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Udsendelser' }).click();
  await visible(heading(page, 'Udsendelser'));
  await atPath(page, /^\/outbox$/);
  await hasText(page.locator('main'), 'Ingen mailserver er sat op — invitationerne venter her.');
  await settled(page);
  await hasText(page.locator('.result-count'), /\d+ udsendelser?/);
  const table = page.getByRole('table', { name: 'Udsendelser' });
  await visible(table, 'the outbox table');
  await axeSerious(page, 'the outbox page');
  await shot(page, 'outbox');

  // The demo data's invitations are marked skipped; filter on them and page on.
  await page.getByLabel('Status').selectOption('skipped');
  await atQuery(page, 'status', 'skipped');
  await settled(page);
  const statuses = (await table.locator('tbody .badge').allInnerTexts()).map((s) => s.trim());
  assert.ok(statuses.length > 0, 'skipped invitations are listed');
  assert.ok(statuses.every((s) => s === 'Sprunget over'), `only skipped ones: ${JSON.stringify(statuses.slice(0, 5))}`);
  const api = await apiAs(USERS.officer, 'GET', '/outbox?status=skipped&limit=1');
  if (api.body.total > 50) {
    await page.getByRole('button', { name: 'Næste side' }).click();
    await atQuery(page, 'offset', '50');
    await settled(page);
    await hasText(page.locator('.pager-status'), 'Viser 51');
  }

  // A manager may not open it.
  const manager = await open();
  await login(manager, USERS.manager);
  assert.deepEqual(await navLinks(manager), ['Overblik', 'Organisationer', 'Arrangementer']);
  await manager.goto('/outbox');
  await visible(heading(manager, 'Ingen adgang'));
  await absent(manager.getByRole('table', { name: 'Udsendelser' }));
});

e2e('announcements: an officer writes to a segment, sees who and who not, sends, and finds it in the list', async (open) => {
  const stamp = Date.now().toString(36);
  const org = await apiAs(USERS.officer, 'POST', '/organisations', { name: `E2E Forskningsforum ${stamp}`, kind: 'research', municipality_id: 101 });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  for (const [name, newsletter] of [
    [`Nora Nyhed ${stamp}`, true],
    [`Niels Nej ${stamp}`, false],
  ]) {
    const r = await apiAs(USERS.officer, 'POST', '/contacts', {
      organisation_id: org.body.id,
      name,
      email: `${name.split(' ')[0].toLowerCase()}.${stamp}@example.dk`,
      consent: { invitations: true, newsletter },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const districts = (await apiAs(USERS.officer, 'GET', '/reference/police-districts')).body;
  const district = districts.find((d) => d.id === org.body.police_district_id);

  const page = await open();
  await login(page, USERS.officer);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Nyhedsbreve' }).click();
  await visible(heading(page, 'Nyhedsbreve'));
  await atPath(page, /^\/announcements$/);
  await page.getByRole('group', { name: 'Organisationstyper' }).getByLabel('Forskning', { exact: true }).check();
  await page.getByRole('group', { name: 'Politikredse' }).getByLabel(district.name_da, { exact: true }).check();
  await page.getByLabel('Emne').fill(`Nyt fra netværket ${stamp}`);
  await page.getByLabel('Tekst').fill('Kære {{name}} fra {{event_title}}');
  await page.getByRole('button', { name: 'Vis modtagere og eksempel' }).click();
  await visible(page.getByText(/ukendt|unknown/i).first(), 'the placeholder that needs an event, named');
  await page.getByLabel('Tekst').fill('Kære {{name}} fra {{organisation}}');
  await page.getByRole('button', { name: 'Vis modtagere og eksempel' }).click();
  await visible(page.getByText(/^\d+ modtagere$/), 'the recipient count');
  await page.getByText(/^\d+ udelades$/).click();
  await visible(page.getByText(`Niels Nej ${stamp}: intet samtykke til nyhedsbrevet`), 'who is left out and why');
  await axeSerious(page, 'the announcements page with a plan');
  await page.getByRole('button', { name: /^Send til \d+$/ }).click();
  await visible(page.getByText(/^Nyhedsbrevet er lagt i udbakken til \d+ modtagere\.$/), 'the queued notice');
  await visible(page.getByRole('cell', { name: `Nyt fra netværket ${stamp}` }), 'the announcement in the list');

  // A manager may not open it.
  const manager = await open();
  await login(manager, USERS.manager);
  await manager.goto('/announcements');
  await visible(heading(manager, 'Ingen adgang'));
});

e2e('mail templates: an admin edits a template, is told of an unknown placeholder, previews it live for a registration, saves', async (open) => {
  const stamp = Date.now().toString(36);
  const person = await makeContact(fixtures.partnerOrg, `Tea Skabelon ${stamp}`);
  const title = `E2E Skabelonmøde ${stamp}`;
  const event = await makeEvent({ title, starts_at: `${copenhagenDate(20)}T09:00:00+01:00`, ends_at: `${copenhagenDate(20)}T11:00:00+01:00`, capacity: 10 });
  const reg = await apiAs(USERS.officer, 'POST', `/events/${event.id}/registrations`, { contact_id: person.id });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const before = (await apiAs(USERS.admin, 'GET', '/message-templates/promotion')).body;

  const page = await open();
  await login(page, USERS.admin);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Mailskabeloner' }).click();
  await visible(heading(page, 'Mailskabeloner'));
  await atPath(page, /^\/message-templates$/);
  await page.getByLabel('Skabelon', { exact: true }).selectOption('promotion');
  await visible(page.getByRole('heading', { name: 'Rykket op fra ventelisten' }), 'the promotion template');
  await visible(page.getByText(/\{\{details\}\}/).first(), 'the placeholders it may use');
  const danish = page.getByRole('group', { name: 'Dansk' });
  await danish.getByLabel('Tekst').fill('Kære {{navn}}');
  await page.getByRole('button', { name: 'Gem' }).click();
  await visible(page.getByText(/ukendt pladsholder \{\{navn\}\}/).first(), 'the unknown placeholder, named');
  await danish.getByLabel('Tekst').fill(`Kære {{name}}, der er plads til dig ${stamp}.\n{{details}}`);
  await page.getByLabel('Arrangement', { exact: true }).selectOption(String(event.id));
  await page.getByLabel('Tilmelding', { exact: true }).selectOption(String(reg.body.id));
  await visible(page.getByText(`Kære Tea Skabelon ${stamp}, der er plads til dig ${stamp}.`), 'the live preview of the draft');
  await axeSerious(page, 'the mail templates page with a preview');
  await page.getByRole('button', { name: 'Gem' }).click();
  await visible(page.getByText('Skabelonen "Rykket op fra ventelisten" er gemt.'), 'the saved notice');
  const after = (await apiAs(USERS.admin, 'GET', '/message-templates/promotion')).body;
  assert.equal(after.customised, true);
  assert.ok(after.body_da.includes(`der er plads til dig ${stamp}`));
  const restored = await apiAs(USERS.admin, 'PUT', '/message-templates/promotion', {
    subject_da: before.subject_da,
    body_da: before.body_da,
    subject_en: before.subject_en,
    body_en: before.body_en,
  });
  assert.equal(restored.status, 200, JSON.stringify(restored.body));

  // An officer has no such page.
  const officer = await open();
  await login(officer, USERS.officer);
  await officer.goto('/message-templates');
  await visible(heading(officer, 'Ingen adgang'));
});

// ---------------------------------------------------------------------------------------------------
// Series of network meetings, and the events as a month calendar
// ---------------------------------------------------------------------------------------------------

/** The `n`th `weekday` (0 = Sunday … 6 = Saturday) of the month `monthsAhead` after this one, YYYY-MM-DD. */
function nthWeekdayAhead(monthsAhead, weekday, n) {
  const [y, m] = copenhagenDate(0).split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + monthsAhead, 1));
  const offset = (weekday - first.getUTCDay() + 7) % 7;
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1 + offset + 7 * (n - 1))).toISOString().slice(0, 10);
}

/** A Copenhagen date and time as an ISO instant with the offset in force then (+01:00 or +02:00). */
function copenhagenIso(date, time) {
  for (const offset of ['+01:00', '+02:00']) {
    const iso = `${date}T${time}:00${offset}`;
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(iso));
    if (local === `${date}, ${time}`) return iso;
  }
  throw new Error(`no Copenhagen time ${date} ${time}`);
}

/** YYYY-MM of the month `monthsAhead` after this one (Copenhagen). */
function monthAhead(monthsAhead) {
  const [y, m] = copenhagenDate(0).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + monthsAhead, 1)).toISOString().slice(0, 7);
}

/** A series made through the API (for tests that are not about the form). */
async function makeSeries(fields) {
  const made = await apiAs(USERS.officer, 'POST', '/series', {
    kind: 'network_meeting',
    rrule: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=3',
    starts_at: copenhagenIso(nthWeekdayAhead(1, 2, 2), '10:00'),
    ends_at: copenhagenIso(nthWeekdayAhead(1, 2, 2), '12:00'),
    roster_organisation_ids: [fixtures.partnerOrg.id, fixtures.otherOrg.id],
    ...fields,
  });
  assert.equal(made.status, 201, `create series: ${JSON.stringify(made.body)}`);
  return made.body;
}

/** Adds an organisation to a roster with the organisation picker. */
async function addMember(page, org) {
  await fillKept(page.getByRole('searchbox', { name: 'Find organisation' }), org.name, 'the organisation search');
  const select = page.getByRole('combobox', { name: 'Organisation', exact: true });
  await eventually(`${org.name} offered by the picker`, async () =>
    (await select.evaluate((s) => [...s.options].map((o) => o.value))).includes(String(org.id)),
  );
  await select.selectOption(String(org.id));
  await page.getByRole('button', { name: 'Tilføj medlem' }).click();
  await visible(page.getByRole('list', { name: 'Medlemsorganisationer' }).getByRole('listitem').filter({ hasText: org.name }), `${org.name} on the roster`);
}

const occurrenceRows = (page) => page.getByRole('table', { name: 'Møder' }).locator('tbody tr');

e2e('series: an officer creates a monthly series through the form, opens a meeting, renames the series and cancels the rest', async (open) => {
  const stamp = Date.now().toString(36);
  const title = `E2E Netværksmøde Nord ${stamp}`;
  const renamed = `E2E Netværksmøde Nord og Syd ${stamp}`;
  const first = nthWeekdayAhead(1, 2, 2); // the 2nd Tuesday of next month
  const members = [fixtures.partnerOrg, fixtures.otherOrg];

  const page = await open();
  await login(page, USERS.officer);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Arrangementer' }).click();
  await visible(heading(page, 'Arrangementer'));
  await page.getByRole('link', { name: 'Mødeserier' }).click();
  await visible(heading(page, 'Mødeserier'));
  await atPath(page, /^\/series$/);
  await settled(page);
  await axeSerious(page, 'the series list');
  await page.getByRole('link', { name: 'Ny mødeserie' }).click();
  await visible(heading(page, 'Ny mødeserie'));

  // An empty form: the server's reasons next to the fields.
  await page.getByRole('button', { name: 'Opret', exact: true }).click();
  await visible(page.getByRole('alert'), 'the form error');
  await hasText(page.locator('#series-title-error'), /.+/, 'the title error beside the title');
  await hasText(page.locator('#series-roster-error'), /.+/, 'the roster error beside the roster');
  assert.equal(await page.getByLabel('Titel').getAttribute('aria-invalid'), 'true');
  await axeSerious(page, 'the series form with errors');

  // The rule from the controls: the date of the first meeting sets the weekday and the week of the month.
  await fillKept(page.getByLabel('Titel'), title, 'the title');
  assert.equal(await page.getByLabel('Hyppighed').inputValue(), 'MONTHLY');
  await page.getByLabel('Dato for første møde').fill(first);
  await eventually('the weekday follows the date', async () => (await page.getByLabel('Ugedag').inputValue()) === 'TU');
  assert.equal(await page.getByLabel('Hvilken i måneden').inputValue(), '2');
  await hasText(page.locator('.rule-preview'), 'Regel: Hver måned, 2. tirsdag');
  await page.getByLabel('Efter et antal møder').check();
  await fillKept(page.getByLabel('Antal møder i alt'), '4', 'the count');
  await hasText(page.locator('.rule-preview'), 'Regel: Hver måned, 2. tirsdag, 4 gange i alt');
  await page.getByLabel('Starttidspunkt').fill('10:00');
  await page.getByLabel('Sluttidspunkt').fill('12:00');
  await fillKept(page.getByLabel('Stedets navn'), 'Infohuset', 'the venue name');
  for (const org of members) await addMember(page, org);
  await page.getByRole('button', { name: 'Opret', exact: true }).click();

  await visible(heading(page, title), 'the new series page');
  const [, seriesId] = await atPath(page, /^\/series\/(\d+)$/);
  await hasText(page.getByRole('status'), 'Mødeserien er oprettet');
  await hasText(page.getByTestId('series-rule'), 'Hver måned, 2. tirsdag, 4 gange i alt');
  const stored = await apiAs(USERS.officer, 'GET', `/series/${seriesId}`);
  assert.equal(stored.body.rrule, 'FREQ=MONTHLY;BYDAY=2TU;COUNT=4');
  assert.deepEqual(stored.body.roster_organisation_ids, members.map((o) => o.id).sort((a, b) => a - b));
  assert.equal(stored.body.time_of_day, '10:00');

  // Its four meetings, the first on the chosen day; each one opens its event page.
  await settled(page);
  await eventually('four meetings listed', async () => (await occurrenceRows(page).count()) === 4);
  await hasText(occurrenceRows(page).first(), title);
  const firstLink = occurrenceRows(page).first().getByRole('link');
  const firstEvent = await apiAs(USERS.officer, 'GET', `/events?series_id=${seriesId}&limit=1`);
  assert.equal(firstEvent.body.items[0].starts_at, copenhagenIso(first, '10:00'));
  await firstLink.click();
  await visible(heading(page, title), 'the event page of the first meeting');
  await atPath(page, new RegExp(`^/events/${firstEvent.body.items[0].id}$`));
  await page.goBack();
  await visible(heading(page, title), 'back on the series page');

  // The members and their continuity (nothing held yet).
  const continuity = page.getByRole('table', { name: 'Fremmøde pr. medlemsorganisation' });
  await settled(page);
  for (const org of members) await hasText(continuity.getByRole('row').filter({ hasText: org.name }), '0 af 0');
  await hasText(page.getByRole('region', { name: 'Medlemmer og fremmøde' }), 'Der er ikke holdt nogen møder i serien endnu.');

  // Rename; someone else changed the series meanwhile: 412, reload, then it saves.
  await page.getByRole('button', { name: 'Redigér serien' }).click();
  await visible(page.getByRole('heading', { name: 'Redigér mødeserien' }));
  const meanwhile = await apiAs(USERS.officer, 'PATCH', `/series/${seriesId}`, { description: 'Ændret af en kollega' });
  assert.equal(meanwhile.status, 200, JSON.stringify(meanwhile.body));
  await fillKept(page.getByLabel('Titel'), renamed, 'the new title');
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await hasText(page.getByRole('alert'), 'ændret af en anden');
  await page.getByRole('alert').getByRole('button', { name: 'Hent igen' }).click();
  await eventually('the form shows the stored title again', async () => (await page.getByLabel('Titel').inputValue()) === title);
  assert.equal(await page.getByLabel('Beskrivelse').inputValue(), 'Ændret af en kollega');
  await fillKept(page.getByLabel('Titel'), renamed, 'the new title');
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await visible(heading(page, renamed), 'the renamed series');
  await hasText(page.getByRole('status'), 'Mødeserien er gemt');
  await settled(page);
  await hasText(occurrenceRows(page).first(), renamed);

  // Cancel the rest: a reason is required, then every coming meeting is cancelled and the series has ended.
  await page.getByRole('button', { name: 'Aflys resten af serien' }).click();
  const cancelForm = page.getByRole('form', { name: 'Aflys resten af serien' });
  await cancelForm.getByRole('button', { name: 'Ja, aflys resten af serien' }).click();
  await hasText(cancelForm.locator('#series-cancel-reason-error'), /.+/, 'the reason error');
  await fillKept(cancelForm.getByLabel('Begrundelse'), 'Netværket er lagt sammen med Syd.', 'the reason');
  await cancelForm.getByRole('button', { name: 'Ja, aflys resten af serien' }).click();
  await hasText(page.getByRole('status'), 'Resten af mødeserien er aflyst.');
  await hasText(page.locator('.page-head'), 'Afsluttet');
  await settled(page);
  await eventually('every meeting cancelled', async () => {
    const statuses = (await occurrenceRows(page).locator('.badge').allInnerTexts()).map((s) => s.trim());
    return statuses.length === 4 && statuses.every((s) => s === 'Aflyst');
  });
  await hasText(occurrenceRows(page).first(), 'Netværket er lagt sammen med Syd.');
  await absent(page.getByRole('button', { name: 'Redigér serien' }));
  await absent(page.getByRole('button', { name: 'Aflys resten af serien' }));
});

e2e('series: a manager reads a series and its continuity without planning buttons; a partner is turned away', async (open) => {
  const stamp = Date.now().toString(36);
  const series = await makeSeries({ title: `E2E Kvartalsmøde ${stamp}`, rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU' });
  // The demo data's series have held meetings: their page shows real continuity (and makes the picture).
  const demo = (await apiAs(USERS.officer, 'GET', '/series?limit=1')).body.items[0] ?? series;

  const officer = await open();
  await login(officer, USERS.officer);
  await officer.goto(`/series/${demo.id}`);
  await visible(heading(officer, demo.title));
  await settled(officer);
  await visible(officer.getByRole('table', { name: 'Fremmøde pr. medlemsorganisation' }));
  await axeSerious(officer, 'the series page');
  await shot(officer, 'series');

  const manager = await open();
  await login(manager, USERS.manager);
  await manager.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Arrangementer' }).click();
  await visible(heading(manager, 'Arrangementer'));
  await manager.getByRole('link', { name: 'Mødeserier' }).click();
  await visible(heading(manager, 'Mødeserier'));
  await absent(manager.getByRole('link', { name: 'Ny mødeserie' }));
  await manager.goto(`/series/${series.id}`);
  await visible(heading(manager, series.title));
  await hasText(manager.getByTestId('series-rule'), 'Hver 3. måned, 2. tirsdag');
  await settled(manager);
  const continuity = manager.getByRole('table', { name: 'Fremmøde pr. medlemsorganisation' });
  for (const org of [fixtures.partnerOrg, fixtures.otherOrg]) await visible(continuity.getByRole('row').filter({ hasText: org.name }), `${org.name} in the continuity`);
  await visible(occurrenceRows(manager).first(), 'the meetings for a manager');
  await absent(manager.getByRole('button', { name: 'Redigér serien' }));
  await absent(manager.getByRole('button', { name: 'Aflys resten af serien' }));
  await manager.goto('/series/new');
  await visible(heading(manager, 'Ingen adgang'), 'the series form for a manager');

  const partner = await open();
  await login(partner, USERS.partner);
  await partner.goto('/events');
  await visible(heading(partner, 'Arrangementer'));
  await settled(partner);
  await absent(partner.getByRole('link', { name: 'Mødeserier' }));
  await partner.goto(`/series/${series.id}`);
  await visible(heading(partner, 'Ingen adgang'), 'a series page for a partner');
});

e2e('events month view: an event on its day, next month and back, today marked, and a day list on a phone', async (open) => {
  const stamp = Date.now().toString(36);
  const next = monthAhead(1);
  const day = `${next}-15`;
  const title = `E2E Månedsseminar ${stamp}`;
  const cancelledTitle = `E2E Aflyst seminar ${stamp}`;
  const event = await makeEvent({ title, starts_at: copenhagenIso(day, '13:00'), ends_at: copenhagenIso(day, '15:30') });
  const gone = await makeEvent({ title: cancelledTitle, starts_at: copenhagenIso(day, '09:00'), ends_at: copenhagenIso(day, '10:00') });
  const cancelled = await apiAs(USERS.officer, 'POST', `/events/${gone.id}/cancel`, { reason: 'Aflyst i testen' });
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  const thisMonth = monthAhead(0);

  const page = await open();
  await login(page, USERS.officer);
  await page.goto('/events');
  await visible(heading(page, 'Arrangementer'));
  await page.getByRole('navigation', { name: 'Visning' }).getByRole('link', { name: 'Måned' }).click();
  await atQuery(page, 'view', 'month');
  await atQuery(page, 'month', thisMonth);
  const grid = page.getByRole('table', { name: /^Arrangementer i / });
  await visible(grid, 'the month grid');
  const headers = (await grid.locator('thead th').allInnerTexts()).map((s) => s.trim().toLowerCase());
  assert.match(headers[1], /^man/, `Monday first: ${JSON.stringify(headers)}`);
  assert.match(headers[7], /^søn/, `Sunday last: ${JSON.stringify(headers)}`);
  await settled(page);
  const today = grid.locator('td[aria-current="date"]');
  await visible(today, "today's cell");
  assert.equal(await today.getAttribute('data-date'), copenhagenDate(0));
  await hasText(today, 'i dag');

  await page.getByRole('link', { name: 'Næste måned' }).click();
  await atQuery(page, 'month', next);
  await settled(page);
  const cell = grid.locator(`td[data-date="${day}"]`);
  const link = cell.getByRole('link', { name: new RegExp(title) });
  await visible(link, 'the event in its day cell');
  await hasText(link, '13.00');
  await hasText(cell.getByRole('link', { name: new RegExp(cancelledTitle) }), '(Aflyst)');
  await axeSerious(page, 'the month view');
  await shot(page, 'events-month');

  // The URL keeps the month: a reload shows it again; back to this month and on to the event.
  await page.reload();
  await visible(grid.locator(`td[data-date="${day}"]`).getByRole('link', { name: new RegExp(title) }), 'the event after a reload');
  await page.getByRole('link', { name: 'Forrige måned' }).click();
  await atQuery(page, 'month', thisMonth);
  await visible(grid.locator('td[aria-current="date"]'), 'today again');
  await page.getByRole('link', { name: 'Næste måned' }).click();
  await atQuery(page, 'month', next);
  await grid.locator(`td[data-date="${day}"]`).getByRole('link', { name: new RegExp(title) }).click();
  await visible(heading(page, title), 'the event page from the calendar');
  await atPath(page, new RegExp(`^/events/${event.id}$`));

  // A phone: a list of days, no seven columns and no sideways scrolling.
  const phone = await open({ viewport: { width: 390, height: 844 } });
  await login(phone, USERS.officer);
  await phone.goto(`/events?view=month&month=${next}`);
  await visible(heading(phone, 'Arrangementer'));
  await settled(phone);
  const days = phone.getByRole('list', { name: /^Arrangementer i / });
  const item = days.getByRole('listitem').filter({ has: phone.getByRole('heading', { name: /15\./ }) });
  await visible(item.getByRole('link', { name: new RegExp(title) }), 'the event in the day list');
  assert.equal(await phone.getByRole('table', { name: /^Arrangementer i / }).count(), 0, 'no grid on a phone');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `no sideways scrolling of the month view (${overflow}px)`);
  await shot(phone, 'phone-events-month');
});

// ---------------------------------------------------------------------------------------------
// The management dashboard

// Exports (issue 13): a list page's download buttons carry its filters and the UI language; the files are a
// CSV (BOM, CRLF, Danish headers) and a real workbook (read back with Python's zipfile).
e2e('exports: the contacts page downloads its filtered list as CSV and as XLSX', async (open) => {
  const stamp = `Eksport${Date.now().toString(36)}`;
  const { org } = await makeOutreachOrg(stamp);
  await makeContact(org, `=Formel ${stamp}`);
  const page = await open();
  await login(page, USERS.officer);
  await page.goto(`/contacts?q=${encodeURIComponent(stamp)}`);
  await visible(page.getByRole('cell', { name: `Dorthe Dialog ${stamp}` }), 'the filtered list');
  const buttons = page.getByRole('group', { name: 'Hent listen' });
  const csvLink = buttons.getByRole('link', { name: 'Hent CSV' });
  const href = await csvLink.getAttribute('href');
  assert.match(href, /^\/api\/v1\/contacts\?/);
  const query = new URL(href, 'http://x').searchParams;
  assert.equal(query.get('q'), stamp);
  assert.equal(query.get('format'), 'csv');
  assert.equal(query.get('lang'), 'da');
  assert.ok(!query.has('limit') && !query.has('offset'), href);
  const csv = await page.request.get(href);
  assert.equal(csv.status(), 200);
  const text = await csv.text();
  assert.ok(text.startsWith('\uFEFFID,Organisation-ID,Navn,'), text.slice(0, 40));
  const lines = text.split('\r\n').filter((l) => l !== '');
  assert.equal(lines.length, 1 + 3, 'a header and the three people of the filter');
  assert.ok(text.includes(`,Bent Bro ${stamp},`), 'the CSV names the filtered people');
  assert.ok(text.includes(`,'=Formel ${stamp},`), 'a formula-like name is neutralised');

  // The XLSX button downloads a real file through the browser.
  const [download] = await Promise.all([page.waitForEvent('download'), buttons.getByRole('link', { name: 'Hent Excel (XLSX)' }).click()]);
  assert.match(download.suggestedFilename(), /^contacts-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'brobygger-e2e-xlsx-')), 'contacts.xlsx');
  await download.saveAs(file);
  const sheet = await new Promise((resolve, reject) =>
    execFile('python3', ['-c', 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode())', file], (err, out) =>
      err ? reject(err) : resolve(out),
    ),
  );
  rmSync(path.dirname(file), { recursive: true, force: true });
  assert.ok(sheet.includes('state="frozen"'), 'the header row is frozen');
  assert.ok(sheet.includes(`<t>Dorthe Dialog ${stamp}</t>`), 'the workbook names the filtered people');
  assert.ok(sheet.includes(`<t>=Formel ${stamp}</t>`) && !sheet.includes('<f>'), 'a formula-like name is text, never a formula');
  assert.equal((sheet.match(/<row /g) ?? []).length, 1 + 3);

  // In English the headers follow the UI language.
  await page.getByRole('button', { name: 'Switch language to English' }).click();
  const english = await page.getByRole('group', { name: 'Download the list' }).getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  assert.equal(new URL(english, 'http://x').searchParams.get('lang'), 'en');
  assert.ok((await (await page.request.get(english)).text()).startsWith('\uFEFFID,Organisation ID,Name,'));
  // The header's switch saved English as the officer's own language (PATCH /api/v1/me): back to Danish,
  // as the other tests log in expecting.
  await page.getByRole('button', { name: 'Skift sprog til dansk' }).click();
  await eventually("the officer's own language is Danish again", async () => (await apiAs(USERS.officer, 'GET', '/me')).body.language === 'da');
});

e2e('manager: the dashboard shows key figures, charts, tables, CSV downloads and dormant organisations', async (open) => {
  const page = await open();
  await login(page, USERS.manager);
  await atPath(page, /^\/dashboard$/);
  const figures = page.getByRole('list', { name: 'Nøgletal' });
  await visible(figures, 'key figures');
  // The demo data set has attendance in the last 12 months: the figures are numbers, with the period before.
  const reached = figures.locator('[data-figure="dashboard.figure.organisationsReached"] .key-value');
  await eventually('organisations reached is a positive number', async () => {
    const text = (await reached.innerText()).replace(/\D/g, '');
    assert.ok(Number(text) > 0, `organisations reached: ${await reached.innerText()}`);
    return true;
  });
  await hasText(figures, 'Før:', 'previous period beside each key figure');
  await hasText(page.locator('.period-note'), '"<5"', 'the manager is told that small numbers are suppressed');

  // Reach by police district: every district in the table, and the chart drawn on its canvas.
  const district = page.locator('#by-district');
  await visible(district.getByRole('heading', { name: 'Organisationer nået pr. politikreds' }));
  await eventually('12 districts in the table', async () => (await district.locator('tbody tr').count()) === 12);
  await hasText(district.locator('tbody'), 'Københavns Politi');
  for (const id of ['by-district', 'by-kind', 'by-month']) {
    const canvas = page.locator(`#${id} canvas`);
    await visible(canvas, `${id} chart`);
    await eventually(`${id} chart has drawn`, async () => {
      const painted = await canvas.evaluate((c) => {
        const ctx = c.getContext('2d');
        const data = ctx.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n;
      });
      assert.ok(painted > 500, `${id}: ${painted} painted pixels`);
      return true;
    });
    assert.match(await canvas.getAttribute('aria-label'), /Tallene står i tabellen/);
  }
  // Counts of people may be "<5" for a manager, never a figure between 1 and 4.
  // (Columns 2 and 3 count people; the first counts organisations, which are not suppressed.)
  for (const column of [2, 3]) {
    const cells = await page.locator(`#by-kind tbody td:nth-of-type(${column})`).allInnerTexts();
    for (const c of cells) assert.ok(!/^[1-4]$/.test(c.trim()), `a manager saw a small count of people: ${c}`);
  }

  await shot(page, 'manager-dashboard');

  // CSV: the link downloads the same report as a spreadsheet file with the session cookie.
  const href = await district.getByRole('link', { name: 'Hent CSV' }).getAttribute('href');
  assert.match(href, /^\/api\/v1\/reports\/engagement\?.*group_by=police_district.*format=csv/);
  const csvReply = await page.request.get(href);
  assert.equal(csvReply.status(), 200);
  const csvText = await csvReply.text();
  assert.ok(csvText.startsWith('\uFEFFNøgle,Gruppe,Organisationer nået'), csvText.slice(0, 40));
  assert.equal(csvText.trim().split('\r\n').length, 1 + 12 + 1, 'header, 12 districts, total');

  // Another period: the URL keeps it (a link to share), the figures follow.
  await page.getByRole('button', { name: 'Sidste år' }).click();
  const year = new Date().getFullYear() - 1;
  await atQuery(page, 'from', `${year}-01-01`);
  await atQuery(page, 'to', `${year}-12-31`);
  await eventually('the month table shows last year', async () =>
    (await page.locator('#by-month tbody tr').first().innerText()).includes(`januar ${year}`));

  // Dormant organisations: a count, a table with links to the organisations, and a choice of months.
  const dormant = page.locator('#dormant');
  await hasText(dormant, 'aktive organisationer uden fremmøde siden');
  await visible(dormant.locator('tbody tr').first(), 'a dormant organisation');
  await dormant.getByLabel('Intet fremmøde i').selectOption('24');
  await atQuery(page, 'months', '24');
  await settled(page);
  await axeSerious(page, 'the dashboard');
});

e2e('the dashboard is for staff and management: a partner is turned away', async (open) => {
  const page = await open();
  await login(page, USERS.partner);
  assert.ok(!(await navLinks(page)).includes('Overblik'), 'no dashboard link for a partner');
  await page.goto('/dashboard');
  await visible(heading(page, 'Ingen adgang'), 'the dashboard for a partner');
  const reply = await page.request.get('/api/v1/reports/engagement');
  assert.equal(reply.status(), 403);
});

// Trainings for partner authorities (issue 16): the demo data's authorities have been trained; the
// dashboard shows them by kind and police district, downloads them, and a person's page gives a certificate.
e2e('trainings: the dashboard counts people trained by authority and police district, a person has a certificate', async (open) => {
  const page = await open();
  await login(page, USERS.officer);
  await page.goto('/dashboard');
  const section = page.locator('#trainings');
  await visible(section.getByRole('heading', { name: 'Kurser for myndigheder' }), 'the trainings overview');
  await hasText(section.locator('table.trainings-rows tbody'), 'Kriminalforsorgen', 'a row per kind of authority');
  const grand = section.locator('table.trainings-cross tfoot td').last();
  await eventually('people trained in the demo year', async () => Number((await grand.innerText()).replace(/\D/g, '')) > 0);
  await hasText(section.locator('table.trainings-cross thead'), 'Københavns Politi', 'a column per police district');
  await section.getByLabel('Opdel efter').selectOption('police_district');
  await hasText(section.locator('table.trainings-rows tbody'), 'Fyns Politi', 'rows by police district');
  const href = await section.getByRole('link', { name: 'Hent CSV' }).first().getAttribute('href');
  assert.match(href, /^\/api\/v1\/reports\/trainings\?.*group_by=police_district.*format=csv/);
  const csv = await page.request.get(href);
  assert.equal(csv.status(), 200);
  assert.ok((await csv.text()).startsWith('\uFEFFNøgle,Gruppe,Personer uddannet'));
  await axeSerious(page, 'the dashboard with the trainings overview');

  // Someone who attended a training: the person's page lists it with a certificate to download.
  const trainings = await apiAs(USERS.officer, 'GET', '/events?kind=training&status=completed&limit=1');
  assert.equal(trainings.status, 200);
  const event = trainings.body.items[0];
  const seats = await apiAs(USERS.officer, 'GET', `/events/${event.id}/registrations?status=attended&limit=1`);
  const seat = seats.body.items[0];
  await page.goto(`/contacts/${seat.contact_id}`);
  const record = page.locator('section', { has: page.getByRole('heading', { name: 'Kurser', exact: true }) });
  await hasText(record, event.title, "the person's training record");
  const pdf = await page.request.get(await record.getByRole('link', { name: /Kursusbevis \(PDF\)/ }).first().getAttribute('href'));
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.ok((await pdf.body()).subarray(0, 5).toString() === '%PDF-');
  await axeSerious(page, "a person's page with the training record");
});

e2e('the main pages of each role fit a phone: no sideways scrolling', async (open) => {
  const phone = { width: 390, height: 844 };
  const pages = {
    officer: [['/organisations', 'Organisationer', 'phone-officer-organisations'], ['/events', 'Arrangementer', 'phone-officer-events']],
    partner: [['/events', 'Arrangementer', 'phone-partner-events'], ['/profile', null, 'phone-partner-profile']],
    manager: [['/dashboard', 'Overblik over samarbejdet', 'phone-manager-dashboard']],
  };
  for (const [role, list] of Object.entries(pages)) {
    const page = await open({ viewport: phone });
    await login(page, USERS[role]);
    for (const [href, title, name] of list) {
      await page.goto(href);
      if (title) await visible(heading(page, title), `${href} for ${role} on a phone`);
      else await visible(page.locator('main h1'), `${href} for ${role} on a phone`);
      await settled(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `${href} for ${role}: no sideways scrolling (${overflow}px)`);
      await shot(page, name);
    }
  }
  const desktop = await open();
  await login(desktop, USERS.officer);
  await desktop.goto('/events');
  await visible(heading(desktop, 'Arrangementer'));
  await settled(desktop);
  await shot(desktop, 'officer-events');
  const partner = await open();
  await login(partner, USERS.partner);
  await partner.goto('/events');
  await visible(heading(partner, 'Arrangementer'));
  await settled(partner);
  await shot(partner, 'partner-events');
});

// ---------------------------------------------------------------------------------------------
// Privacy: a person's data, erasure and the audit trail

e2e('admin: a person\'s data is downloaded, the person erased, and the audit trail tells who did what', async (open) => {
  const stamp = Date.now().toString(36);
  const person = await makeContact(fixtures.partnerOrg, `Sara Sletmig ${stamp}`);
  const page = await open();
  await login(page, USERS.admin);
  await page.goto(`/contacts/${person.id}`);
  await visible(heading(page, person.name));
  const privacy = page.getByRole('region', { name: 'Personens rettigheder' });
  const href = await privacy.getByRole('link', { name: 'Hent alle oplysninger (JSON)' }).getAttribute('href');
  const exported = await page.request.get(href);
  assert.equal(exported.status(), 200);
  assert.equal((await exported.json()).contact.name, person.name);
  await privacy.getByRole('button', { name: 'Slet personen' }).click();
  await hasText(privacy, 'kan ikke fortrydes');
  await privacy.getByRole('button', { name: 'Ja, slet for altid' }).click();
  await hasText(page.getByRole('status'), 'anonym deltager');
  await visible(heading(page, 'Anonym deltager'), 'the erased person');
  await absent(page.getByText(person.name), 'the name anywhere on the page');

  await privacy.getByRole('link', { name: 'Se revisionsspor' }).click();
  await visible(heading(page, 'Revisionsspor'));
  await atQuery(page, 'contact_id', String(person.id));
  const rows = page.getByRole('table').getByRole('row');
  await hasText(rows.filter({ hasText: 'Slettet' }), USERS.admin.name, 'the erasure, by the admin');
  await hasText(rows.filter({ hasText: 'Eksporteret' }), USERS.admin.name, 'the export, by the admin');
  await hasText(rows.filter({ hasText: 'Oprettet' }), USERS.officer.name, 'the creation, by the officer');
  await hasText(page.getByRole('table'), 'ændret (personoplysning)');
  await settled(page);
  await axeSerious(page, 'the audit trail');
  await shot(page, 'audit');

  // Nobody but an admin reaches the trail.
  const officer = await open();
  await login(officer, USERS.officer);
  await officer.goto('/audit');
  await visible(heading(officer, 'Ingen adgang'));
});

e2e('a user changes their own password: the current one is checked, the new one works', async (open) => {
  const stamp = Date.now().toString(36);
  const email = `e2e.pw.${stamp}@example.dk`;
  const made = await apiAs(USERS.admin, 'POST', '/users', { email, name: `Paw Password ${stamp}`, role: 'manager', password: PASSWORD });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const user = { email, name: `Paw Password ${stamp}`, role: 'manager' };
  const page = await open();
  await login(page, user);
  await page.goto('/profile');
  const form = page.getByRole('region', { name: 'Skift adgangskode' });
  await form.getByLabel('Nuværende adgangskode').fill('not the password at all');
  await form.getByLabel('Ny adgangskode').fill('a brand new long password');
  await form.getByRole('button', { name: 'Skift adgangskode' }).click();
  await visible(form.getByRole('alert'), 'the wrong current password is refused');
  assert.equal(await form.getByLabel('Nuværende adgangskode').getAttribute('aria-invalid'), 'true');
  await form.getByLabel('Nuværende adgangskode').fill(PASSWORD);
  await form.getByRole('button', { name: 'Skift adgangskode' }).click();
  await hasText(page.getByRole('status'), 'Adgangskoden er skiftet.');
  await settled(page);
  await axeSerious(page, 'the profile page with the password form');
  const relogin = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'a brand new long password' }),
  });
  assert.equal(relogin.status, 200, 'the new password logs in');
});

// ---------------------------------------------------------------------------------------------
// Outreach between events: the dialogue log, follow-ups, the worklist and "My work"

/** A fresh active organisation (never reached, so dormant) with the e2e officer responsible and two people. */
async function makeOutreachOrg(stamp) {
  const ref = await apiAs(USERS.officer, 'GET', '/reference/municipalities');
  const kinds = await apiAs(USERS.officer, 'GET', '/reference/organisation-kinds');
  const me = await apiAs(USERS.officer, 'GET', '/me');
  const made = await apiAs(USERS.officer, 'POST', '/organisations', {
    name: `E2E Dialogforening ${stamp}`,
    kind: kinds.body[0].code,
    municipality_id: ref.body[0].id,
    responsible_user_id: me.body.id,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const people = [await makeContact(made.body, `Dorthe Dialog ${stamp}`), await makeContact(made.body, `Bent Bro ${stamp}`)];
  return { org: made.body, people, officerId: me.body.id };
}

async function makeFollowUp(org, title, due_on, extra = {}) {
  const r = await apiAs(USERS.officer, 'POST', '/follow-ups', { organisation_id: org.id, title, due_on, ...extra });
  assert.equal(r.status, 201, `follow-up ${title}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The demo data's officer (seed demo; our password): the user guide's outreach pictures show the demo data. */
const DEMO_OFFICER = { email: 'officer@demo.brobygger.dk', name: 'Omar Opsøgende', role: 'officer' };

e2e('outreach pictures: the demo officer\'s My work, a demo organisation\'s timeline and log form, the worklist', async (open) => {
  // Taken before the outreach tests below add organisations and follow-ups of their own (as another officer).
  const page = await open();
  await login(page, DEMO_OFFICER);
  const mine = page.getByRole('region', { name: 'Mine åbne opfølgninger' });
  await settled(page);
  assert.ok((await mine.locator('tbody tr').count()) > 0, 'the demo officer has open follow-ups');
  assert.ok(!(await mine.innerText()).includes('E2E'), 'the follow-ups are the demo data\'s');
  await shotOf(page.locator('main'), 'outreach-my-work', { maxHeight: 1400 });

  const activities = await apiAs(DEMO_OFFICER, 'GET', `/activities?user_id=me&limit=1`);
  assert.equal(activities.status, 200, JSON.stringify(activities.body));
  const orgId = activities.body.items[0]?.organisation_id;
  assert.ok(orgId, 'the demo officer has logged activities');
  await page.goto(`/organisations/${orgId}`);
  const timeline = page.getByRole('region', { name: 'Tidslinje' });
  await visible(timeline.locator('.timeline-activity').first(), 'demo activities on the timeline');
  await settled(page);
  await shotOf(timeline, 'outreach-organisation-timeline', { maxHeight: 900 });

  await page.getByRole('button', { name: 'Registrér aktivitet', exact: true }).click();
  const form = page.locator('.activity-panel');
  await form.getByLabel('Emne').fill('Opkald til formanden');
  const notes = form.getByLabel('Noter');
  await notes.fill('Talte om en borger, 010203-1234, som de er bekymrede for.');
  await form.getByRole('button', { name: 'Gem aktiviteten' }).click();
  await hasText(form.getByRole('alert'), 'Formularen kunne ikke gemmes.');
  await settled(page);
  await shotOf(form, 'outreach-activity-cpr');

  await page.goto('/dashboard');
  const worklist = page.locator('#dormant');
  await worklist.getByLabel('Kun mine organisationer').check();
  await atQuery(page, 'mine', 'true');
  await settled(page);
  assert.ok((await worklist.locator('tbody tr').count()) > 0, 'the demo officer has dormant organisations');
  await shotOf(worklist, 'outreach-worklist', { maxHeight: 900 });
});

e2e('outreach: an activity is logged from the organisation page in two clicks; a CPR number is refused next to the field; the timeline shows it', async (open) => {
  const stamp = Date.now().toString(36);
  const { org, people } = await makeOutreachOrg(stamp);
  const page = await open();
  await login(page, USERS.officer);
  await page.goto(`/organisations/${org.id}`);
  await visible(heading(page, org.name));
  await hasText(page.getByTestId('org-responsible'), `Dig (${USERS.officer.name})`);

  // Click one: the form, with the kind, today's date and the organisation's people.
  await page.getByRole('button', { name: 'Registrér aktivitet', exact: true }).click();
  const form = page.getByRole('region', { name: `Registrér aktivitet: ${org.name}` });
  await visible(form, 'the log-an-activity form');
  assert.equal(await form.getByLabel('Dato').inputValue(), copenhagenDate(0), 'the date defaults to today in Copenhagen');
  await form.getByLabel('Type').selectOption('phone_call');
  await form.getByLabel('Emne').fill(`Opkald til formanden ${stamp}`);
  await form.getByRole('checkbox', { name: people[0].name }).check();
  await hasText(form, 'Brobygger må ikke indeholde CPR-numre');

  // Something that looks like a CPR number: refused by the server, the error beside the notes.
  const notes = form.getByLabel('Noter');
  await notes.fill('Talte om en borger, 010203-1234, som de er bekymrede for.');
  await form.getByRole('button', { name: 'Gem aktiviteten' }).click();
  await hasText(form.getByRole('alert'), 'Formularen kunne ikke gemmes.');
  await eventually('notes marked invalid', async () => (await notes.getAttribute('aria-invalid')) === 'true');
  await visible(form.locator('#activity-notes-error'), 'the error next to the notes');
  await settled(page);
  await axeSerious(page, 'the log-an-activity form with an error');

  // Click two (after correcting): logged, and on the timeline, newest first.
  await notes.fill('Aftalt at de kommer til næste dialogmøde.');
  await form.getByRole('button', { name: 'Gem aktiviteten' }).click();
  await hasText(page.getByRole('status'), `Aktiviteten med ${org.name} er registreret.`);
  await absent(form, 'the form after saving');
  const timeline = page.getByRole('region', { name: 'Tidslinje' });
  // (The form's time is to the minute: the organisation, made seconds earlier, may come just after it.)
  await hasText(timeline.locator('.timeline-activity'), `Telefonsamtale: Opkald til formanden ${stamp}`, 'the activity on the timeline');
  await hasText(timeline.locator('.timeline-change'), 'Oprettet i registret', 'the register\'s own change');

  // Filtered by type: registrations only, then activities only.
  await timeline.getByLabel('Vis').selectOption('registration');
  await absent(timeline.locator('.timeline-activity'), 'activities when showing registrations');
  await timeline.getByLabel('Vis').selectOption('activity');
  await hasText(timeline.locator('.timeline-item'), `Opkald til formanden ${stamp}`);
  await settled(page);
  await axeSerious(page, 'the organisation page with its timeline');

  // The contact's page names the activity; the Activities list has it, and the officer may edit their own.
  await page.goto(`/contacts/${people[0].id}`);
  await hasText(page.getByRole('region', { name: 'Deltagelse og aktiviteter' }), `Opkald til formanden ${stamp}`);
  await page.goto(`/activities?organisation_id=${org.id}`);
  await visible(heading(page, 'Aktiviteter'));
  const row = page.getByRole('row').filter({ hasText: `Opkald til formanden ${stamp}` });
  await hasText(row, 'Telefonsamtale');
  await visible(row.getByRole('button', { name: `Redigér aktiviteten "Opkald til formanden ${stamp}"` }));
});

e2e('outreach: a follow-up is done and the next one is offered, prefilled; overdue ones are marked', async (open) => {
  const stamp = Date.now().toString(36);
  const { org } = await makeOutreachOrg(stamp);
  const title = `Send materiale ${stamp}`;
  await makeFollowUp(org, title, copenhagenDate(0));
  await makeFollowUp(org, `Ring tilbage ${stamp}`, copenhagenDate(-3));
  const page = await open();
  await login(page, USERS.officer);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Opfølgninger' }).click();
  await visible(heading(page, 'Opfølgninger'));
  await hasText(page.getByRole('row').filter({ hasText: `Ring tilbage ${stamp}` }), 'forfalden');
  await hasText(page.getByRole('row').filter({ hasText: title }), 'i dag');

  // Overdue only.
  await page.getByLabel('Kun forfaldne').check();
  await atQuery(page, 'overdue', 'true');
  await settled(page);
  await absent(page.getByRole('row').filter({ hasText: title }), 'a follow-up due today among the overdue');
  await visible(page.getByRole('row').filter({ hasText: `Ring tilbage ${stamp}` }));
  await page.getByLabel('Kun forfaldne').uncheck();
  await settled(page);

  await page.getByRole('button', { name: `Markér "${title}" som udført` }).click();
  await hasText(page.getByRole('status'), `"${title}" er udført.`);
  const next = page.getByRole('region', { name: 'Næste opfølgning' });
  await visible(next, 'the next follow-up offered');
  assert.equal(await next.getByLabel('Hvad skal gøres').inputValue(), title, 'the title prefilled');
  assert.equal(await next.getByLabel('Senest').inputValue(), copenhagenDate(14), 'due in two weeks');
  await next.getByLabel('Hvad skal gøres').fill(`Følg op på materialet ${stamp}`);
  await settled(page);
  await shotOf(page.locator('main'), 'outreach-follow-up-next');
  await next.getByRole('button', { name: 'Opret opfølgning' }).click();
  await hasText(page.getByRole('status'), `Opfølgningen "Følg op på materialet ${stamp}" er oprettet.`);
  await visible(page.getByRole('row').filter({ hasText: `Følg op på materialet ${stamp}` }));
  await absent(page.getByRole('row').filter({ hasText: title }), 'the done follow-up among the open ones');

  // Done ones are archived, not deleted.
  await page.getByLabel('Status', { exact: true }).selectOption('done');
  await hasText(page.getByRole('row').filter({ hasText: title }), 'Udført');
  await settled(page);
  await axeSerious(page, 'the follow-ups page');
});

e2e('outreach: My work is the officer\'s start page: my follow-ups, my dormant organisations, this week', async (open) => {
  const stamp = Date.now().toString(36);
  const { org } = await makeOutreachOrg(stamp);
  await makeFollowUp(org, `Forfalden opgave ${stamp}`, copenhagenDate(-1));
  await makeFollowUp(org, `Ring tilbage ${stamp}`, copenhagenDate(3));
  const page = await open();
  // The page is one call, GET /me/work (no list calls of its own).
  const calls = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/v1/')) calls.push(path);
  });
  await login(page, USERS.officer);
  await visible(heading(page, 'Mit arbejde'), 'My work after login');
  const mine = page.getByRole('region', { name: 'Mine åbne opfølgninger' });
  const overdueRow = mine.getByRole('row').filter({ hasText: `Forfalden opgave ${stamp}` });
  await hasText(overdueRow, 'forfalden');
  await hasText(overdueRow, org.name, 'the organisation named in the follow-up row');
  await hasText(mine, /er forfald(en|ne)\./);
  await settled(page);
  assert.ok(calls.includes('/api/v1/me/work'), `My work asks GET /me/work: ${calls.join(', ')}`);
  for (const list of ['/api/v1/follow-ups', '/api/v1/activities', '/api/v1/events', '/api/v1/reports/dormant-organisations'])
    assert.ok(!calls.includes(list), `My work no longer lists ${list}`);

  // Cancel and Done act on the item as the page has it; Done offers the next one, prefilled.
  await mine.getByRole('button', { name: `Annullér "Ring tilbage ${stamp}"` }).click();
  await hasText(page.getByRole('status'), `"Ring tilbage ${stamp}" er annulleret.`);
  await eventually('the cancelled follow-up gone', async () => (await mine.getByRole('row').filter({ hasText: `Ring tilbage ${stamp}` }).count()) === 0);
  await overdueRow.getByRole('button', { name: `Markér "Forfalden opgave ${stamp}" som udført` }).click();
  const next = page.getByRole('region', { name: 'Næste opfølgning' });
  await visible(next, 'the next follow-up offered after Done');
  assert.equal(await next.getByLabel('Hvad skal gøres').inputValue(), `Forfalden opgave ${stamp}`);
  await next.getByRole('button', { name: 'Annuller' }).click();
  await eventually('the done follow-up gone', async () => (await mine.getByRole('row').filter({ hasText: `Forfalden opgave ${stamp}` }).count()) === 0);

  const dormant = page.getByRole('region', { name: 'Mine organisationer, vi ikke har nået for nylig' });
  await hasText(dormant, /af mine aktive organisationer er hverken mødt op eller i dialog siden/);
  const row = dormant.getByRole('row').filter({ hasText: org.name });
  await hasText(row, 'Aldrig', 'a new organisation was never reached');
  await dormant.getByRole('button', { name: `Registrér aktivitet med ${org.name}` }).click();
  const form = page.getByRole('region', { name: `Registrér aktivitet: ${org.name}` });
  await form.getByLabel('Emne').fill(`Besøg i foreningen ${stamp}`);
  await form.getByLabel('Tilføj en opfølgning').check();
  await form.getByLabel('Hvad skal gøres').fill(`Send invitation ${stamp}`);
  await form.getByRole('button', { name: 'Gem aktiviteten' }).click();
  await hasText(page.getByRole('status'), 'opfølgningen er oprettet');

  const week = page.getByRole('region', { name: /^Denne uge/ });
  await page.reload();
  await visible(heading(page, 'Mit arbejde'));
  const weekRow = week.getByRole('row').filter({ hasText: `Besøg i foreningen ${stamp}` });
  await hasText(weekRow, org.name, 'the activity in this week, with its organisation');
  await hasText(weekRow, USERS.officer.name, 'and who logged it');
  await hasText(page.getByRole('region', { name: 'Mine åbne opfølgninger' }), `Send invitation ${stamp}`);
  // Reached now: the organisation has left my dormant list.
  await eventually('the reached organisation gone from the dormant list', async () => (await dormant.getByRole('row').filter({ hasText: org.name }).count()) === 0);

  // The months parameter: in the URL, 6 by default as on the server.
  assert.equal(await page.getByLabel('Ikke nået i').inputValue(), '6');
  await page.getByLabel('Ikke nået i').selectOption('24');
  await eventually('months=24 in the URL', async () => new URL(page.url()).searchParams.get('months') === '24');
  await visible(heading(page, 'Mit arbejde'));
  await settled(page);
  await axeSerious(page, 'My work');

  // Managers and partners keep their start pages and never reach My work.
  const manager = await open();
  await login(manager, USERS.manager);
  await manager.goto('/my-work');
  await visible(heading(manager, 'Ingen adgang'));
});

/** Pages through a worklist until a row with the text shows (the list is sorted by the server). */
async function searchRows(region, text) {
  await eventually(`a row with ${text}`, async () => {
    if ((await region.getByRole('row').filter({ hasText: text }).count()) > 0) return true;
    const next = region.getByRole('button', { name: 'Næste side' });
    if ((await next.count()) && (await next.isEnabled())) await next.click();
    return false;
  });
}

e2e('outreach: the dormant worklist filters "mine" and "without a follow-up" and adds a follow-up from a row', async (open) => {
  const stamp = Date.now().toString(36);
  const { org } = await makeOutreachOrg(stamp);
  const other = await makeOutreachOrg(`${stamp}b`);
  await makeFollowUp(other.org, `Allerede planlagt ${stamp}`, copenhagenDate(7));
  const page = await open();
  await login(page, USERS.officer);
  await page.goto('/dashboard');
  const worklist = page.locator('#dormant');
  await worklist.getByLabel('Kun mine organisationer').check();
  await atQuery(page, 'mine', 'true');
  await settled(page);
  const responsible = await worklist.locator('tbody td[data-label="Ansvarlig medarbejder"]').allInnerTexts();
  assert.ok(responsible.length > 0, 'my organisations in the worklist');
  for (const r of responsible) assert.equal(r.trim(), `Dig (${USERS.officer.name})`, 'only my organisations');
  await worklist.getByLabel('Kun uden åben opfølgning').check();
  await atQuery(page, 'without_follow_up', 'true');
  await settled(page);
  await searchRows(worklist, org.name);
  await absent(worklist.getByRole('row').filter({ hasText: other.org.name }), 'an organisation with an open follow-up');
  await settled(page);

  await worklist.getByRole('button', { name: `Tilføj opfølgning for ${org.name}` }).click();
  const form = page.getByRole('region', { name: `Ny opfølgning: ${org.name}` });
  await form.getByLabel('Hvad skal gøres').fill(`Ring til formanden ${stamp}`);
  await form.getByRole('button', { name: 'Opret opfølgning' }).click();
  await hasText(worklist.getByRole('status'), `Opfølgningen "Ring til formanden ${stamp}" er oprettet.`);
  await absent(worklist.getByRole('row').filter({ hasText: org.name }), 'the organisation once it has a follow-up');
  await axeSerious(page, 'the dashboard with the worklist');
});

e2e('outreach: the responsible officer is chosen in the form, shown in the list and filtered by', async (open) => {
  const stamp = Date.now().toString(36);
  const { org } = await makeOutreachOrg(stamp);
  const cleared = await apiAs(USERS.admin, 'PATCH', `/organisations/${org.id}`, { responsible_user_id: null });
  assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
  const page = await open();
  await login(page, USERS.admin);
  await page.goto(`/organisations/${org.id}`);
  await visible(heading(page, org.name));
  await page.getByRole('button', { name: 'Redigér organisation' }).click();
  await page.getByLabel('Ansvarlig medarbejder').selectOption({ label: USERS.officer.name });
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await hasText(page.getByRole('status'), 'Ændringerne er gemt.');
  await hasText(page.getByTestId('org-responsible'), USERS.officer.name);

  const officer = await open();
  await login(officer, USERS.officer);
  await officer.goto('/organisations');
  await officer.getByLabel('Ansvarlig medarbejder').selectOption({ label: `Dig (${USERS.officer.name})` });
  await atQuery(officer, 'responsible_user_id', String((await apiAs(USERS.officer, 'GET', '/me')).body.id));
  await searchList(officer, 'Søg i organisationer', org.name);
  await hasText(officer.getByRole('row').filter({ hasText: org.name }), `Dig (${USERS.officer.name})`);
});

e2e('outreach: a partner sees its own organisation\'s participation, never activities', async (open) => {
  const subject = `Hemmeligt møde ${Date.now().toString(36)}`;
  const logged = await apiAs(USERS.officer, 'POST', '/activities', {
    kind: 'meeting',
    occurred_at: new Date().toISOString(),
    organisation_id: fixtures.partnerOrg.id,
    contact_ids: [],
    subject,
    notes: 'Interne noter',
  });
  assert.equal(logged.status, 201, JSON.stringify(logged.body));
  const page = await open();
  await login(page, USERS.partner);
  await page.goto(`/organisations/${fixtures.partnerOrg.id}`);
  await visible(heading(page, fixtures.partnerOrg.name));
  await visible(page.getByRole('region', { name: 'Deltagelse' }), 'participation on the partner\'s page');
  await settled(page);
  await absent(page.getByText(subject), 'the activity for a partner');
  await absent(page.getByRole('button', { name: 'Registrér aktivitet' }));
  await absent(page.getByRole('region', { name: 'Tidslinje' }));
  await page.goto('/activities');
  await visible(heading(page, 'Ingen adgang'));
});

e2e('outreach in English: the log-an-activity form and My work speak English only', async (open) => {
  const stamp = Date.now().toString(36);
  const { org } = await makeOutreachOrg(stamp);
  const page = await open();
  await page.goto('/login');
  await page.getByRole('button', { name: 'English' }).click();
  await visible(heading(page, 'Log in'));
  await page.getByLabel('Email').fill(USERS.officer.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await visible(heading(page, 'My work'), 'My work in English');
  await visible(page.getByRole('region', { name: 'My open follow-ups' }));
  const dormant = page.getByRole('region', { name: 'My organisations not reached lately' });
  await hasText(dormant, /of my active organisations neither attended nor in dialogue since/);
  await hasText(dormant.getByRole('row').filter({ hasText: org.name }), 'Never');
  await visible(page.getByLabel('Not reached in'));
  await visible(page.getByRole('region', { name: /^This week/ }).getByRole('heading', { name: 'Events' }));
  await settled(page);
  const work = await page.locator('main').innerText();
  for (const danish of ['Ikke nået i', 'af mine aktive', 'Denne uge', 'Tilmeldte', 'Fremmødte', 'Aldrig', 'forfald'])
    assert.ok(!work.includes(danish), `no Danish "${danish}" on the English My work`);
  await page.goto(`/organisations/${org.id}`);
  await page.getByRole('button', { name: 'Log an activity', exact: true }).click();
  const form = page.getByRole('region', { name: `Log an activity: ${org.name}` });
  await hasText(form, 'Brobygger must not hold CPR numbers');
  const text = await form.innerText();
  for (const danish of ['Emne', 'Noter', 'Registrér', 'Tilføj', 'Gem']) assert.ok(!text.includes(danish), `no Danish "${danish}" in the English form`);
  await form.getByLabel('Subject').fill(`Call ${stamp}`);
  await form.getByRole('button', { name: 'Save the activity' }).click();
  await hasText(page.getByRole('status'), `The activity with ${org.name} has been logged.`);
  await hasText(page.getByRole('region', { name: 'Timeline' }), `Call ${stamp}`);
});

e2e('outreach: after an event, one activity is logged for every organisation whose people attended', async (open) => {
  const list = await apiAs(USERS.officer, 'GET', '/events?status=completed&limit=50');
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const event = list.body.items.find((e) => e.status === 'completed');
  assert.ok(event, 'the demo data has a completed event');
  const page = await open();
  await login(page, USERS.officer);
  await page.goto(`/events/${event.id}`);
  await visible(heading(page, event.title));
  const card = page.getByRole('region', { name: 'Registrér aktivitet for de fremmødte' });
  await card.getByRole('button', { name: 'Registrér for alle fremmødte' }).click();
  await card.getByLabel('Emne').fill(`Tak for deltagelsen ${Date.now().toString(36)}`);
  await card.getByRole('button', { name: 'Registrér aktiviteterne' }).click();
  await hasText(card.getByRole('status'), /aktiviteter? er registreret\./);
});

// ---------------------------------------------------------------------------------------------
// Likely duplicates, merge side by side, and undo (issue 13)

e2e('likely duplicates: two organisations compared side by side, merged, and the merge undone', async (open) => {
  const stamp = Date.now().toString(36);
  const ref = await apiAs(USERS.officer, 'GET', '/reference/municipalities');
  const make = async (name, extra = {}) => {
    const r = await apiAs(USERS.officer, 'POST', '/organisations', { name, kind: 'sports_club', municipality_id: ref.body[0].id, ...extra });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const page = await open();
  await login(page, USERS.officer);
  await page.goto('/duplicates');
  // The demo data's duplicates, for the user guide.
  await hasText(page.getByTestId('duplicates'), 'Kulturforening', 'the demo data\'s likely duplicates');
  await settled(page);
  await shotOf(page.locator('main'), 'duplicates', { maxHeight: 900 });

  const kept = await make(`E2E Flettebold ${stamp}`);
  const other = await make(`e2e  FLETTEBOLD ${stamp}.`, { address: 'Flettevej 2' });
  await makeContact(other, `Frida Flette ${stamp}`);
  await page.reload();
  const row = page.locator(`tr[data-pair="${kept.id}-${other.id}"]`);
  await hasText(row, 'samme navn', 'the pair with its reason');
  await row.getByRole('link', { name: 'Sammenlign' }).click();

  const compare = page.getByTestId('merge-compare');
  await hasText(compare, 'Udfyldes: Flettevej 2', 'the empty address filled from the other');
  await hasText(page.getByTestId('merge-moves'), '1 kontaktpersoner', 'what moves with it');
  await axeSerious(page, 'the merge view');
  await settled(page);
  await shotOf(page.locator('main'), 'duplicates-compare', { maxHeight: 900 });
  await page.getByRole('button', { name: 'Flet', exact: true }).click();

  await atPath(page, /^\/merges\?/);
  const merged = await apiAs(USERS.officer, 'GET', `/organisations/${other.id}`);
  assert.equal(merged.body.status, 'merged');
  assert.equal(merged.body.merged_into_id, kept.id);
  const entry = page.locator('tr[data-merge]').first();
  await hasText(entry, `#${other.id}`, 'the merge in the journal');
  await entry.getByRole('button', { name: 'Fortryd' }).click();
  await visible(page.getByText('Fletningen er fortrudt.'), 'the undo confirmed');
  await hasText(page.locator('tr[data-merge]').first(), 'Fortrudt', 'the journal shows it undone');
  const back = await apiAs(USERS.officer, 'GET', `/organisations/${other.id}`);
  assert.equal(back.body.status, 'active');
  const people = await apiAs(USERS.officer, 'GET', `/organisations/${other.id}/contacts`);
  assert.equal(people.body.total, 1, 'the person moved back');
});

// ---------------------------------------------------------------------------------------------------
// Imports (issue 13)
// ---------------------------------------------------------------------------------------------------

e2e('import: an officer uploads a CSV, sees every row\'s outcome, skips one, commits and the organisations are there', async (open) => {
  const stamp = Date.now().toString(36);
  const csv = [
    'Navn;Kommune;Type;Hjemmeside',
    `Importklubben Nord ${stamp};Aalborg;Idrætsforening;https://nord.example.dk`,
    `Importklubben Syd ${stamp};101;sports_club;`,
    `Importklubben Øst ${stamp};751;sports_club;`,
    `Uden kommune ${stamp};;sports_club;`,
  ].join('\r\n');
  const page = await open();
  await login(page, USERS.officer);
  await page.goto('/organisations');
  await page.getByRole('link', { name: 'Importér fra fil' }).click();
  await visible(heading(page, 'Importér'));
  await page.getByLabel('Fil').setInputFiles({ name: 'foreninger.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await shotOf(page.getByTestId('import-upload'), 'import-upload');
  await page.getByRole('button', { name: 'Hent forhåndsvisning' }).click();
  await atPath(page, /^\/imports\/\d+$/);
  await hasText(page.getByTestId('import-count-new'), '3');
  await hasText(page.getByTestId('import-count-invalid'), '1');
  const invalid = page.getByTestId('import-rows').locator('tr[data-row="5"]');
  await hasText(invalid, 'Kommune: skal udfyldes');
  await settled(page);
  await shot(page, 'import-preview');
  await axeSerious(page, 'the import preview');
  // Skip the row in København by decision.
  await page.getByLabel('Beslutning for række 3').selectOption('skip');
  await hasText(page.getByTestId('import-count-new'), '3');
  await eventually('the decision saved', async () => (await page.getByLabel('Beslutning for række 3').inputValue()) === 'skip');
  await page.getByTestId('import-commit').click();
  await hasText(page.getByTestId('import-notice'), 'Importen er gennemført: 2 oprettet, 0 opdateret, 2 sprunget over.');
  await shot(page, 'import-committed');
  const listed = await apiAs(USERS.officer, 'GET', `/organisations?q=${encodeURIComponent(`Importklubben Nord ${stamp}`)}`);
  assert.equal(listed.body.total, 1, 'the imported organisation is in the register');
  const skipped = await apiAs(USERS.officer, 'GET', `/organisations?q=${encodeURIComponent(`Importklubben Syd ${stamp}`)}`);
  assert.equal(skipped.body.total, 0, 'the skipped row was not written');
});

e2e('messages: an officer writes to the confirmed people of an event, sees who is left out and the preview, sends and sees the history', async (open) => {
  const stamp = Date.now().toString(36);
  const title = `E2E Beskedmøde ${stamp}`;
  const person = async (name, local, consent) => {
    const r = await apiAs(USERS.officer, 'POST', '/contacts', {
      organisation_id: fixtures.partnerOrg.id,
      name,
      email: `${local}.${stamp}@example.dk`,
      consent: { invitations: consent, newsletter: false },
    });
    assert.equal(r.status, 201, `contact ${name}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const yes = await person(`Ida Ja ${stamp}`, 'ida', true);
  const no = await person(`Nils Nej ${stamp}`, 'nils', false);
  const event = await makeEvent({
    title,
    starts_at: `${copenhagenDate(20)}T13:00:00+01:00`,
    ends_at: `${copenhagenDate(20)}T15:00:00+01:00`,
    venue: { name: 'Dokk1', address: null, municipality_id: null },
  });
  for (const c of [yes, no]) {
    const r = await apiAs(USERS.officer, 'POST', `/events/${event.id}/registrations`, { contact_id: c.id });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }

  const officer = await open();
  await login(officer, USERS.officer);
  await officer.goto(`/events/${event.id}`);
  await visible(heading(officer, title));
  const card = officer.getByRole('region', { name: 'Beskeder til deltagerne' });
  await visible(card, 'the messages card');
  await card.getByLabel('Emne').fill('Husk ID til {{event_title}}');
  await card.getByLabel('Tekst').fill('Kære {{navn}}');
  await card.getByRole('button', { name: 'Vis modtagere og eksempel' }).click();
  await visible(card.getByText(/ukendt|unknown/i).first(), 'the unknown placeholder named next to the field');
  await card.getByLabel('Tekst').fill('Kære {{name}}, husk legitimation til {{venue}}.');
  await card.getByRole('button', { name: 'Vis modtagere og eksempel' }).click();
  await visible(card.getByText('1 modtagere'), 'the recipient count');
  await visible(card.getByText(`Husk ID til ${title}`), 'the filled-in subject');
  await visible(card.getByText(`Kære ${yes.name}, husk legitimation til Dokk1.`), 'the filled-in body');
  await visible(card.getByText(`${no.name}: intet samtykke til mails om arrangementer`), 'who is left out and why');
  // Who will get the reminder and when (issue 15), before anything is sent.
  await hasText(card.getByTestId('reminder-plan'), '48 timer før start');
  await hasText(card.getByTestId('reminder-plan'), 'til 1 personer');
  await axeSerious(officer, 'the event page with a message preview');
  await card.getByRole('button', { name: 'Send til 1' }).click();
  await visible(card.getByText('Beskeden er lagt i udbakken til 1 modtagere.'), 'the queued notice');
  await visible(card.getByRole('cell', { name: 'Husk ID til {{event_title}}' }), 'the message in the history');
  await hasText(card.getByRole('row').filter({ hasText: 'Husk ID til' }), '1 modtagere');
});

// ---------------------------------------------------------------------------------------------------
// Issue 16 (WEB): every route has its page. The dashboard's seven groupings and its filters, an event's
// summary, the partner's start page, the registration window, contact and organisation feeds, erasing an
// organisation's people, a registration's history and undoing a check-in.
// ---------------------------------------------------------------------------------------------------

const noSideways = async (page, what) => {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${what}: no sideways scrolling (${overflow}px)`);
};

e2e('dashboard (issue 16): all seven groupings, the filters, and an event summary page', async (open) => {
  const page = await open();
  await login(page, USERS.manager);
  const choice = page.locator('#by-choice');
  await visible(choice.getByRole('heading', { name: 'Opdeling: Region' }), 'the breakdown opens by region');
  await eventually('5 regions in the breakdown', async () => (await choice.locator('tbody tr').count()) === 5);
  const grouping = choice.getByLabel('Opdel efter');
  const names = { police_district: 'Politikreds', municipality: 'Kommune', organisation_kind: 'Type organisation', event_kind: 'Type arrangement', month: 'Måned', quarter: 'Kvartal' };
  for (const [value, name] of Object.entries(names)) {
    await grouping.selectOption(value);
    await atQuery(page, 'group', value);
    await visible(choice.getByRole('heading', { name: `Opdeling: ${name}` }), `the breakdown by ${value}`);
    await eventually(`the ${value} download`, async () =>
      new URL(await choice.getByRole('link', { name: 'Hent CSV' }).getAttribute('href'), base).searchParams.get('group_by') === value);
  }
  await eventually('quarters in the table', async () => /^[1-4]\. kvartal \d{4}$/.test(await choice.locator('tbody th').first().innerText()));

  // A filter narrows every overview on the page and its downloads; the URL keeps it.
  await page.getByLabel('Type arrangement').selectOption('training');
  await atQuery(page, 'event_kind', 'training');
  await page.getByLabel('Politikreds', { exact: true }).selectOption({ index: 1 });
  await eventually('the district filter in the URL', async () => /^\d+$/.test(new URL(page.url()).searchParams.get('police_district_id') ?? ''));
  await hasText(page.locator('.period-note'), 'afgrænset af de valgte filtre');
  const districtCsv = new URL(await page.locator('#by-district').getByRole('link', { name: 'Hent CSV' }).getAttribute('href'), base);
  assert.equal(districtCsv.searchParams.get('event_kind'), 'training');
  const reply = await page.request.get(districtCsv.pathname + districtCsv.search);
  assert.equal(reply.status(), 200, 'the filtered CSV downloads');
  await settled(page);
  await axeSerious(page, 'the dashboard with a breakdown and filters');

  // An event's summary: from the event page, for management too.
  const done = await apiAs(USERS.officer, 'GET', '/events?status=completed&order=desc&limit=1');
  assert.ok(done.body.items.length > 0, 'the demo data has a completed event');
  const ev = done.body.items[0];
  await page.goto(`/events/${ev.id}`);
  await page.getByRole('link', { name: 'Opsummering', exact: true }).click();
  await visible(heading(page, `Opsummering: ${ev.title}`), 'the summary page');
  await visible(page.getByRole('rowheader', { name: 'I alt' }), 'the total row');
  const csv = await page.getByRole('link', { name: 'Hent CSV' }).getAttribute('href');
  assert.match(csv, new RegExp(`^/api/v1/reports/events/${ev.id}\\?`));
  assert.equal((await page.request.get(csv)).status(), 200);
  await axeSerious(page, 'the event summary');

  const phone = await open({ viewport: { width: 390, height: 844 } });
  await login(phone, USERS.manager);
  await phone.goto('/dashboard?group=municipality&event_kind=seminar');
  await visible(phone.locator('#by-choice').getByRole('heading', { name: 'Opdeling: Kommune' }));
  await settled(phone);
  await noSideways(phone, 'the dashboard on a phone');
  await axeSerious(phone, 'the dashboard on a phone');
  await phone.goto(`/events/${ev.id}/summary`);
  await visible(heading(phone, `Opsummering: ${ev.title}`));
  await settled(phone);
  await noSideways(phone, 'the event summary on a phone');
  await axeSerious(phone, 'the event summary on a phone');
});

e2e("partner start page (issue 16): its people's upcoming registrations, events open to it, their history", async (open) => {
  const stamp = Date.now().toString(36);
  const title = `E2E Partnerstart ${stamp}`;
  const person = await makeContact(fixtures.partnerOrg, `Palle Partner ${stamp}`);
  const event = await makeEvent({ title, starts_at: `${copenhagenDate(9)}T10:00:00+01:00`, ends_at: `${copenhagenDate(9)}T12:00:00+01:00` });
  const reg = await apiAs(USERS.officer, 'POST', `/events/${event.id}/registrations`, { contact_id: person.id });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));

  const page = await open();
  await login(page, USERS.partner); // lands on "Forside"
  await atPath(page, /^\/start$/);
  const upcoming = page.getByRole('region', { name: 'Jeres kommende tilmeldinger' });
  const row = upcoming.getByRole('row').filter({ hasText: person.name });
  await visible(row, 'the upcoming registration');
  await hasText(row, title);
  await hasText(row, 'Bekræftet');
  const openEvents = page.getByRole('region', { name: 'Arrangementer, I kan tilmelde jer' });
  await visible(openEvents.getByRole('link', { name: title }), 'the event open to the partner');
  await visible(page.getByRole('heading', { name: 'Jeres folks deltagelse' }), 'the history');
  await settled(page);
  await axeSerious(page, "the partner's start page");
  await openEvents.getByRole('link', { name: title }).click();
  await visible(heading(page, title));

  const phone = await open({ viewport: { width: 390, height: 844 } });
  await login(phone, USERS.partner);
  await settled(phone);
  await noSideways(phone, "the partner's start page on a phone");
  await axeSerious(phone, "the partner's start page on a phone");
});

e2e('event form (issue 16): the registration window is set, shown on the event and cleared again', async (open) => {
  const stamp = Date.now().toString(36);
  const day = copenhagenDate(30);
  const event = await makeEvent({ title: `E2E Vindue ${stamp}`, starts_at: `${day}T10:00:00+01:00`, ends_at: `${day}T12:00:00+01:00` });
  const page = await open();
  await login(page, USERS.officer);
  await page.goto(`/events/${event.id}/edit`);
  const opens = copenhagenDate(2);
  const closes = copenhagenDate(20);
  await page.getByLabel('Tilmelding åbner (dato)').fill(opens);
  await page.getByLabel('Tilmelding åbner (kl.)').fill('08:00');
  await page.getByLabel('Tilmelding lukker (dato)').fill(closes);
  await page.getByLabel('Tilmelding lukker (kl.)').fill('16:00');
  await axeSerious(page, 'the event form with the registration window');
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await visible(heading(page, `E2E Vindue ${stamp}`), 'back on the event');
  await hasText(page.locator('dl.details'), 'Tilmelding åbner');
  const saved = await apiAs(USERS.officer, 'GET', `/events/${event.id}`);
  assert.equal(saved.body.registration_opens_at.slice(0, 16), `${opens}T08:00`);
  assert.equal(saved.body.registration_closes_at.slice(0, 16), `${closes}T16:00`);

  // The form shows the window again; emptied, it is cleared (opens at publication, closes at the start).
  await page.goto(`/events/${event.id}/edit`);
  assert.equal(await page.getByLabel('Tilmelding åbner (dato)').inputValue(), opens);
  for (const label of ['Tilmelding åbner (dato)', 'Tilmelding åbner (kl.)', 'Tilmelding lukker (dato)', 'Tilmelding lukker (kl.)']) await page.getByLabel(label).fill('');
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await visible(heading(page, `E2E Vindue ${stamp}`));
  const cleared = await apiAs(USERS.officer, 'GET', `/events/${event.id}`);
  assert.equal(cleared.body.registration_opens_at, null);
  assert.equal(cleared.body.registration_closes_at, cleared.body.starts_at);
});

e2e("feeds and erasure (issue 16): a contact's and an organisation's calendar address; an admin erases all of an organisation's people", async (open) => {
  const stamp = Date.now().toString(36);
  const { org, people } = await makeOutreachOrg(`Feed${stamp}`);
  const page = await open();
  await login(page, USERS.officer);
  for (const [href, what] of [
    [`/contacts/${people[0].id}`, 'the contact'],
    [`/organisations/${org.id}`, 'the organisation'],
  ]) {
    await page.goto(href);
    const section = page.getByRole('region', { name: 'Kalenderabonnement' });
    await section.getByRole('button', { name: 'Vis kalenderadressen' }).click();
    const box = section.getByLabel('Adresse til kalenderabonnement');
    const first = await eventually(`${what}'s feed URL`, async () => {
      const v = await box.inputValue();
      return /^https?:\/\/.+\.ics$/.test(v) ? v : false;
    });
    const feed = await fetchBare(first);
    assert.equal(feed.status, 200, `${what}'s feed: ${feed.body.slice(0, 200)}`);
    assert.match(feed.body, /BEGIN:VCALENDAR/);
    await section.getByRole('button', { name: 'Ny adresse', exact: true }).click();
    await section.getByRole('button', { name: 'Ja, lav en ny adresse' }).click();
    await eventually(`${what}'s new address`, async () => (await box.inputValue()) !== first);
    assert.equal((await fetchBare(first)).status, 404, `${what}'s old address stops working`);
    await axeSerious(page, `${what} page with its calendar address`);
  }
  await absent(page.getByRole('button', { name: 'Slet alle organisationens personer' }), 'not for officers');

  const admin = await open();
  await login(admin, USERS.admin);
  await admin.goto(`/organisations/${org.id}`);
  await admin.getByRole('button', { name: 'Slet alle organisationens personer' }).click();
  await admin.getByRole('button', { name: 'Ja, slet alle personer' }).click();
  await hasText(admin.getByRole('status').first(), 'Personoplysningerne er slettet for 2 personer.');
  for (const p of people) {
    const c = await apiAs(USERS.admin, 'GET', `/contacts/${p.id}`);
    assert.notEqual(c.body.erased_at, null, `${p.name} is erased`);
  }
  await axeSerious(admin, 'the organisation page after erasure');

  const phone = await open({ viewport: { width: 390, height: 844 } });
  await login(phone, USERS.officer);
  await phone.goto(`/organisations/${org.id}`);
  await phone.getByRole('region', { name: 'Kalenderabonnement' }).getByRole('button', { name: 'Vis kalenderadressen' }).click();
  await visible(phone.getByLabel('Adresse til kalenderabonnement'));
  await settled(phone);
  await noSideways(phone, 'an organisation with its calendar address on a phone');
  await axeSerious(phone, 'an organisation with its calendar address on a phone');
});

e2e("check-in (issue 16): a check-in is undone at the door, and the registration's history shows each step", async (open) => {
  const stamp = Date.now().toString(36);
  const title = `E2E Fortryd ${stamp}`;
  const person = await makeContact(fixtures.partnerOrg, `Ulla Undo ${stamp}`);
  const event = await makeEvent({ title, starts_at: isoIn(30), ends_at: isoIn(150) });
  const reg = await apiAs(USERS.officer, 'POST', `/events/${event.id}/registrations`, { contact_id: person.id });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));

  const page = await open();
  await login(page, USERS.officer);
  await page.goto(`/events/${event.id}/check-in`);
  await page.getByRole('button', { name: `Tjek ${person.name} ind` }).click();
  await hasText(page.getByRole('status'), `${person.name} er tjekket ind.`);
  await page.getByRole('button', { name: `Fortryd indtjekning af ${person.name}` }).click();
  await hasText(page.getByRole('status'), `${person.name} er ikke længere tjekket ind.`);
  await visible(page.getByRole('button', { name: `Tjek ${person.name} ind` }), 'the person can be checked in again');
  await axeSerious(page, 'the check-in page with an undo');
  const after = await apiAs(USERS.officer, 'GET', `/registrations/${reg.body.id}`);
  assert.equal(after.body.status, 'confirmed');

  await page.goto(`/events/${event.id}`);
  await regRow(page, person.name).getByRole('button', { name: `Historik for ${person.name}` }).click();
  const history = page.getByRole('region', { name: `Tilmeldingens historik: ${person.name}` });
  await hasText(history, 'Tilmeldt');
  await hasText(history, 'Tjekket ind');
  await hasText(history, 'Indtjekning fortrudt');
  await axeSerious(page, "a registration's history");

  // At the door on a phone: checked in again, the undo button beside the name.
  const phone = await open({ viewport: { width: 390, height: 844 } });
  await login(phone, USERS.officer);
  await phone.goto(`/events/${event.id}/check-in`);
  await phone.getByRole('button', { name: `Tjek ${person.name} ind` }).click();
  await visible(phone.getByRole('button', { name: `Fortryd indtjekning af ${person.name}` }));
  await settled(phone);
  await noSideways(phone, 'the check-in page on a phone');
  await axeSerious(phone, 'the check-in page with an undo on a phone');
});

// ---------------------------------------------------------------------------------------------------
// The user guide's pictures (issue 16): tours over the demo data as the demo users (`seed demo`), run alone
// with SCREENSHOTS=1 (`make screenshots`, then scripts/compress-screenshots.sh) so no test fixture shows. A normal
// run leaves them out (the pages are tested above); the older shot() calls in the tests above are inert then.
// ---------------------------------------------------------------------------------------------------

const DEMO = {
  admin: { email: 'admin@demo.brobygger.dk', role: 'admin' },
  manager: { email: 'manager@demo.brobygger.dk', role: 'manager' },
  partner: { email: 'partner@demo.brobygger.dk', role: 'partner' },
};
const PHONE = { width: 390, height: 844 };

/** A page's main content, at most `maxHeight` pixels of it (keeps the pictures small). */
const shotMain = (page, name, maxHeight = 1100) => shotOf(page.locator('main'), name, { maxHeight });

e2e('pictures: the register, events, series and outbox as the demo officer sees them', async (open) => {
  const page = await open();
  await page.goto('/login');
  await visible(heading(page, 'Log ind'));
  await shot(page, 'login');
  await login(page, DEMO_OFFICER);

  await page.goto('/organisations');
  await visible(page.locator('table.organisations tbody tr').first(), 'demo organisations');
  await settled(page);
  await shotMain(page, 'organisations');
  await page.getByRole('button', { name: 'Switch language to English' }).click();
  await visible(heading(page, 'Organisations'));
  await settled(page);
  await shotMain(page, 'organisations-english');
  await page.getByRole('button', { name: 'Skift sprog til dansk' }).click();
  await visible(heading(page, 'Organisationer'));

  // A demo organisation the officer works with, and one of its people.
  const activities = await apiAs(DEMO_OFFICER, 'GET', '/activities?user_id=me&limit=1');
  const orgId = activities.body.items[0].organisation_id;
  await page.goto(`/organisations/${orgId}`);
  await visible(page.getByRole('region', { name: 'Tidslinje' }).locator('.timeline-item').first());
  await settled(page);
  await shotMain(page, 'organisation-detail', 1400);
  const people = await apiAs(DEMO_OFFICER, 'GET', `/organisations/${orgId}/contacts?limit=1`);
  await page.goto(`/contacts/${people.body.items[0].id}`);
  await visible(heading(page, people.body.items[0].name));
  await settled(page);
  await shotMain(page, 'contact-detail', 1200);

  await page.goto('/organisations/new');
  await page.getByRole('button', { name: 'Opret', exact: true }).click();
  await visible(page.getByRole('alert').first(), 'the field errors');
  await settled(page);
  await shotMain(page, 'organisation-new-errors', 1000);

  await page.goto('/events');
  await visible(page.locator('main table tbody tr').first(), 'demo events');
  await settled(page);
  await shotMain(page, 'officer-events');
  await page.goto(`/events?view=month&month=${copenhagenDate(0).slice(0, 7)}`);
  await settled(page);
  await shotMain(page, 'events-month');

  // An upcoming demo event with people registered: the officer's view, and check-in on a phone.
  const coming = await apiAs(DEMO_OFFICER, 'GET', `/events?from=${copenhagenDate(0)}&status=published&limit=50`);
  const ev = coming.body.items.find((e) => e.confirmed > 1) ?? coming.body.items[0];
  await page.goto(`/events/${ev.id}`);
  await visible(heading(page, ev.title));
  await settled(page);
  await shotMain(page, 'event-officer', 1400);
  const phone = await open({ viewport: PHONE });
  await login(phone, DEMO_OFFICER);
  await phone.goto(`/events/${ev.id}/check-in`);
  await visible(heading(phone, `Indtjekning: ${ev.title}`));
  await settled(phone);
  await shot(phone, 'event-check-in');

  const series = await apiAs(DEMO_OFFICER, 'GET', '/series?limit=1');
  await page.goto(`/series/${series.body.items[0].id}`);
  await visible(heading(page, series.body.items[0].title));
  await settled(page);
  await shotMain(page, 'series', 1400);

  await page.goto('/outbox');
  await visible(heading(page, 'Udsendelser'));
  await settled(page);
  await shotMain(page, 'outbox', 1000);

  await page.goto('/profile');
  await visible(page.getByRole('region', { name: 'Kalenderabonnement' }));
  await settled(page);
  await shotOf(page.getByRole('region', { name: 'Kalenderabonnement' }), 'calendar-subscription');

  // A follow-up done, the next one offered.
  const open1 = await apiAs(DEMO_OFFICER, 'GET', '/follow-ups?assigned_user_id=me&status=open&limit=1');
  const f = open1.body.items[0];
  await page.goto(`/follow-ups?q=${encodeURIComponent(f.title)}`);
  await page.getByRole('button', { name: `Markér "${f.title}" som udført` }).first().click();
  await visible(page.getByRole('region', { name: 'Næste opfølgning' }), 'the next follow-up offered');
  await settled(page);
  await shotMain(page, 'outreach-follow-up-next', 1000);

  // Likely duplicates in the demo data, one pair side by side.
  await page.goto('/duplicates');
  await visible(page.getByTestId('duplicates'));
  await settled(page);
  await shotMain(page, 'duplicates', 900);
  await page.getByRole('link', { name: 'Sammenlign' }).first().click();
  await visible(page.getByTestId('merge-compare'));
  await settled(page);
  await shotMain(page, 'duplicates-compare', 900);

  // An import of a spreadsheet: the upload, the preview, the result.
  const csv = [
    'Navn;Kommune;Type;Hjemmeside',
    'Vollsmose Idrætsforening;Odense;Idrætsforening;https://vollsmose-if.example.dk',
    'Kulturforeningen Gellerup;751;sports_club;',
    'Ungdomsklubben Nordvest;101;sports_club;',
    'Foreningen uden kommune;;sports_club;',
  ].join('\r\n');
  await page.goto('/imports/new?kind=organisations');
  await page.getByLabel('Fil').setInputFiles({ name: 'foreninger.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await shotOf(page.getByTestId('import-upload'), 'import-upload');
  await page.getByRole('button', { name: 'Hent forhåndsvisning' }).click();
  await atPath(page, /^\/imports\/\d+$/);
  await visible(page.getByTestId('import-rows'));
  await settled(page);
  await shotMain(page, 'import-preview', 1200);
  await page.getByTestId('import-commit').click();
  await visible(page.getByTestId('import-notice'));
  await settled(page);
  await shotMain(page, 'import-committed', 900);

  // Phones: the month, and the menu.
  await phone.goto(`/events?view=month&month=${copenhagenDate(0).slice(0, 7)}`);
  await settled(phone);
  await shot(phone, 'phone-events-month');
  await phone.getByRole('button', { name: 'Menu' }).click();
  await visible(phone.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Organisationer' }));
  await shot(phone, 'phone-menu');
});

e2e("pictures: the partner's start page, its events and an event open to it", async (open) => {
  const page = await open();
  await login(page, DEMO.partner);
  await settled(page);
  await shotMain(page, 'partner-start', 1400);
  await page.goto('/events');
  await visible(heading(page, 'Arrangementer'));
  await settled(page);
  await shotMain(page, 'partner-events');
  const coming = await apiAs(DEMO.partner, 'GET', `/events?from=${copenhagenDate(0)}&status=published&limit=1`);
  await page.goto(`/events/${coming.body.items[0].id}`);
  await visible(heading(page, coming.body.items[0].title));
  await settled(page);
  await shotMain(page, 'event-partner', 1400);
  const phone = await open({ viewport: PHONE });
  await login(phone, DEMO.partner);
  await settled(phone);
  await shot(phone, 'phone-partner-start');
  await phone.goto('/events');
  await visible(heading(phone, 'Arrangementer'));
  await settled(phone);
  await shot(phone, 'phone-partner-events');
});

e2e('pictures: the management overview, a breakdown and an event summary', async (open) => {
  const page = await open();
  await login(page, DEMO.manager);
  await visible(page.locator('#by-district tbody tr').first());
  await settled(page);
  await shotMain(page, 'manager-dashboard', 1600);
  await page.goto('/dashboard?group=quarter&event_kind=training');
  await visible(page.locator('#by-choice').getByRole('heading', { name: 'Opdeling: Kvartal' }));
  await settled(page);
  await shotOf(page.locator('#by-choice'), 'dashboard-breakdown', { maxHeight: 900 });
  const done = await apiAs(DEMO_OFFICER, 'GET', '/events?status=completed&order=desc&limit=1');
  await page.goto(`/events/${done.body.items[0].id}/summary`);
  await visible(page.getByRole('rowheader', { name: 'I alt' }));
  await settled(page);
  await shotMain(page, 'event-summary', 900);
  const phone = await open({ viewport: PHONE });
  await login(phone, DEMO.manager);
  await settled(phone);
  await shot(phone, 'phone-manager-dashboard');
});

e2e("pictures: the administrator's users and audit trail", async (open) => {
  const page = await open();
  await login(page, DEMO.admin);
  await page.goto('/users');
  await visible(heading(page, 'Brugere'));
  await settled(page);
  await shotMain(page, 'users', 1000);
  await page.goto('/audit');
  await visible(heading(page, 'Revisionsspor'));
  await settled(page);
  await shotMain(page, 'audit', 1000);
});

// ---------------------------------------------------------------------------------------------
// Two languages (issue 16 point 2): every page of each role, walked once in Danish and once in English,
// shows no text that belongs only to the other language: the other dictionary's texts that differ from
// this language's (web-admin/src/i18n.ts), and the server's messages in the other language (the
// catalogue domain/messages.cpp: problems, field messages, the results of a batch).
// ---------------------------------------------------------------------------------------------

/** The UI dictionaries and the server catalogue: [{da, en}] pairs of texts, placeholders as they are. */
function languageTexts() {
  const ui = readFileSync(path.join(repo, 'web-admin', 'src', 'i18n.ts'), 'utf8');
  const daStart = ui.indexOf('const da = {');
  const enStart = ui.indexOf('const en: Record<MessageKey, string> = {');
  assert.ok(daStart >= 0 && enStart > daStart, 'i18n.ts still has its two dictionaries');
  const entries = (block) => {
    const map = new Map();
    for (const m of block.matchAll(/'((?:[^'\\]|\\.)+)':\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g))
      map.set(m[1], (m[2] ?? m[3]).replace(/\\(['"])/g, '$1'));
    return map;
  };
  const da = entries(ui.slice(daStart, enStart));
  const en = entries(ui.slice(enStart, ui.indexOf('\n};', enStart)));
  assert.ok(da.size > 500 && da.size === en.size, `both dictionaries read (${da.size} and ${en.size} keys)`);
  const pairs = [...da.keys()].map((k) => ({ da: da.get(k), en: en.get(k) }));
  const catalogue = readFileSync(path.join(repo, 'domain', 'messages.cpp'), 'utf8');
  const joined = (literals) => [...literals.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((l) => l[1].replace(/\\"/g, '"')).join('');
  let server = 0;
  for (const m of catalogue.matchAll(/\{((?:\s*"(?:[^"\\]|\\.)*")+),((?:\s*"(?:[^"\\]|\\.)*")+)\}/g)) {
    pairs.push({ en: joined(m[1]), da: joined(m[2]) });
    server += 1;
  }
  assert.ok(server > 250, `the server catalogue read (${server} messages)`);
  return pairs;
}

/**
 * For each language, matchers of the texts that belong only to the other one: a text of the other
 * language that is no text of this one. A text is found as a whole line of the page; a long one (20
 * characters or more of fixed text) also inside a line. Placeholders ({name}, %1) match anything.
 */
function otherLanguageMatchers() {
  const pairs = languageTexts();
  const own = { da: new Set(pairs.map((p) => p.da)), en: new Set(pairs.map((p) => p.en)) };
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const matchers = { da: [], en: [] };
  for (const lang of ['da', 'en']) {
    const other = lang === 'da' ? 'en' : 'da';
    const seen = new Set();
    for (const p of pairs) {
      const text = p[other];
      if (!text || p[lang] === text || own[lang].has(text) || seen.has(text)) continue;
      seen.add(text);
      const pieces = text.split(/\{\w+\}|%[1-9]/);
      const fixed = pieces.join('').replace(/[^\p{L}]/gu, '');
      if (fixed.length < 4) continue; // too short to belong to one language ("OK", "ID", "{n}")
      const long = pieces.join('').length >= 20;
      // A short text's placeholder is one word or number ("{total} organisations"), so that a code in a
      // longer line ("kind: – → organisations" in the audit trail) is not taken for it.
      const body = pieces.map(escape).join(long ? '.+?' : '\\S+');
      matchers[lang].push({ text, re: new RegExp(long ? body : `^${body}$`, 'u') });
    }
  }
  // The guard itself: a Danish text is caught on an English page and the other way round.
  assert.ok(matchers.en.some((m) => m.re.test('Organisationer')) && matchers.da.some((m) => m.re.test('Organisations')));
  assert.ok(matchers.da.some((m) => m.re.test('er ikke din nuværende adgangskode')) === false);
  assert.ok(matchers.da.some((m) => m.re.test('is not your current password')), 'a server message in English is caught');
  return matchers;
}

let languageMatchers = null;

/** Fails when the page, shown in `lang`, has a visible text of the other language only. */
async function oneLanguageOnly(page, lang, what) {
  languageMatchers ??= otherLanguageMatchers();
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `${what}: <html lang>`);
  const text = await page.evaluate(() => `${document.title}\n${document.body.innerText}`);
  const lines = text
    .split(/[\n\t]/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const found = [];
  for (const m of languageMatchers[lang]) {
    const line = lines.find((l) => m.re.test(l));
    if (line) found.push(`"${m.text}" in "${line.slice(0, 120)}"`);
  }
  assert.deepEqual(found, [], `${what} in ${lang === 'da' ? 'Danish' : 'English'} shows texts of the other language`);
}

/** The pages a role can open: its navigation, its profile, a detail page of each kind it may read, an unknown one. */
async function pagesOf(page, user) {
  const nav = page.getByRole('navigation').first();
  await visible(nav, 'the main navigation');
  const hrefs = await nav.getByRole('link').evaluateAll((links) => links.map((a) => new URL(a.href).pathname));
  assert.ok(hrefs.length >= 3, `the navigation of ${user.role} has its pages (${hrefs})`);
  const first = async (list) => {
    const r = await apiAs(user, 'GET', `${list}${list.includes('?') ? '&' : '?'}limit=1`);
    return r.status === 200 && r.body.items?.length ? r.body.items[0].id : null;
  };
  const extra = ['/profile', `/organisations/${fixtures.partnerOrg.id}`, '/organisations/987654321'];
  if (user.role !== 'manager') {
    const contact = await first('/contacts');
    if (contact) extra.push(`/contacts/${contact}`);
  }
  const event = await first('/events');
  if (event) extra.push(`/events/${event}`);
  if (user.role !== 'partner') {
    const series = await first('/series');
    if (series) extra.push(`/series/${series}`);
  }
  return [...new Set([...hrefs, ...extra])];
}

/** Logs in through the login page in `lang` (English: switched on the login page first). */
async function loginIn(page, user, lang) {
  await page.goto('/login');
  if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
  await visible(heading(page, lang === 'en' ? 'Log in' : 'Log ind'), `the login page in ${lang}`);
  await oneLanguageOnly(page, lang, 'the login page');
  await page.getByLabel(lang === 'en' ? 'Email' : 'E-mail').fill(user.email);
  await page.getByLabel(lang === 'en' ? 'Password' : 'Adgangskode').fill(PASSWORD);
  await page.getByRole('button', { name: lang === 'en' ? 'Log in' : 'Log ind', exact: true }).click();
  await eventually(`${user.role} logged in`, () => !new URL(page.url()).pathname.startsWith('/login'));
  await visible(page.locator('main h1'), `the start page of ${user.role}`);
}

e2e('two languages: every page of each role speaks only Danish, then only English', async (open) => {
  for (const role of ['admin', 'officer', 'manager', 'partner']) {
    const user = USERS[role];
    for (const lang of ['da', 'en']) {
      const page = await open();
      await loginIn(page, user, lang);
      for (const href of await pagesOf(page, user)) {
        await page.goto(href);
        await visible(page.locator('main h1'), `${href} for ${role} in ${lang}`);
        assert.equal(new URL(page.url()).pathname, href, `${role} stays logged in on ${href}`);
        await settled(page);
        await oneLanguageOnly(page, lang, `${href} for ${role}`);
      }
      await page.context().close();
    }
  }
});

e2e('two languages: a server message on a form follows the language of the screen', async (open) => {
  for (const lang of ['da', 'en']) {
    const page = await open();
    await loginIn(page, USERS.manager, lang);
    // A password change with a wrong current password: the server's field message, shown by the form.
    await page.goto('/profile');
    await page.getByLabel(lang === 'en' ? 'Current password' : 'Nuværende adgangskode').fill('not-the-password-at-all');
    await page.getByLabel(lang === 'en' ? 'New password' : 'Ny adgangskode').fill('an-entirely-New-password-77');
    await page.getByRole('button', { name: lang === 'en' ? 'Change password' : 'Skift adgangskode', exact: true }).click();
    await visible(page.getByText(lang === 'en' ? 'is not your current password' : 'er ikke din nuværende adgangskode').first(), `the server's message in ${lang}`);
    await oneLanguageOnly(page, lang, 'the profile page with a refused password change');
    await page.context().close();
  }
});

e2e('two languages: the screen starts in the user\'s saved language where none was chosen by hand', async (open) => {
  const made = await apiAs(USERS.admin, 'POST', '/users', {
    email: `english.${Date.now().toString(36)}@example.dk`,
    name: 'Edith English',
    role: 'manager',
    password: PASSWORD,
    language: 'en',
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const page = await open();
  await loginIn(page, { ...made.body, role: 'manager' }, 'da');
  await visible(page.getByRole('navigation', { name: 'Main menu' }), 'the English menu after login');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.reload();
  await visible(page.getByRole('navigation', { name: 'Main menu' }), 'still English after a reload');
  await oneLanguageOnly(page, 'en', 'the start page of a user who reads English');
});

// ---------------------------------------------------------------------------------------------------
// Every role saves its own language (issue 16, PATCH /api/v1/me): the profile's choice and the header's
// switch are stored for the user, so the next login (another device: a fresh browser) and the server's
// messages follow it.
// ---------------------------------------------------------------------------------------------------

e2e('own language: a partner and a manager save English themselves and the server speaks it after the next login', async (open) => {
  const stamp = Date.now().toString(36);
  const make = async (role, extra = {}) => {
    const made = await apiAs(USERS.admin, 'POST', '/users', {
      email: `own.language.${role}.${stamp}@example.dk`,
      name: `Sprog ${role}`,
      role,
      password: PASSWORD,
      ...extra,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.language, 'da');
    return { ...made.body, role };
  };
  const partner = await make('partner', { organisation_id: fixtures.partnerOrg.id });
  const manager = await make('manager');

  // The partner picks English on its profile page: saved, in the language just chosen.
  const page = await open();
  await loginIn(page, partner, 'da');
  await page.goto('/profile');
  // Its own display name first: saved, and the header follows.
  await page.locator('#profile-name').fill(`Sprog partner ${stamp}`);
  await page.getByRole('region', { name: 'Dit navn' }).getByRole('button', { name: 'Gem', exact: true }).click();
  await visible(page.getByText('Dit navn er gemt.'), 'the saved name');
  await hasText(page.getByRole('banner'), `Sprog partner ${stamp}`, 'the new name in the header');
  await page.locator('#profile-language').selectOption('en');
  await visible(page.getByText('Your language is saved.'), 'the saved notice in English');
  await axeSerious(page, 'the profile page with the language saved');
  assert.equal((await apiAs(partner, 'GET', '/me')).body.language, 'en', 'the partner\'s language is stored');
  await page.context().close();

  // The manager uses the header's switch on any page: saved too.
  const managerPage = await open();
  await loginIn(managerPage, manager, 'da');
  await managerPage.getByRole('button', { name: 'English' }).click();
  await visible(managerPage.getByRole('navigation', { name: 'Main menu' }), 'the English menu');
  await eventually('the manager\'s language is stored', async () => (await apiAs(manager, 'GET', '/me')).body.language === 'en');
  await managerPage.context().close();

  // Another device (nothing chosen by hand there): the screen starts in English, and a server message
  // (a refused password change) comes in English.
  for (const user of [partner, manager]) {
    const fresh = await open();
    await loginIn(fresh, user, 'da');
    await visible(fresh.getByRole('navigation', { name: 'Main menu' }), `the English menu for the ${user.role} after login`);
    await fresh.goto('/profile');
    await fresh.getByLabel('Current password').fill('not-the-password-at-all');
    await fresh.getByLabel('New password').fill('an-entirely-New-password-77');
    await fresh.getByRole('button', { name: 'Change password', exact: true }).click();
    await visible(fresh.getByText('is not your current password').first(), `the server's message in English for the ${user.role}`);
    await oneLanguageOnly(fresh, 'en', `the profile page of the ${user.role}`);
    await fresh.context().close();
  }
  // The server answers the user's language where a request asks for none (no Accept-Language here).
  const missing = await apiAs(partner, 'GET', '/organisations/987654321');
  assert.equal(missing.body.title, 'Not found');
});

// The user guide's pictures of the pages issue 15 and 16 added (a tour like the ones above, over the demo
// data): an event's messages and reminder, announcements ("Nyhedsbreve"), the trainings overview on the
// dashboard and a person's training record. Nothing is sent: only the previews.
e2e('pictures: messages, announcements, the trainings overview and a training record', async (open) => {
  const page = await open();
  await login(page, DEMO_OFFICER);

  // An upcoming demo event with confirmed people: its messages card, with a preview. The demo events send
  // no reminders (invented people); this one is given the usual 48 hours so the plan shows one.
  const coming = await apiAs(DEMO_OFFICER, 'GET', `/events?from=${copenhagenDate(7)}&status=published&limit=50`);
  const ev = coming.body.items.find((e) => e.confirmed > 1) ?? coming.body.items[0];
  const reminded = await apiAs(DEMO_OFFICER, 'PATCH', `/events/${ev.id}`, { reminder_hours: 48 });
  assert.equal(reminded.status, 200, JSON.stringify(reminded.body));
  await page.goto(`/events/${ev.id}`);
  const card = page.getByRole('region', { name: 'Beskeder til deltagerne' });
  await visible(card.getByTestId('reminder-plan'), 'the reminder plan');
  await card.getByLabel('Emne').fill('Husk legitimation til {{event_title}}');
  await card.getByLabel('Tekst').fill('Kære {{name}}\n\nHusk billedlegitimation ved indgangen til {{venue}}.\n\nVenlig hilsen');
  await card.getByRole('button', { name: 'Vis modtagere og eksempel' }).click();
  await visible(card.getByText(/^\d+ modtagere$/), 'the recipient count');
  await settled(page);
  await shotOf(card, 'event-messages', { maxHeight: 1200 });

  // An announcement to the sports clubs of one police district: the dry run.
  await page.goto('/announcements');
  await visible(heading(page, 'Nyhedsbreve'));
  const districts = (await apiAs(DEMO_OFFICER, 'GET', '/reference/police-districts')).body;
  let district = districts[0];
  let most = -1;
  for (const d of districts) {
    const clubs = await apiAs(DEMO_OFFICER, 'GET', `/organisations?kind=sports_club&police_district_id=${d.id}&limit=1`);
    if (clubs.body.total > most) [district, most] = [d, clubs.body.total];
  }
  await page.getByRole('group', { name: 'Organisationstyper' }).getByLabel('Idrætsforening', { exact: true }).check();
  await page.getByRole('group', { name: 'Politikredse' }).getByLabel(district.name_da, { exact: true }).check();
  await page.getByLabel('Emne').fill('Temadag om forebyggelse i foreningslivet');
  await page.getByLabel('Tekst').fill('Kære {{name}}\n\nVi inviterer {{organisation}} til en temadag om forebyggelse.\n\nVenlig hilsen');
  await page.getByRole('button', { name: 'Vis modtagere og eksempel' }).click();
  await visible(page.getByText(/^\d+ modtagere$/), 'the recipient count');
  await settled(page);
  await shotMain(page, 'announcements', 1400);

  // A person who attended a closed training: the training record with its certificate.
  const trainings = await apiAs(DEMO_OFFICER, 'GET', '/events?kind=training&status=completed&limit=1');
  const seats = await apiAs(DEMO_OFFICER, 'GET', `/events/${trainings.body.items[0].id}/registrations?status=attended&limit=1`);
  await page.goto(`/contacts/${seats.body.items[0].contact_id}`);
  const record = page.locator('section', { has: page.getByRole('heading', { name: 'Kurser', exact: true }) });
  await visible(record.getByRole('link', { name: /Kursusbevis \(PDF\)/ }).first(), 'the training record');
  await settled(page);
  await shotOf(record, 'contact-trainings', { maxHeight: 700 });

  // The trainings overview on the dashboard, as management sees it.
  const manager = await open();
  await login(manager, DEMO.manager);
  const section = manager.locator('#trainings');
  await visible(section.locator('table.trainings-cross tbody tr').first(), 'the trainings overview');
  await settled(manager);
  await shotOf(section, 'dashboard-trainings', { maxHeight: 1100 });
});
