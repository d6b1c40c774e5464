// A newcomer's walk through the demo engagement that `make run` opens: the
// evidence, a search opened in the viewer, the CM-01 test grid with its
// exceptions, and the draft report. The screenshots are the user guide's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { keep, openDemo, tempDir } from './harness.mjs';

test('walk the demo engagement from its evidence to its draft report', async (t) => {
  const { page, server, dialogs, nav } = await openDemo(t);

  // The evidence the client sent, with one file's custody and pins.
  await nav.getByRole('link', { name: 'Evidence' }).click();
  await page.getByRole('row', { name: 'Open terminations-2026.csv' }).click();
  const detail = page.getByRole('complementary', { name: 'Evidence detail' });
  await detail.getByRole('region', { name: 'Pins' }).getByText('Control AC-04').waitFor();
  await keep(page, 'demo-evidence.png');

  // A search, and its hit opened in the viewer on the row.
  await nav.getByRole('link', { name: 'Search' }).click();
  await page.getByLabel('Search evidence').fill('"Victor Hale"');
  const results = page.getByRole('list', { name: 'Search results' });
  await results.getByRole('link', { name: 'Open terminations-2026.csv' }).click();
  await page.getByRole('table', { name: 'Rows' }).getByRole('row', { selected: true }).getByText('Victor Hale').waitFor();
  await keep(page, 'demo-viewer.png');

  // The change-approval test: a seeded sample of 25 with its exceptions.
  await nav.getByRole('link', { name: 'Tests' }).click();
  await page.getByRole('row', { name: 'Open the test of CM-01' }).click();
  await page.getByText(/^Exceptions noted: \d+ of 25 samples/).first().waitFor();
  await keep(page, 'demo-test-grid.png');

  // The draft report, generated and previewed.
  await nav.getByRole('link', { name: 'Reports' }).click();
  const out = join(tempDir(t, 'auditroom-e2e-demo-out-'), 'Acme draft report.pdf');
  await page.getByLabel('Save as (full path of the PDF)').fill(out);
  await page.getByLabel('Prepared by').fill('Example LLP');
  await page.getByRole('button', { name: 'Generate report' }).click();
  await page.getByRole('region', { name: 'Report preview' }).getByRole('img', { name: /^Report page 1 of \d+$/ }).waitFor();

  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);
  await server.stop();
});
