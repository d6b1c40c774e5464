// A newcomer's walk through the demo engagement that `make run` opens: the
// evidence, a search opened in the viewer, a log line cited in a draft
// finding, the CM-01 test grid with its exceptions, the draft report, F-003
// issued by a reviewer, and the final report. The screenshots are the user
// guide's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { keep, openDemo, serve, tempDir, unlock } from './harness.mjs';

test('walk the demo engagement from its evidence to its final report', async (t) => {
  const { page, server, dialogs, data, nav } = await openDemo(t);

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

  // The IAM change behind draft finding F-003, cited in it from the viewer.
  await nav.getByRole('link', { name: 'Search' }).click();
  await page.getByLabel('Search evidence').fill('AttachUserPolicy');
  await results.getByRole('link', { name: 'Open cloudtrail-2026-11-18.json' }).click();
  await page.getByRole('button', { name: 'Pin…' }).click();
  const pinForm = page.getByRole('form', { name: 'Pin cloudtrail-2026-11-18.json' });
  await pinForm.getByLabel('Finding').check();
  await pinForm.getByLabel('Which finding').selectOption('F-003');
  await keep(page, 'demo-pin-finding.png');
  await pinForm.getByRole('button', { name: 'Cite in finding' }).click();
  // The line picked is cited as the search cites it: the CloudTrail record and the line it starts on.
  await page.getByRole('status').filter({ hasText: /^Cited cloudtrail-2026-11-18\.json \(record \d+, line \d+\) in finding F-003\./ }).waitFor();

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

  // F-003 is still a draft: its preparer submits it, then a reviewer,
  // someone else at the keyboard, signs it off and issues it.
  const engId = page.url().match(/#\/engagement\/([^/?]+)/)[1];
  const f3 = `#/engagement/${engId}/findings/F-003`;
  await page.goto(server.url + f3);
  const heading = page.getByRole('heading', { name: /^F-003 · / });
  await heading.waitFor();
  await page.getByRole('link', { name: 'cloudtrail-2026-11-18.json' }).waitFor();
  const workflow = page.getByRole('region', { name: 'Workflow' });
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await workflow.getByText(/^Prepared by /).waitFor();
  await server.stop();
  const reviewer = await serve(t, data, { AUDITROOM_ACTOR: 'dana' });
  await page.goto(reviewer.url + f3);
  await unlock(page, 'demo-passphrase');
  await heading.waitFor();
  await workflow.getByRole('button', { name: 'Sign off as reviewer' }).click();
  await workflow.getByText('Signed off by dana').waitFor();
  await workflow.getByRole('button', { name: 'Issue' }).click();
  await page.locator('.toolbar .status-issued').waitFor();

  // Every finding issued: the final report, without the DRAFT stamp.
  await nav.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('radio', { name: /Final/ }).check();
  const final = join(tempDir(t, 'auditroom-e2e-demo-final-'), 'Acme final report.pdf');
  await page.getByLabel('Save as (full path of the PDF)').fill(final);
  await page.getByLabel('Prepared by').fill('Example LLP');
  await page.getByRole('button', { name: 'Generate report' }).click();
  await page.getByRole('status').filter({ hasText: `Wrote ${final}` }).waitFor();
  await page.getByRole('region', { name: 'Report preview' }).getByRole('img', { name: /^Report page 1 of \d+$/ }).waitFor();
  await keep(page, 'demo-final-report.png');
  const text = execFileSync('pdftotext', [final, '-'], { encoding: 'utf8' });
  assert.doesNotMatch(text, /DRAFT/);
  assert.match(text, /F-003/);

  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);
  await reviewer.stop();
});
