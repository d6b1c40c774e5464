// A real engagement, built from nothing in the screens (not the demo): the
// engagement, the control matrix and PBC list, a pack whose file names carry
// request IDs and dates, a population of production changes, a sample by
// frequency, a test with an exception pinned to the ticket's row and to a
// leaver's row in a workbook, a finding from it, management's answer through
// the packets, and the final report citing both rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPassphrase, exportPacket, freshEngagement, openFindingsPacket, repo, serve, tempDir, unlock } from './harness.mjs';

const passphrase = 'correct horse battery';
const packetPassphrase = 'harbour orange kite';
const exportedAt = new Date('2026-11-30T09:30:00Z');
// The user listing's workbook (e2e/userlisting): the fourth leaver is on row 7 of Leavers.
const workbook = 'PBC-003 user-listing-2026-06-30.xlsx';
const leaverKey = 'E20004';
const leaverPlace = 'sheet Leavers, row 7';

/** 500 change tickets across 2026; every fourth one went to staging. */
function tickets() {
  const lines = ['Ticket,Environment,Deployed On,Approved by,Summary'];
  for (let i = 1; i <= 500; i++) {
    const d = new Date(Date.UTC(2026, 0, 1 + Math.floor(((i - 1) * 364) / 500)));
    const env = i % 4 === 0 ? 'staging' : 'production';
    lines.push(`CHG-${String(i).padStart(5, '0')},${env},${d.toISOString().slice(0, 10)},rob,Deploy release 2026.${i}`);
  }
  return lines.join('\n') + '\n';
}

