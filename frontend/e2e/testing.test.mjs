// An auditor tests a change-management control. The client sent an export
// of 120 change tickets; the control matrix names the control. They freeze
// the export as a population (and read its completeness checks), work out a
// sample size and draw it with a recorded seed, write the test with two
// attributes, record the results from the keyboard, find an exception and
// note it, pin the ticket, and sign off as preparer and then reviewer. One
// more edit clears both sign-offs, and the screen says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, keep, freshEngagement, serve, unlock } from './harness.mjs';

const passphrase = 'correct horse battery';
const markup = '<img src=x onerror="window.__pwned=1">';

/** 120 tickets, every third day of 2026, one with a summary that looks like markup. */
function tickets() {
  const lines = ['Ticket,Opened,Approved by,Summary'];
  for (let i = 1; i <= 120; i++) {
    const d = new Date(Date.UTC(2026, 0, 1 + (i - 1) * 3));
    const summary = i === 7 ? markup : `Deploy release 2026.${i}`;
    lines.push(`CHG-${String(i).padStart(4, '0')},${d.toISOString().slice(0, 10)},rob,"${summary.replaceAll('"', '""')}"`);
  }
  return lines.join('\n') + '\n';
}

function makeFiles(t) {
  const root = tempDir(t, 'auditroom-testing-');
  const pack = join(root, 'Acme PBC');
  mkdirSync(pack, { recursive: true });
  writeFileSync(join(pack, 'change-tickets.csv'), tickets());
  const matrix = join(root, 'controls.csv');
  writeFileSync(matrix, 'Control ID,Control,Owner,Frequency,TSC\nCM-01,Change approval,Engineering,As needed,CC8.1\n');
  return { pack, matrix };
}

