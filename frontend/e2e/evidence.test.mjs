// An auditor imports what the client sent: a folder of files and a zip
// holding a zip bomb. They read the import summary, find the files in the
// table with the control their folder names, open one to see its hash and
// chain of custody, see a file dated outside the period marked, and correct
// a file's as-of date. Names that look like markup
// stay text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, keep, freshEngagement } from './harness.mjs';

const passphrase = 'correct horse battery';
const pwnedName = '<img src=x onerror="window.__pwned=1">.txt';

/** The pack folder and the zip, written fresh for each run. */
function makePack(t) {
  const root = tempDir(t, 'auditroom-pack-');
  const folder = join(root, 'Acme PBC');
  const reviews = join(folder, 'CC6.1 Access reviews');
  mkdirSync(reviews, { recursive: true });
  const review = 'user,role,reviewed_by,date\nalice,admin,bob,2026-03-31\ncarol,viewer,bob,2026-03-31\n';
  writeFileSync(join(reviews, 'access-review-q1.csv'), review);
  writeFileSync(join(folder, 'policy 2025-12-31.md'), '# Access control policy\n\nAccess is reviewed every quarter.\n');
  writeFileSync(join(folder, 'users.csv'), 'user,department\nalice,IT\ncarol,Finance\n');
  writeFileSync(join(folder, 'notes.txt'), 'Walkthrough notes: tickets are approved before deploy.\n');
  writeFileSync(join(folder, 'notes copy.txt'), 'Walkthrough notes: tickets are approved before deploy.\n');
  writeFileSync(join(folder, pwnedName), 'A file whose name looks like markup.\n');

  // 50 MB of zeros compress about 1000:1, far past the 200:1 the importer accepts.
  const zip = join(root, 'bomb-pack.zip');
  execFileSync('python3', [
    '-c',
    `import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('readme.txt', 'The bomb is next to me.\\n')
    z.writestr('bomb.bin', bytes(50 * 1024 * 1024))`,
    zip,
  ]);
  return { folder, zip, reviewSHA: createHash('sha256').update(review).digest('hex') };
}

test('import a folder and a zip, read the summary, open a file, correct its date', async (t) => {
  const pack = makePack(t);
  const { page, server, dialogs } = await freshEngagement(t, { passphrase });

  // The Overview says there is nothing yet and leads to the import.
  const card = page.getByRole('region', { name: 'Evidence', exact: true });
  await card.getByText('No evidence yet').waitFor();
  await page.getByRole('navigation', { name: 'Engagement' }).getByRole('link', { name: 'Evidence' }).click();
  await page.getByText('No evidence yet. Import a zip file or a folder the client sent').waitFor();
  // The browser cannot hand over paths: no file dialogs, no drop zone.
  assert.equal(await page.getByRole('button', { name: 'Choose files…' }).count(), 0);

  // The folder: five distinct files and one duplicate.
  const path = page.getByLabel('Path on this machine');
  const summary = page.getByRole('region', { name: 'Import summary' });
  await path.fill(pack.folder);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await summary.waitFor();
  assert.equal(await summary.getByText('Imported', { exact: true }).locator('xpath=following-sibling::dd').textContent(), '5');
  assert.equal(await summary.getByText('Duplicates', { exact: true }).locator('xpath=following-sibling::dd').textContent(), '1');
  await page.getByRole('row', { name: 'Open access-review-q1.csv' }).waitFor();

  // The zip: its readme comes in, its bomb is refused and named with the reason.
  await path.fill(pack.zip);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const failed = page.getByRole('table', { name: 'Failed' });
  const bomb = failed.getByRole('row').filter({ hasText: 'bomb.bin' });
  await bomb.waitFor();
  assert.match(await bomb.textContent(), /zip bomb/);
  await page.getByRole('row', { name: 'Open readme.txt' }).waitFor();
  await page.getByText('Files 1–6 of 6').waitFor();

  // The control comes from the folder name, on the right row only.
  const reviewRow = page.getByRole('row', { name: 'Open access-review-q1.csv' });
  assert.match(await reviewRow.textContent(), /CC6\.1/);
  assert.match(await reviewRow.textContent(), /CC6\.1 Access reviews\/access-review-q1\.csv/);
  assert.doesNotMatch(await page.getByRole('row', { name: 'Open policy 2025-12-31.md' }).textContent(), /CC6\.1/);
  // The policy's name dates it before the period, and the table says so.
  await page
    .getByRole('row', { name: 'Open policy 2025-12-31.md' })
    .getByLabel('before the period start 2026-01-01')
    .getByText('⚠ outside period')
    .waitFor();
  await page.getByRole('row', { name: `Open ${pwnedName}` }).getByText(pwnedName, { exact: true }).first().waitFor();

  // Sorting by name, descending, happens on the Go side.
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  const table = page.getByRole('table', { name: 'Evidence files', exact: true });
  await table.locator('tbody tr').first().filter({ hasText: 'users.csv' }).waitFor();
  await page.getByRole('button', { name: 'Name', exact: true }).click();

  // The detail opens beside the table, from the keyboard.
  await reviewRow.focus();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('complementary', { name: 'Evidence detail' });
  await detail.getByRole('heading', { name: 'access-review-q1.csv' }).waitFor();
  await detail.getByText(pack.reviewSHA).waitFor();
  const provenance = detail.getByRole('list', { name: 'Provenance' });
  await provenance.getByText('Acme PBC', { exact: true }).waitFor();
  await provenance.getByText('CC6.1 Access reviews/access-review-q1.csv').waitFor();

  // Correct the as-of date; the table follows.
  await detail.getByLabel('As-of date').fill('2026-03-31');
  await detail.getByRole('button', { name: 'Save' }).click();
  await detail.getByText(/\(edited by hand(: [^)]+)?\)/).waitFor();
  await reviewRow.getByRole('cell', { name: '2026-03-31' }).waitFor();

  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no markup from a file name ran');
  assert.equal(await page.locator('img').count(), 0, 'no element was made from a file name');
  assert.deepEqual(dialogs, []);
  await keep(page, 'evidence.png');

  // The Overview counts the files.
  await page.getByRole('link', { name: 'Overview' }).click();
  await card.getByText('6 files').waitFor();
  await server.stop();
});
