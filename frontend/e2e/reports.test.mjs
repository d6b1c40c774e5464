// The demo engagement's findings report: built by `auditroom demo`, then
// generated from the Reports screen as a draft, saved where the reviewer
// says, and previewed page by page inside the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { keep, openDemo, tempDir } from './harness.mjs';

test('generate the demo engagement draft report and preview its pages', async (t) => {
  const { page, server, dialogs, nav } = await openDemo(t);
  await nav.getByRole('link', { name: 'Reports' }).click();

  const out = join(tempDir(t, 'auditroom-e2e-report-out-'), 'Acme draft report.pdf');
  await page.getByLabel('Save as (full path of the PDF)').fill(out);
  await page.getByLabel('Prepared by').fill('Example LLP');
  await page.getByRole('button', { name: 'Generate report' }).click();
  await page.getByRole('status').filter({ hasText: `Wrote ${out}` }).waitFor();
  assert.equal(statSync(out).mode & 0o777, 0o600);

  // The preview: the cover first, then the next page.
  const preview = page.getByRole('region', { name: 'Report preview' });
  const indicator = preview.locator('.report-page-indicator');
  await indicator.getByText(/^Page 1 of \d+$/).waitFor();
  const pages = Number((await indicator.textContent()).match(/of (\d+)/)[1]);
  assert.ok(pages >= 5, `${pages} pages`);
  await preview.getByRole('img', { name: `Report page 1 of ${pages}` }).waitFor();
  await keep(page, 'report-preview.png');
  await preview.getByRole('button', { name: 'Next page' }).click();
  await preview.getByRole('img', { name: `Report page 2 of ${pages}` }).waitFor();

  // Saving over the draft asks first; a final report waits until every
  // finding is issued, and the demo keeps a draft.
  await page.getByRole('radio', { name: /Final/ }).check();
  await page.getByRole('button', { name: 'Generate report' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Replace the file?' });
  await ask.filter({ hasText: `${out} already exists. Replace it?` }).waitFor();
  await ask.getByRole('button', { name: 'Replace' }).click();
  await page.getByRole('alert').filter({ hasText: 'a final report needs every finding issued: F-003 is draft' }).waitFor();
  assert.deepEqual(dialogs, []);
  await server.stop();
});