test('population, sample, test grid, exception, sign-offs', async (t) => {
  const files = makeFiles(t);
  const { page, server, dialogs, data } = await freshEngagement(t, { passphrase, env: { AUDITROOM_ACTOR: 'ann' } });
  const nav = page.getByRole('navigation', { name: 'Engagement' });

  // The client's export comes in as evidence.
  await nav.getByRole('link', { name: 'Evidence' }).click();
  await page.getByLabel('Path on this machine').fill(files.pack);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('row', { name: 'Open change-tickets.csv' }).waitFor();

  // The control matrix, as the scope screen imports it.
  await nav.getByRole('link', { name: 'Controls' }).click();
  await page.getByRole('button', { name: 'Import control matrix' }).first().click();
  await page.getByLabel('File').setInputFiles(files.matrix);
  await page.getByText('Would add 1, change 0, unchanged 0.').waitFor();
  await page.getByRole('button', { name: 'Apply import' }).click();
  await page.getByText('Imported 1, changed 0, unchanged 0.').waitFor();

  // A population from the CSV: the preview, the columns, a stated count.
  await nav.getByRole('link', { name: 'Populations' }).click();
  await page.getByText('No populations yet.').waitFor();
  await page.getByRole('button', { name: 'New population' }).click();
  const form = page.getByRole('form', { name: 'New population' });
  await form.getByLabel('Evidence file').selectOption({ label: 'change-tickets.csv' });
  const preview = page.getByRole('table', { name: 'First rows of the file' });
  await preview.getByRole('cell', { name: 'CHG-0001' }).waitFor();
  assert.equal(await preview.getByRole('cell', { name: markup }).count(), 1, 'the markup is a cell of text');
  await form.getByLabel('Key column').selectOption({ label: 'A: Ticket' });
  // The date column is proposed, with why.
  assert.match(await form.getByLabel('Why this date column').innerText(), /^Date column proposed: Opened: 19 of the first 19 rows are dates/);
  assert.equal(await form.getByRole('combobox', { name: /^Date column/ }).inputValue(), '1');
  await form.getByLabel('Row count the client stated (optional)').fill('120');
  await form.getByLabel('Name').fill('Changes FY26');
  await form.getByRole('button', { name: 'Create population' }).click();

  // The population page: rows, hashes and the completeness checks.
  await page.getByRole('heading', { name: 'Changes FY26' }).waitFor();
  assert.equal(await page.getByLabel('Row count').textContent(), '120');
  const checks = page.getByRole('region', { name: 'Completeness checks' });
  await checks.getByText('120 rows, as the client stated').waitFor();
  const gaps = checks.getByRole('listitem').filter({ hasText: 'Gaps in the period' });
  assert.match(await gaps.innerText(), /Check[\s\S]*no rows/, 'tickets every third day leave gaps, and the check says so');
  await page.getByRole('table', { name: 'Population rows' }).getByRole('cell', { name: markup }).waitFor();
  await page.getByText('Rows 1–50 of 120').waitFor();

  // The size by attribute sampling (90% confidence, tolerable 10%: n = 22), then the draw.
  await page.getByRole('button', { name: 'Draw a sample' }).click();
  const draw = page.getByRole('complementary', { name: 'Draw a sample' });
  await draw.getByLabel('Statistical').check();
  await draw.getByLabel('Confidence').fill('90%');
  await draw.getByLabel('Tolerable rate').fill('10%');
  await draw.getByRole('button', { name: 'Work out the size' }).click();
  await draw.getByLabel('Size explanation').getByText('Sample size: 22 (binomial)').waitFor();
  assert.equal(await draw.getByLabel('Items to draw (n)').inputValue(), '22');
  await draw.getByRole('button', { name: 'Draw sample' }).click();

  const sample = page.getByRole('complementary', { name: 'Sample', exact: true });
  const seed = (await sample.getByLabel('Seed').textContent()) ?? '';
  assert.match(seed, /^\d{10}$/, 'the seed drawn is shown');
  assert.equal(await sample.getByRole('table', { name: 'Sample items' }).locator('tbody tr').count(), 22);
  await sample.getByRole('button', { name: 'Redraw check' }).click();
  await sample.getByText('the same 22 items').waitFor();
  await page.getByRole('table', { name: 'Samples' }).getByRole('cell', { name: seed }).waitFor();
  await keep(page, 'population.png');

  // The test: control, procedure, two attributes, the sample, its rates.
  await nav.getByRole('link', { name: 'Tests' }).click();
  await page.getByText('No tests yet.').waitFor();
  await page.getByRole('button', { name: 'New test' }).click();
  const newTest = page.getByRole('complementary', { name: 'New test' });
  await newTest.getByLabel('Control', { exact: true }).selectOption({ label: 'CM-01 · Change approval' });
  await newTest.getByLabel('Procedure').fill('For each sampled change, inspect the ticket for approval and testing before deployment.');
  await newTest.getByLabel('Attribute A', { exact: true }).fill('Approved before deployment');
  await newTest.getByLabel('Attribute A exception wording').fill('lacked documented approval');
  await newTest.getByRole('button', { name: 'Add attribute' }).click();
  await newTest.getByLabel('Attribute B', { exact: true }).fill('Tested before deployment');
  await newTest.getByLabel('Sample', { exact: true }).selectOption({ label: `Changes FY26: 22 items, random, seed ${seed}` });
  // The sample's plan gives the test its rates.
  assert.equal(await newTest.getByLabel('Confidence').inputValue(), '90%');
  assert.equal(await newTest.getByLabel('Tolerable rate').inputValue(), '10%');
  await newTest.getByRole('button', { name: 'Create test' }).click();

  // The grid, from the keyboard: p down column A with an e on sample 3, then column B.
  const grid = page.getByRole('grid', { name: 'Test grid' });
  const cell = (n, a) => grid.getByRole('gridcell', { name: new RegExp(`^Sample ${n} ${a}:`) });
  await cell(1, 'A').click();
  for (let i = 1; i <= 22; i++) await page.keyboard.press(i === 3 ? 'e' : 'p');
  await cell(1, 'B').click();
  for (let i = 1; i <= 22; i++) await page.keyboard.press('p');
  const conclusion = page.getByLabel('Conclusion');
  const expected = 'Exceptions noted: 1 of 22 samples lacked documented approval (sample 3).';
  await page.getByText(expected, { exact: true }).waitFor();
  assert.equal(await cell(3, 'A').getAttribute('aria-label'), 'Sample 3 A: Exception');

  // The note, from the keyboard: Enter opens it, Enter saves it.
  await cell(3, 'A').click();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('complementary', { name: 'Cell 3/A' });
  await panel.getByLabel('Note').fill('No approval recorded on the ticket before it was deployed.');
  await page.keyboard.press('Enter');
  await cell(3, 'A').getByTitle('No approval recorded on the ticket before it was deployed.').waitFor();

  // The ticket behind it, found by its key with search and pinned to the cell.
  const item = grid.locator('tbody tr').nth(2); // sample 3: its row in the file, its key
  const fileRow = (await item.locator('td').nth(0).textContent()) ?? '';
  const key = (await item.locator('td').nth(1).textContent()) ?? '';
  assert.match(key, /^CHG-\d{4}$/);
  await panel.getByLabel('Find evidence to pin').fill(key);
  await panel.getByRole('button', { name: 'Search' }).click();
  // The hit cites the ticket's own row (a CSV row is its line too), and that is what is pinned.
  const place = `row ${fileRow}, line ${fileRow}`;
  await panel.getByRole('button', { name: `Choose change-tickets.csv, ${place}`, exact: true }).click();
  await panel.getByRole('button', { name: 'Pin to 3/A' }).click();
  const pinned = panel.getByRole('list', { name: 'Pinned evidence' });
  await pinned.getByText('change-tickets.csv', { exact: true }).waitFor();
  await pinned.getByText(place, { exact: true }).waitFor();
  await cell(3, 'A').getByText('1 pin').waitFor();
  // The pinned file opens the viewer at the cited row.
  const href = (await pinned.getByRole('link', { name: 'change-tickets.csv' }).getAttribute('href')) ?? '';
  assert.match(href, new RegExp(`/view/[0-9a-f]{24}\\?row=${fileRow}&line=${fileRow}$`));
  // The grid shows the sampled row's key column by its header, from the population.
  await grid.getByRole('columnheader', { name: 'Ticket' }).waitFor();

  // The evaluation against the tolerable rate.
  const evaluation = page.getByRole('region', { name: 'Evaluation' });
  await evaluation.getByText('4.55% (1 of 22)', { exact: true }).waitFor();
  await evaluation.getByText('16.6% at 90% confidence', { exact: true }).waitFor();
  assert.match(await evaluation.locator('dd').nth(2).innerText(), /^10%: ⚠ does not support the planned reliance/);

  // Preparer, then reviewer, each named and timestamped; the preparer
  // cannot review her own work.
  await page.getByRole('button', { name: 'Sign off as preparer' }).click();
  await page.getByText(/Preparer signed off by ann/).waitFor();
  await page.getByText(/^ann prepared this test, and the reviewer must be someone else/).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Sign off as reviewer' }).isDisabled());
  // The reviewer takes the keyboard: the same data folder, as rita.
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no markup from the export ran');
  const testURL = new URL(page.url());
  await server.stop();
  const reviewer = await serve(t, data, { AUDITROOM_ACTOR: 'rita' });
  await page.goto(`${reviewer.url}${testURL.hash}`);
  await unlock(page, passphrase);
  await page.getByRole('button', { name: 'Sign off as reviewer' }).click();
  await page.getByText(/Reviewer signed off by rita/).waitFor();
  assert.equal(await conclusion.textContent(), expected);
  await cell(3, 'A').click();
  await keep(page, 'test-grid.png');

  // An edit after the sign-offs clears them, and the screen says so.
  await cell(5, 'B').click();
  await page.keyboard.press('n');
  await page
    .getByRole('status')
    .getByText('Editing cell 5/B cleared the preparer and reviewer sign-offs; the trail records it.', { exact: false })
    .waitFor();
  await page.getByRole('button', { name: 'Sign off as preparer' }).waitFor();
  assert.equal(await page.getByText(/signed off by/).count(), 0);

  // The list of tests says where the test stands.
  await page.getByRole('link', { name: '← Tests' }).click();
  const row = page.getByRole('row', { name: 'Open the test of CM-01' });
  await row.getByText('Exceptions noted: 1 of 22 samples').waitFor();
  assert.match(await row.innerText(), /22\s+1\s+✓ Complete/);

  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no markup from the export ran');
  assert.deepEqual(dialogs, []);
  await reviewer.stop();
});
