// A reviewer's first session in the browser: create a passphrase, create an
// engagement, see it listed; then restart the server, unlock (after one wrong
// try) and find it still there, with its trail intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, tempDir, keep, createPassphrase, createEngagement } from './harness.mjs';

const passphrase = 'correct horse battery';

test('create, list, restart, unlock, verify', async (t) => {
  const data = tempDir(t, 'auditroom-e2e-');
  const ctx = await browser(t);
  const page = await ctx.newPage();
  const outside = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.hostname !== '127.0.0.1') outside.push(r.url());
  });

  let server = await serve(t, data);
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Create a passphrase' }).waitFor();
  assert.ok(!page.url().includes('token='), 'the token is taken out of the visible address');
  await createPassphrase(page, passphrase);

  await page.getByText('No engagements yet').waitFor();
  await createEngagement(page, {
    name: 'Acme FY26',
    client: 'Acme Holdings',
    type: 'Type 2',
    start: '2026-01-01',
    end: '2026-12-31',
    categories: ['Availability'],
  });
  await page.getByRole('heading', { name: 'Acme FY26' }).waitFor();
  await page.getByRole('link', { name: /All engagements/ }).click();
  await page.getByRole('cell', { name: 'Acme Holdings' }).waitFor();
  await keep(page, 'browser-engagements.png');

  // A new start of the server: a new token, and the store locked again.
  await server.stop();
  server = await serve(t, data);
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Unlock Audit Room' }).waitFor();
  await page.getByLabel('Passphrase').fill('not the passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor();
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  const row = page.getByRole('cell', { name: 'Acme FY26' });
  await row.waitFor();

  // The trail holds the creation, and the chain verifies through a job
  // whose progress arrives over server-sent events.
  await row.click();
  await page.getByRole('link', { name: 'Trail' }).click();
  await page.getByRole('cell', { name: 'engagement.create' }).waitFor();
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await page.getByRole('status').filter({ hasText: 'Chain intact — 1 event,' }).waitFor();
  await keep(page, 'browser-trail.png');

  assert.deepEqual(outside, [], 'the page made no requests off this machine');
  await server.stop();
});

test('names that look like markup are shown as text', async (t) => {
  const data = tempDir(t, 'auditroom-e2e-');
  const ctx = await browser(t);
  const page = await ctx.newPage();
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  const server = await serve(t, data);
  await page.goto(server.url);
  await createPassphrase(page, passphrase);

  const name = '<img src=x onerror="window.__pwned=1">';
  const client = '<script>window.__pwned=2</script>';
  await createEngagement(page, { name, client, start: '2026-01-01', end: '2026-06-30' });
  await page.getByRole('heading', { name }).waitFor();
  await page.getByText(client).first().waitFor();

  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no markup from a name ran');
  assert.equal(await page.locator('img').count(), 0, 'no element was made from a name');
  assert.deepEqual(dialogs, []);
  await server.stop();
});