/** The control matrix, the PBC list and the pack the client sent. */
function makeFiles(t) {
  const root = tempDir(t, 'auditroom-scratch-');
  const matrix = join(root, 'controls.csv');
  writeFileSync(
    matrix,
    'Control ID,Control,Owner,Frequency,TSC\n' +
      'AC-01,Quarterly user access review,IT Security,Quarterly,CC6.1\n' +
      'CM-01,Changes approved before deployment,Engineering,As needed,CC8.1\n',
  );
  const requests = join(root, 'pbc-list.csv');
  writeFileSync(
    requests,
    'Request ID,Description,Controls,Owner,Due date\n' +
      'PBC-001,User listing as at 30 June,AC-01,IT Security,2026-07-15\n' +
      'PBC-002,Change tickets deployed in the period,CM-01,Engineering,2027-01-15\n' +
      'PBC-003,User listing with leavers as at 30 June,AC-01,IT Security,2026-07-15\n',
  );
  const pack = join(root, 'Acme PBC');
  mkdirSync(join(pack, 'PBC-002'), { recursive: true });
  writeFileSync(join(pack, 'PBC-001 user-listing-2026-06-30.csv'), 'user,role,department\nalice,admin,IT\ncarol,viewer,Finance\n');
  const export_ = join(pack, 'PBC-002', 'change-tickets.csv');
  writeFileSync(export_, tickets());
  // Its name carries no date, so its as-of date is the time the client saved it.
  utimesSync(export_, exportedAt, exportedAt);
  // A workbook written by excelize, as the client's tool exports it.
  execFileSync('go', ['run', './frontend/e2e/userlisting', join(pack, workbook)], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  return { matrix, requests, pack, out: root };
}

async function importScope(page, nav, link, button, file, expected) {
  await nav.getByRole('link', { name: link }).click();
  await page.getByRole('button', { name: button }).first().click();
  await page.getByLabel('File').setInputFiles(file);
  await page.getByText(`Would add ${expected}, change 0, unchanged 0.`).waitFor();
  await page.getByRole('button', { name: 'Apply import' }).click();
  await page.getByText(`Imported ${expected}, changed 0, unchanged 0.`).waitFor();
}

test('a real engagement, built from scratch, holds up', async (t) => {
  const files = makeFiles(t);
  const { page, server, dialogs, data } = await freshEngagement(t, { passphrase, env: { AUDITROOM_ACTOR: 'ann' } });
  const engId = decodeURIComponent(page.url().match(/#\/engagement\/([^/?]+)/)[1]);
  const nav = page.getByRole('navigation', { name: 'Engagement' });

  // Scope: the control matrix, then the PBC list that names its controls.
  await importScope(page, nav, 'Controls', 'Import control matrix', files.matrix, 2);
  await importScope(page, nav, 'Requests', 'Import request list', files.requests, 3);

  // The pack: request IDs and dates come from the names.
  await nav.getByRole('link', { name: 'Evidence' }).click();
  await page.getByLabel('Path on this machine').fill(files.pack);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const summary = page.getByRole('region', { name: 'Import summary' });
  await summary.waitFor();
  assert.equal(await summary.getByText('Imported', { exact: true }).locator('xpath=following-sibling::dd').textContent(), '3');

  // Each file's as-of date and where it came from, in the table and the detail.
  const listing = page.getByRole('row', { name: 'Open PBC-001 user-listing-2026-06-30.csv' });
  await listing.getByRole('cell', { name: '2026-06-30', exact: true }).waitFor();
  assert.equal(await listing.locator('.as-of').getAttribute('title'), 'from the file name: 2026-06-30');
  await listing.click();
  const detail = page.getByRole('complementary', { name: 'Evidence detail' });
  await detail.getByRole('heading', { name: 'PBC-001 user-listing-2026-06-30.csv' }).waitFor();
  await detail.getByText('(from the file name: 2026-06-30)').waitFor();
  const ticketsRow = page.getByRole('row', { name: 'Open change-tickets.csv' });
  await ticketsRow.getByRole('cell', { name: '2026-11-30', exact: true }).waitFor();
  assert.equal(await ticketsRow.locator('.as-of').getAttribute('title'), 'from the file time: modified 2026-11-30T09:30:00Z');
  await ticketsRow.click();
  await detail.getByRole('heading', { name: 'change-tickets.csv' }).waitFor();
  await detail.getByText('(from the file time: modified 2026-11-30T09:30:00Z)').waitFor();
  // The workbook's own created date outranks the date in its name.
  const workbookRow = page.getByRole('row', { name: `Open ${workbook}` });
  await workbookRow.getByRole('cell', { name: '2026-07-01', exact: true }).waitFor();
  assert.equal(await workbookRow.locator('.as-of').getAttribute('title'), 'from the document: docProps/core.xml created');
  await workbookRow.click();
  await detail.getByRole('heading', { name: workbook }).waitFor();
  await detail.getByText('(from the document: docProps/core.xml created)').waitFor();

  // The requests: each lists its file by name and is received.
  await nav.getByRole('link', { name: 'Requests' }).click();
  for (const [id, name] of [
    ['PBC-001', 'PBC-001 user-listing-2026-06-30.csv'],
    ['PBC-002', 'change-tickets.csv'],
    ['PBC-003', workbook],
  ]) {
    const row = page.getByRole('row', { name: `Request ${id}` });
    await row.locator('.status-cell .status').getByText('◐ Received', { exact: true }).waitFor();
    await row.click();
    const panel = page.getByRole('complementary', { name: `Request ${id}` });
    await panel.getByRole('link', { name, exact: true }).waitFor();
  }

  // The population: production changes only, keyed by ticket, dated by deployment.
  await nav.getByRole('link', { name: 'Populations' }).click();
  await page.getByRole('button', { name: 'New population' }).click();
  const form = page.getByRole('form', { name: 'New population' });
  await form.getByLabel('Evidence file').selectOption({ label: 'PBC-002/change-tickets.csv' });
  await page.getByRole('table', { name: 'First rows of the file' }).getByRole('cell', { name: 'CHG-00001' }).waitFor();
  await form.getByLabel('Key column').selectOption({ label: 'A: Ticket' });
  await form.getByRole('combobox', { name: /^Date column/ }).selectOption({ label: 'C: Deployed On' });
  await form.getByLabel(/^Filters/).fill('Environment = production');
  await form.getByLabel('Name').fill('Production changes FY26');
  await form.getByRole('button', { name: 'Create population' }).click();
  await page.getByRole('heading', { name: 'Production changes FY26' }).waitFor();
  assert.equal(await page.getByLabel('Row count').textContent(), '375', '500 tickets less the 125 to staging');
  const rows = page.getByRole('table', { name: 'Population rows' });
  assert.equal(await rows.getByRole('cell', { name: 'staging', exact: true }).count(), 0);

  // The sample: sized by the control's frequency (several times a day, lower risk).
  await page.getByRole('button', { name: 'Draw a sample' }).click();
  const draw = page.getByRole('complementary', { name: 'Draw a sample' });
  await draw.getByLabel('By frequency').check();
  await draw.getByLabel('Control frequency').selectOption({ label: 'Several times a day' });
  await draw.getByRole('button', { name: 'Work out the size' }).click();
  await draw.getByLabel('Size explanation').waitFor();
  const size = await draw.getByLabel('Items to draw (n)').inputValue();
  assert.equal(size, '60', 'a control operating several times a day, lower risk: 60 items');
  await draw.getByLabel('Seed').fill('scratch-e2e');
  await draw.getByRole('button', { name: 'Draw sample' }).click();
  const sample = page.getByRole('complementary', { name: 'Sample', exact: true });
  await sample.getByRole('table', { name: 'Sample items' }).waitFor();
  assert.equal(await sample.getByRole('table', { name: 'Sample items' }).locator('tbody tr').count(), Number(size));

  // The test of CM-01 on that sample.
  await nav.getByRole('link', { name: 'Tests' }).click();
  await page.getByRole('button', { name: 'New test' }).click();
  const newTest = page.getByRole('complementary', { name: 'New test' });
  await newTest.getByLabel('Control', { exact: true }).selectOption({ label: 'CM-01 · Changes approved before deployment' });
  await newTest.getByLabel('Procedure').fill('For each sampled production change, inspect the ticket for approval before deployment.');
  await newTest.getByLabel('Attribute A', { exact: true }).fill('Approved before deployment');
  await newTest.getByLabel('Attribute A exception wording').fill('lacked documented approval');
  await newTest.getByLabel('Sample', { exact: true }).selectOption({ label: `Production changes FY26: ${size} items, random, seed scratch-e2e` });
  await newTest.getByRole('button', { name: 'Create test' }).click();

  // Every item passes but the second, an exception whose ticket is found by its key and pinned.
  const grid = page.getByRole('grid', { name: 'Test grid' });
  const cell = (n) => grid.getByRole('gridcell', { name: new RegExp(`^Sample ${n} A:`) });
  await cell(1).click();
  for (let i = 1; i <= Number(size); i++) await page.keyboard.press(i === 2 ? 'e' : 'p');
  await page.getByText(`Exceptions noted: 1 of ${size} samples lacked documented approval (sample 2).`, { exact: true }).waitFor();
  const item = grid.locator('tbody tr').nth(1);
  const fileRow = (await item.locator('td').nth(0).textContent()) ?? '';
  const key = (await item.locator('td').nth(1).textContent()) ?? '';
  assert.match(key, /^CHG-\d{5}$/);
  assert.equal(await grid.getByText('staging', { exact: true }).count(), 0, 'only production changes were sampled');
  await cell(2).click();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('complementary', { name: 'Cell 2/A' });
  await panel.getByLabel('Note').fill(`No approval on ${key} before it was deployed by ${leaverKey}, who had left.`);
  await page.keyboard.press('Enter');
  await panel.getByLabel('Find evidence to pin').fill(key);
  await panel.getByRole('button', { name: 'Search' }).click();
  // The hit cites the ticket's own row, and that row is what is pinned.
  await panel.getByRole('button', { name: `Choose change-tickets.csv, row ${fileRow}, line ${fileRow}`, exact: true }).click();
  await panel.getByRole('button', { name: 'Pin to 2/A' }).click();
  const pinned = panel.getByRole('list', { name: 'Pinned evidence' });
  // A CSV row is its line too: the pin names both.
  await pinned.getByText(`row ${fileRow}, line ${fileRow}`, { exact: true }).waitFor();
  const href = (await pinned.getByRole('link', { name: 'PBC-002/change-tickets.csv' }).getAttribute('href')) ?? '';
  assert.match(href, new RegExp(`/view/[0-9a-f]{24}\\?row=${fileRow}&line=${fileRow}$`));
  // The deployer, a leaver, found by employee ID in the workbook: the hit cites the sheet and row it shows.
  await panel.getByLabel('Find evidence to pin').fill(leaverKey);
  await panel.getByRole('button', { name: 'Search' }).click();
  await panel.getByRole('button', { name: `Choose ${workbook}, ${leaverPlace}`, exact: true }).click();
  await panel.getByRole('button', { name: 'Pin to 2/A' }).click();
  await pinned.getByText(leaverPlace, { exact: true }).waitFor();
  const leaverHref = (await pinned.getByRole('link', { name: workbook }).getAttribute('href')) ?? '';
  assert.match(leaverHref, /\/view\/[0-9a-f]{24}\?sheet=Leavers&row=7$/);
  // The viewer at the pinned row shows the sampled key.
  await page.goto(`${server.url}${href}`);
  await page.getByRole('table', { name: 'Rows' }).getByRole('row', { selected: true }).getByText(key, { exact: true }).waitFor();
  await page.goBack();
  // And at the leaver's row, that employee ID on the Leavers sheet.
  await page.goto(`${server.url}${leaverHref}`);
  await page.getByRole('tablist', { name: 'Sheets' }).getByRole('tab', { name: 'Leavers', selected: true }).waitFor();
  await page.getByRole('table', { name: 'Sheet Leavers' }).getByRole('row', { selected: true }).getByText(leaverKey, { exact: true }).waitFor();
  await page.goBack();

  // The finding, from the exception.
  await nav.getByRole('link', { name: 'Exceptions' }).click();
  const group = page.getByRole('region', { name: 'Control CM-01' });
  await group.getByRole('table', { name: 'Exceptions of CM-01' }).getByRole('row').filter({ hasText: key }).waitFor();
  await group.getByRole('link', { name: 'Evaluate CM-01…' }).click();
  await page.getByRole('heading', { name: 'New finding' }).waitFor();
  await page.getByLabel('Reasonably possible').check();
  await page.getByLabel('More than inconsequential').check();
  await page.getByRole('button', { name: 'Continue to the finding →' }).click();
  await page.getByLabel('Template').selectOption({ label: 'Changes were deployed without approval' });
  await page.getByRole('button', { name: 'Use template' }).click();
  await page.getByLabel('Title').fill('A production change was deployed without approval');
  await page.getByLabel('Condition (what was found)').fill(`Change ${key} was deployed to production without approval.`);
  await page.getByLabel(/^Owner/).fill('Head of Engineering');
  assert.equal(await page.locator('.exception-choices input:checked').count(), 1);
  await page.getByRole('button', { name: 'Create finding' }).click();
  await page.getByRole('heading', { name: 'F-001 · A production change was deployed without approval' }).waitFor();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  const workflow = page.getByRole('region', { name: 'Workflow' });
  await workflow.getByText('Prepared by ann').waitFor();

  // The reviewer, someone else at the same data folder, signs off and issues it.
  await server.stop();
  const reviewer = await serve(t, data, { AUDITROOM_ACTOR: 'rita' });
  await page.goto(`${reviewer.url}#/engagement/${engId}/findings/F-001`);
  await unlock(page, passphrase);
  await workflow.getByRole('button', { name: 'Sign off as reviewer' }).click();
  await workflow.getByText('Signed off by rita').waitFor();
  await workflow.getByRole('button', { name: 'Issue' }).click();
  await page.locator('.toolbar .status-issued').waitFor();

  // The findings packet for management.
  await nav.getByRole('link', { name: 'Findings' }).click();
  await page.getByRole('button', { name: 'Packets…' }).click();
  const exportForm = page.getByRole('form', { name: 'Export the findings packet' });
  await exportPacket(exportForm, join(files.out, 'acme-findings.age'), packetPassphrase, 'Export findings packet');
  await exportForm.getByText(/Wrote .*acme-findings\.age with F-001\./).waitFor();

  // The compliance lead answers in his own data folder and sends the response packet back.
  const lead = await serve(t, tempDir(t, 'auditroom-scratch-lead-'), { AUDITROOM_ACTOR: 'lee' });
  const leadPage = await page.context().newPage();
  await leadPage.goto(lead.url);
  await createPassphrase(leadPage, 'lead passphrase 1');
  await openFindingsPacket(leadPage, join(files.out, 'acme-findings.age'), packetPassphrase);
  await leadPage.getByRole('row', { name: /Answer F-001/ }).click();
  const answer = leadPage.getByRole('form', { name: 'Response to F-001' });
  await answer.getByLabel('Agree', { exact: true }).check();
  await answer.getByLabel('Response', { exact: true }).fill(`We agree: ${key} went out before approval.`);
  await answer.getByLabel(/^Corrective action/).fill('The pipeline blocks production deployments without an approved ticket.');
  await answer.getByLabel('Target date').fill('2027-03-31');
  await answer.getByLabel('Your name (the responder)').fill('Lee Compliance');
  await answer.getByRole('button', { name: 'Save response' }).click();
  await answer.getByText('Response to F-001 saved.', { exact: false }).waitFor();
  const send = leadPage.getByRole('form', { name: 'Export the response packet' });
  await exportPacket(send, join(files.out, 'acme-response.age'), packetPassphrase, 'Export response packet');
  await send.getByText(/Wrote .*acme-response\.age with F-001\./).waitFor();
  await lead.stop();
  const take = page.getByRole('form', { name: 'Import a response packet' });
  await take.getByLabel('Response packet (path on this machine)').fill(join(files.out, 'acme-response.age'));
  await take.getByLabel('Its passphrase').fill(packetPassphrase);
  await take.getByRole('button', { name: 'Import response packet' }).click();
  await take.getByText(/Taken in: F-001\./).waitFor();

  // The final report cites the ticket's row and key.
  await nav.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('radio', { name: /Final/ }).check();
  const final = join(files.out, 'Acme final report.pdf');
  await page.getByLabel('Save as (full path of the PDF)').fill(final);
  await page.getByLabel('Prepared by').fill('Example LLP');
  await page.getByRole('button', { name: 'Generate report' }).click();
  await page.getByRole('status').filter({ hasText: `Wrote ${final}` }).waitFor();
  const text = execFileSync('pdftotext', ['-layout', final, '-'], { encoding: 'utf8' });
  assert.doesNotMatch(text, /DRAFT/);
  assert.match(text, /^F-001\s+A production change was deployed without approval\s+Significant deficiency/m);
  // The exception names the sample item by its key; the evidence reference cites its row.
  assert.match(text, new RegExp(`^\\s*1 #2 ${key}\\s+A: Approved before`, 'm'));
  assert.match(text, new RegExp(`^change-tickets\\.csv\\s+row ${fileRow}, line ${fileRow}\\s`, 'm'));
  assert.match(text, new RegExp(`^PBC-003 user-listing-2026-06-30\\.xlsx\\s+${leaverPlace}\\s`, 'm'));
  // The exception's description names the leaver (its column wraps the note); the appendix dates the workbook.
  assert.match(text, new RegExp(`\\s${leaverKey}, who had left\\.`));
  assert.match(text, /^\s*A\.\d PBC-003 user-listing-2026-06-30\.xlsx\s+Cited in F-001\n.*\n\s*As of 2026-07-01, from the document \(docProps\/core\.xml created\)$/m);
  assert.match(text, new RegExp(`We agree: ${key} went out before approval\\.`));

  assert.deepEqual(dialogs, []);
  await reviewer.stop();
});
