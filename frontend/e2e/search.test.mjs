// An auditor searches what the client sent: a phrase, a word without its
// accent, a word with another left out, and a query with a mistake in it.
// Text and names from evidence that look like markup stay text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, keep, freshEngagement } from './harness.mjs';

const passphrase = 'correct horse battery';
const pwnedName = '<img src=x onerror="window.__pwned=1">.txt';

function makePack(t) {
  const root = tempDir(t, 'auditroom-search-pack-');
  const folder = join(root, 'Acme search PBC');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'q1-review.txt'), 'Quarterly user access review signed by the CISO\n');
  writeFileSync(join(folder, 'fiscal.csv'), 'label,value\nAnnée fiscale,2026\n');
  writeFileSync(join(folder, pwnedName), '<script>window.__pwned=2</script> access review\n');
  return folder;
}

test('search evidence: phrase, accents, exclusion, bad syntax; markup stays text', async (t) => {
  const folder = makePack(t);
  const { page, server, dialogs } = await freshEngagement(t, { passphrase });
  const nav = page.getByRole('navigation', { name: 'Engagement' });

  // Before any import, Search says there is nothing to search.
  await nav.getByRole('link', { name: 'Search' }).click();
  await page.getByText('No evidence imported yet').waitFor();

  // Import the folder through the Evidence screen.
  await nav.getByRole('link', { name: 'Evidence' }).click();
  await page.getByLabel('Path on this machine').fill(folder);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const summary = page.getByRole('region', { name: 'Import summary' });
  await summary.waitFor();
  assert.equal(await summary.getByText('Imported', { exact: true }).locator('xpath=following-sibling::dd').textContent(), '3');

  await nav.getByRole('link', { name: 'Search' }).click();
  const box = page.getByLabel('Search evidence');
  await page.getByRole('button', { name: '"access review"' }).waitFor();
  const results = page.getByRole('list', { name: 'Search results' });
  const status = page.locator('.search-status');

  // A phrase: both text files, the phrase inside <mark>.
  await box.fill('"access review"');
  await status.getByText(/^2 files · /).waitFor();
  const review = results.getByRole('listitem', { name: 'q1-review.txt' });
  const scripted = results.getByRole('listitem', { name: pwnedName });
  // Each word of the phrase is marked where it matched, in the passage that holds the phrase.
  for (const item of [review, scripted]) {
    const fragment = item.locator('.search-fragment', { hasText: /access review/i });
    await fragment.locator('mark').first().waitFor();
    assert.deepEqual(
      (await fragment.locator('mark').allTextContents()).map((m) => m.toLowerCase()),
      ['access', 'review'],
    );
  }
  // A file named .txt stays text, tags and all: the markup is shown as the characters it is.
  assert.match(await scripted.textContent(), /<script>window\.__pwned=2<\/script> access review/);
  await scripted.locator('.search-hit-name', { hasText: pwnedName }).waitFor();
  assert.match(await page.url(), /\/search\?q=%22access%20review%22$/);

  // Accents do not matter: the CSV row is found, and says where.
  await box.fill('annee');
  const csv = results.getByRole('listitem', { name: 'fiscal.csv' });
  await csv.waitFor();
  await status.getByText(/^1 file · /).waitFor();
  assert.match(await csv.textContent(), /row/);
  await csv.locator('mark', { hasText: 'Année' }).waitFor();

  // Leaving a word out: only the file whose text lacks it.
  await box.fill('access -ciso');
  await status.getByText(/^1 file · /).waitFor();
  await scripted.waitFor();
  assert.equal(await review.count(), 0);

  // Nothing from evidence ran or became an element.
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no markup from evidence ran');
  assert.equal(await page.locator('main img').count(), 0, 'no <img> made from evidence');
  assert.equal(await page.locator('main script').count(), 0, 'no <script> made from evidence');
  assert.deepEqual(dialogs, []);

  // Show the phrase search for the user guide.
  await box.fill('"access review"');
  await status.getByText(/^2 files · /).waitFor();
  await review.locator('mark').first().waitFor();
  await scripted.locator('mark').first().waitFor();
  await keep(page, 'search.png');

  // A reload keeps the query.
  await page.reload();
  await status.getByText(/^2 files · /).waitFor();
  assert.equal(await page.getByLabel('Search evidence').inputValue(), '"access review"');

  // A mistake in the query is reported, not a crash.
  await page.getByLabel('Search evidence').fill('after:2026-13-01');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /after:2026-13-01 at position 1 is not a date/);
  await page.getByLabel('Search evidence').waitFor();
  await server.stop();
});
