// An auditor brings the client's control matrix: a CSV with a title row
// above the header and two columns that could be the criteria. The import
// guesses the wrong one (its IDs are unknown), the auditor picks the other
// column in the preview, applies, and the coverage view names the criteria
// no control covers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, browser, tempDir, keep, createPassphrase, createEngagement } from './harness.mjs';

const passphrase = 'correct horse battery';

const matrix = [
  'Acme control matrix FY26,,,,,',
  ',,,,,',
  'Control ID,Control,Owner,Frequency,TSC,Mapped criteria (2017)',
  'AC-01,Quarterly access review,IT Security,Quarterly,CC99.1,"CC6.1, CC6.2; CC6.3"',
  'AC-02,<b>MFA</b> on remote access,IT,Continuous,CC99.2,"CC6.1\nCC6.6"',
  'CM-01,Change approval,Engineering,As needed,CC99.3,CC8.1',
  '',
].join('\r\n');

test('import a control matrix, fix a mapping, see coverage gaps', async (t) => {
  const data = tempDir(t, 'auditroom-e2e-');
  const files = tempDir(t, 'auditroom-e2e-files-');
  const csv = join(files, 'acme-controls.csv');
  writeFileSync(csv, '\ufeff' + matrix);

  const ctx = await browser(t);
  const page = await ctx.newPage();
  const server = await serve(t, data);
  await page.goto(server.url);
  await createPassphrase(page, passphrase);
  await createEngagement(page, {
    name: 'Acme FY26',
    client: 'Acme Holdings',
    type: 'Type 2',
    start: '2026-01-01',
    end: '2026-12-31',
    categories: ['Availability'],
  });
  await page.getByRole('heading', { name: 'Acme FY26' }).waitFor();

  await page.getByRole('link', { name: 'Controls' }).click();
  await page.getByText('No controls yet.').waitFor();
  await page.getByRole('button', { name: 'Import control matrix' }).first().click();
  await page.getByLabel('File').setInputFiles(csv);

  // The guess: column E "TSC", whose IDs are no criteria. Nothing can be applied.
  const criteria = page.getByLabel('Column for Criteria');
  await page.getByText('row 4: AC-01 maps to unknown criterion "CC99.1"').waitFor();
  assert.equal(await criteria.inputValue(), '4');
  assert.ok(await page.getByRole('button', { name: 'Apply import' }).isDisabled());

  // The fix: criteria come from column F.
  await criteria.selectOption({ label: 'F: Mapped criteria (2017)' });
  await page.getByText('Would add 3, change 0, unchanged 0.').waitFor();
  assert.equal(await page.getByText(/unknown criterion/).count(), 0);
  await keep(page, 'browser-control-import.png');
  await page.getByRole('button', { name: 'Apply import' }).click();
  await page.getByText('Imported 3, changed 0, unchanged 0.').waitFor();

  // The matrix, with text from the file shown as text.
  const table = page.getByRole('table', { name: 'Controls' });
  await table.getByRole('cell', { name: 'CC6.1, CC6.2, CC6.3' }).waitFor();
  await table.getByRole('cell', { name: '<b>MFA</b> on remote access' }).waitFor();
  assert.equal(await page.locator('table b').count(), 0, 'no markup from the file became an element');

  // Coverage names the gaps.
  await page.getByRole('link', { name: 'Coverage' }).click();
  const uncovered = page.getByRole('region', { name: 'Criteria without a control' });
  await uncovered.getByText('Integrity and ethical values').waitFor();
  const text = await uncovered.innerText();
  assert.match(text, /CC1\.1 Integrity and ethical values/);
  assert.match(text, /A1\.1 /, 'availability is in scope, so its criteria count');
  assert.doesNotMatch(text, /CC6\.1 /, 'CC6.1 has controls');
  await page.getByRole('region', { name: 'Controls without evidence' }).getByText('AC-01, AC-02, CM-01').waitFor();
  await page.getByText('5 of 36').waitFor();
  await keep(page, 'browser-coverage.png');

  // The import is in the trail.
  await page.getByRole('link', { name: 'Trail' }).click();
  await page.getByRole('cell', { name: 'control.import' }).waitFor();
  await server.stop();
});
