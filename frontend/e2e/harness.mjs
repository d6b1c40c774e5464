// Shared pieces of the end-to-end tests: the real `auditroom serve` binary,
// Debian's Chromium through playwright-core, and clean-up of both.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');
export const bin = process.env.AUDITROOM_BIN ?? join(repo, 'build', 'bin', 'auditroom');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** A folder removed when the test ends. */
export function tempDir(t, prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));
  return dir;
}

/**
 * Starts `auditroom serve --json` on a data folder and resolves to its URL;
 * env adds variables, e.g. AUDITROOM_ACTOR to be someone else. The
 * returned stop() sends SIGINT and waits for a clean exit.
 */
export async function serve(t, data, env = {}) {
  const child = spawn(bin, ['serve', '--json', '--data', data], {
    env: { PATH: process.env.PATH, HOME: data, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    child.kill('SIGINT');
    const { code } = await exited;
    if (code !== 0) throw new Error(`auditroom serve exited with ${code}: ${stderr}`);
  };
  t.after(() => {
    if (!stopped) child.kill('SIGKILL');
  });
  const url = await new Promise((res, rej) => {
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
      try {
        res(JSON.parse(out).url);
      } catch {
        // the JSON document is not complete yet
      }
    });
    exited.then(({ code }) => rej(new Error(`auditroom serve exited (${code}) before printing its URL: ${stderr}`)));
  });
  return { url, stop };
}

/** Launches headless Chromium with a fresh profile and no background network. */
export async function browser(t) {
  // The profile is removed only once Chromium has closed and stopped
  // writing to it; removing it first races with Chromium's last writes.
  const profile = mkdtempSync(join(tmpdir(), 'auditroom-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  t.after(async () => {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  });
  return ctx;
}

/** Saves a screenshot for the user guide. */
export async function keep(page, name) {
  const dir = join(repo, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name) });
}

/** Fills in the first-run "Create a passphrase" form and submits it. */
export async function createPassphrase(page, passphrase) {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Confirm passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create passphrase' }).click();
}

/**
 * Opens "New engagement", fills it in and submits it. `type` is the start of
 * a type's label ("Type 2") to pick; `categories` are the labels to tick.
 */
export async function createEngagement(page, { name, client, type, start, end, categories = [] }) {
  await page.getByRole('button', { name: 'New engagement' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Client').fill(client);
  if (type) await page.getByLabel(new RegExp(`^${type}`)).check();
  await page.getByLabel('Period start').fill(start);
  await page.getByLabel('Period end').fill(end);
  for (const category of categories) await page.getByLabel(category).check();
  await page.getByRole('button', { name: 'Create engagement' }).click();
}

/**
 * The start most flows share: a fresh data folder and server, a browser
 * page that records any dialog, a new passphrase and the engagement
 * "Acme FY26" (Type 2, 2026), open on its overview.
 */
export async function freshEngagement(t, { passphrase, categories, env } = {}) {
  const data = tempDir(t, 'auditroom-e2e-');
  const ctx = await browser(t);
  const page = await ctx.newPage();
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const server = await serve(t, data, env);
  await page.goto(server.url);
  await createPassphrase(page, passphrase);
  await createEngagement(page, {
    name: 'Acme FY26',
    client: 'Acme Holdings',
    type: 'Type 2',
    start: '2026-01-01',
    end: '2026-12-31',
    categories,
  });
  await page.getByRole('heading', { name: 'Acme FY26' }).waitFor();
  return { page, server, dialogs, data };
}

/**
 * Calls a bound method over the server's HTTP API, as the browser transport
 * does, for setup that belongs to another screen; rejects with the error.
 */
export async function apiCall(server, method, ...args) {
  const u = new URL(server.url);
  const res = await fetch(new URL('/api/call', u), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + u.searchParams.get('token') },
    body: JSON.stringify({ method, args }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Fills in the "Unlock Audit Room" form of an existing data folder. */
export async function unlock(page, passphrase) {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/**
 * The demo engagement, built by `auditroom demo` in a fresh data folder,
 * served, unlocked and open in a browser page that records any dialog.
 */
export async function openDemo(t, passphrase = 'demo-passphrase') {
  const data = tempDir(t, 'auditroom-e2e-demo-');
  execFileSync(bin, ['demo', '--data', data], {
    env: { PATH: process.env.PATH, HOME: data, AUDITROOM_PASSPHRASE: passphrase },
    stdio: 'ignore',
  });
  const server = await serve(t, data);
  const page = await (await browser(t)).newPage();
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(server.url);
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('cell', { name: /Acme Holdings FY26/ }).first().click();
  return { page, server, dialogs, data, nav: page.getByRole('navigation', { name: 'Engagement' }) };
}

/**
 * Writes a findings or response packet from its export form: the new file,
 * the packet's passphrase twice, then the form's button (`button`).
 */
export async function exportPacket(form, file, passphrase, button) {
  await form.getByLabel('New packet file (path on this machine)').fill(file);
  await form.getByLabel('Packet passphrase', { exact: true }).fill(passphrase);
  await form.getByLabel('Packet passphrase again').fill(passphrase);
  await form.getByRole('button', { name: button }).click();
}

/** Opens a findings packet as the compliance lead does, from the start screen of a data folder. */
export async function openFindingsPacket(page, file, passphrase) {
  await page.getByRole('button', { name: 'Open a findings packet…' }).click();
  const open = page.getByRole('complementary', { name: 'Open a findings packet' });
  await open.getByLabel('Findings packet (path on this machine)').fill(file);
  await open.getByLabel('Its passphrase').fill(passphrase);
  await open.getByRole('button', { name: 'Open packet' }).click();
}
