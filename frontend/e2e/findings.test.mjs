// From an exception to an issued finding and back with management's answer.
// The preparer (ann) evaluates CM-01's exceptions into a significant
// deficiency and writes the finding from a template; she cannot sign it
// off herself. The reviewer (rita) takes over the same data folder, signs
// off and issues it, and exports the findings packet. The compliance lead
// (lee) opens it in his own data folder, answers with a file, and sends
// the response packet back; the auditor imports it and reads the answer
// beside the finding.
//
// The test of CM-01 (population, sample, grid results and a pin) belongs
// to the Tests screen: it is recorded here through the app's HTTP API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiCall, createPassphrase, exportPacket, freshEngagement, keep, openFindingsPacket, serve, tempDir, unlock } from './harness.mjs';

const passphrase = 'correct horse battery';
const packetPassphrase = 'harbour orange kite';
const hostileNote = '<img src=x onerror="window.__pwned=1"> no approver';

/** Waits until check() returns a truthy value, trying again as soon as the last try ends. */
async function until(check, what, timeoutMs = 20000) {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setImmediate(res));
  }
}

async function importControls(t, page) {
  const csv = join(tempDir(t, 'auditroom-findings-matrix-'), 'matrix.csv');
  writeFileSync(csv, 'Control ID,Title,TSC\nCM-01,Changes approved before deployment,CC8.1\nCM-02,Emergency changes reviewed,CC8.1\n');
  await page.getByRole('navigation', { name: 'Engagement' }).getByRole('link', { name: 'Controls' }).click();
  await page.getByRole('button', { name: 'Import control matrix' }).first().click();
  await page.getByLabel('File').setInputFiles(csv);
  await page.getByText('Would add 2, change 0, unchanged 0.').waitFor();
  await page.getByRole('button', { name: 'Apply import' }).click();
  await page.getByText('Imported 2, changed 0, unchanged 0.').waitFor();
}

async function importTickets(t, page) {
  const folder = join(tempDir(t, 'auditroom-findings-pack-'), 'Acme change PBC');
  mkdirSync(folder, { recursive: true });
  const rows = ['Ticket,Deployed'];
  for (let i = 1; i <= 40; i++) rows.push(`CHG-${String(i).padStart(3, '0')},2026-${String((i % 12) + 1).padStart(2, '0')}-15`);
  writeFileSync(join(folder, 'tickets.csv'), rows.join('\n') + '\n');
  await page.getByRole('navigation', { name: 'Engagement' }).getByRole('link', { name: 'Evidence' }).click();
  await page.getByLabel('Path on this machine').fill(folder);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('region', { name: 'Import summary' }).waitFor();
}

/** CM-01 tested on a sample of 10: items 3 and 7 lack approval; item 3's row is pinned. */
async function recordTest(server, engId) {
  const page = await apiCall(server, 'app.Evidence.List', engId, { text: 'tickets', type: '', status: '', sort: 'name', offset: 0, limit: 10 });
  const evidence = page.items[0];
  const job = await apiCall(server, 'app.Testing.CreatePopulation', engId, { evidence_id: evidence.id, key: 'Ticket', date: 'Deployed' });
  const done = await until(async () => {
    const j = await apiCall(server, 'app.Jobs.Get', job.id);
    return j.state === 'running' ? null : j;
  }, 'the population job');
  assert.equal(done.state, 'done', JSON.stringify(done.error));
  const sample = await apiCall(server, 'app.Testing.DrawSample', engId, done.result.id, { method: 'random', size: 10, seed: 'e2e-findings' });
  let view = await apiCall(server, 'app.Testing.CreateTest', engId, {
    control: 'CM-01',
    title: 'Change approval',
    procedure: 'Inspect each ticket for approval before deployment.',
    attributes: [{ description: 'Approved before deployment', exception: 'lacked approval before deployment' }],
    sample_id: sample.id,
  });
  const testId = view.test.id;
  for (const row of view.grid) {
    const n = row.item.number;
    const exception = n === 3 || n === 7;
    view = await apiCall(server, 'app.Testing.SetCell', engId, testId, n, 'A', exception ? 'exception' : 'pass',
      n === 3 ? 'No approver recorded' : exception ? 'Approved a day after deployment' : '');
  }
  const item3 = view.grid[2].item;
  await apiCall(server, 'app.Testing.PinToCell', engId, testId, 3, 'A', { evidence_id: evidence.id, row: item3.row });
  return { evidence, item3, testId };
}

test('evaluate an exception into a significant deficiency, write the finding, review and issue it, and take in the response', async (t) => {
  const { page, server, dialogs, data } = await freshEngagement(t, { passphrase, env: { AUDITROOM_ACTOR: 'ann' } });
  const engId = decodeURIComponent(page.url().match(/#\/engagement\/([^/?]+)/)[1]);
  await importControls(t, page);
  await importTickets(t, page);
  const { evidence, item3, testId } = await recordTest(server, engId);
  const nav = page.getByRole('navigation', { name: 'Engagement' });

  // The register: the exceptions with their item, note and pinned row, and the sample's limit.
  await nav.getByRole('link', { name: 'Exceptions' }).click();
  const group = page.getByRole('region', { name: 'Control CM-01' });
  const rates = group.getByRole('table', { name: 'Tests and their rates' });
  await rates.getByText('2 of 10').waitFor();
  assert.match(await rates.textContent(), /20%.*45% at 90%.*10% \(default\).*Exceeds the tolerable rate/);
  const exceptions = group.getByRole('table', { name: 'Exceptions of CM-01' });
  const row3 = exceptions.getByRole('row').filter({ hasText: item3.key });
  await row3.getByText('No approver recorded').waitFor();
  const pin = row3.getByRole('link', { name: 'tickets.csv' });
  assert.equal(await pin.getAttribute('href'), `#/engagement/${engId}/view/${evidence.id}?row=${item3.row}`);
  await keep(page, 'exceptions.png');
  // A note that looks like markup is shown as text.
  await apiCall(server, 'app.Testing.SetCell', engId, testId, 3, 'A', 'exception', hostileNote);
  await nav.getByRole('link', { name: 'Findings' }).click();
  await nav.getByRole('link', { name: 'Exceptions' }).click();
  await row3.getByText(hostileNote).waitFor();
  await page.getByRole('button', { name: 'By criterion' }).click();
  await page.getByRole('table', { name: 'Exceptions by criterion' }).getByRole('cell', { name: 'CC8.1' }).waitFor();
  await page.getByRole('button', { name: 'By control' }).click();

  // The evaluation: an operating deficiency, reasonably possible and more than inconsequential.
  await group.getByRole('link', { name: 'Evaluate CM-01…' }).click();
  await page.getByRole('heading', { name: 'New finding' }).waitFor();
  await page.getByRole('region', { name: 'What the tests of CM-01 found' }).getByText(/2 of 10 samples lacked approval/).waitFor();
  assert.ok(await page.getByLabel(/^Operating/).isChecked());
  const proposal = page.getByText(/to see the proposed classification/);
  await proposal.waitFor();
  await page.getByLabel('Reasonably possible').check();
  await page.getByLabel('More than inconsequential').check();
  const proposed = page.getByRole('region', { name: 'Proposed classification' });
  await proposed.getByText(/Likelihood reasonably possible and magnitude more than inconsequential/).waitFor();
  assert.match(await proposed.textContent(), /ProposedSignificant deficiency.*Likely opinionUnmodified/);
  await keep(page, 'evaluation.png');

  // The finding, from the change-approval template.
  await page.getByRole('button', { name: 'Continue to the finding →' }).click();
  await page.getByLabel('Template').selectOption({ label: 'Changes were deployed without approval' });
  await page.getByRole('button', { name: 'Use template' }).click();
  assert.equal(await page.getByLabel('Title').inputValue(), 'Changes were deployed without approval');
  await page.getByLabel('Condition (what was found)').fill('For 2 of 10 changes sampled there was no approval before deployment.');
  await page.getByLabel(/^Owner/).fill('Head of Engineering');
  assert.equal(await page.getByLabel('Criteria (TSC IDs, e.g. CC6.1, CC6.2)').inputValue(), 'CC8.1');
  assert.equal(await page.locator('.exception-choices input:checked').count(), 2);
  await page.getByRole('group', { name: 'Evidence' }).getByRole('link', { name: 'tickets.csv' }).waitFor();
  await page.getByRole('button', { name: 'Create finding' }).click();
  await page.getByRole('heading', { name: 'F-001 · Changes were deployed without approval' }).waitFor();
  assert.match(page.url(), /\/findings\/F-001$/);
  await page.getByRole('region', { name: 'Classification' }).getByText('Significant deficiency', { exact: true }).waitFor();

  // Submitted: the preparer cannot sign off, and the screen says why.
  await page.getByRole('button', { name: 'Submit for review' }).click();
  const workflow = page.getByRole('region', { name: 'Workflow' });
  await workflow.getByText('Prepared by ann').waitFor();
  assert.ok(await workflow.getByRole('button', { name: 'Sign off as reviewer' }).isDisabled());
  await workflow.getByText(/ann prepared this finding .* the reviewer must be someone else/).waitFor();
  assert.ok(await workflow.getByRole('button', { name: 'Issue' }).isDisabled());

  // The reviewer takes the keyboard: the same data folder, as rita.
  await server.stop();
  const reviewer = await serve(t, data, { AUDITROOM_ACTOR: 'rita' });
  await page.goto(`${reviewer.url}#/engagement/${engId}/findings/F-001`);
  await unlock(page, passphrase);
  await page.getByRole('heading', { name: 'F-001 · Changes were deployed without approval' }).waitFor();
  await workflow.getByRole('button', { name: 'Sign off as reviewer' }).click();
  await workflow.getByText('Signed off by rita').waitFor();
  await workflow.getByRole('button', { name: 'Issue' }).click();
  await page.locator('.toolbar .status-issued').waitFor();
  await keep(page, 'finding.png');
  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.getByRole('list', { name: 'History' });
  assert.match(await history.textContent(), /created by ann.*submitted for review by ann.*signed off by the reviewer by rita.*issued by rita/);

  // The findings packet, for the compliance lead.
  const exchange = tempDir(t, 'auditroom-findings-packets-');
  const findingsPacket = join(exchange, 'acme-findings.age');
  await nav.getByRole('link', { name: 'Findings' }).click();
  await page.getByRole('row', { name: /Open F-001/ }).getByText('Issued').waitFor();
  await page.getByRole('button', { name: 'Packets…' }).click();
  const exportForm = page.getByRole('form', { name: 'Export the findings packet' });
  await exportPacket(exportForm, findingsPacket, packetPassphrase, 'Export findings packet');
  await exportForm.getByText(/Wrote .*acme-findings\.age with F-001\./).waitFor();

  // The compliance lead opens it in his own data folder and answers with a file.
  const lead = await serve(t, tempDir(t, 'auditroom-e2e-lead-'), { AUDITROOM_ACTOR: 'lee' });
  const leadPage = await page.context().newPage();
  leadPage.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await leadPage.goto(lead.url);
  await createPassphrase(leadPage, 'lead passphrase 1');
  await openFindingsPacket(leadPage, findingsPacket, packetPassphrase);
  await leadPage.getByRole('heading', { name: 'Findings to answer' }).waitFor();
  const leadNav = leadPage.getByRole('navigation', { name: 'Engagement' });
  assert.deepEqual(await leadNav.getByRole('link').allTextContents(), ['← All engagements', 'Findings to answer', 'Trail']);
  await leadPage.getByRole('row', { name: /Answer F-001/ }).click();
  const answer = leadPage.getByRole('form', { name: 'Response to F-001' });
  await leadPage.getByRole('region', { name: 'Finding F-001' }).getByText('tickets.csv').waitFor();
  const proof = join(exchange, 'approval-workflow.txt');
  writeFileSync(proof, 'Deployment pipeline now blocks changes without an approved ticket.\n');
  await answer.getByLabel('Agree', { exact: true }).check();
  await answer.getByLabel('Response', { exact: true }).fill('We agree: two changes went out before approval.');
  await answer.getByLabel(/^Corrective action/).fill('Block deployment in the pipeline until the ticket is approved.');
  await answer.getByLabel('Target date').fill('2027-03-31');
  await answer.getByLabel('Your name (the responder)').fill('Lee Compliance');
  await answer.getByLabel(/^New evidence files/).fill(proof);
  await answer.getByRole('button', { name: 'Save response' }).click();
  await answer.getByText('Response to F-001 saved.', { exact: false }).waitFor();
  await leadPage.locator('main.page').evaluate((m) => m.scrollTo(0, 0));
  await keep(leadPage, 'responder.png');
  await leadPage.getByRole('row', { name: /Answer F-001/ }).getByText('Agree').waitFor();
  const responsePacket = join(exchange, 'acme-response.age');
  const send = leadPage.getByRole('form', { name: 'Export the response packet' });
  await exportPacket(send, responsePacket, packetPassphrase, 'Export response packet');
  await send.getByText(/Wrote .*acme-response\.age with F-001\./).waitFor();
  await lead.stop();

  // The auditor takes the response in and reads it beside the finding.
  const take = page.getByRole('form', { name: 'Import a response packet' });
  await take.getByLabel('Response packet (path on this machine)').fill(responsePacket);
  await take.getByLabel('Its passphrase').fill(packetPassphrase);
  await take.getByRole('button', { name: 'Import response packet' }).click();
  await take.getByText(/Taken in: F-001\..*New evidence files: 1\./).waitFor();
  await page.getByRole('row', { name: /Open F-001/ }).click();
  await page.getByRole('tab', { name: /Management response/ }).click();
  const response = page.getByRole('region', { name: "Management's response" });
  await response.getByText('We agree: two changes went out before approval.').waitFor();
  assert.match(await response.textContent(), /PositionAgree.*Block deployment in the pipeline.*2027-03-31.*Lee Compliance/);
  await response.getByRole('link', { name: 'approval-workflow.txt' }).waitFor();
  await response.getByText('provided by management').waitFor();
  await page.locator('.toolbar .status-response_received').waitFor();
  await keep(page, 'finding-response.png');

  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);
  await reviewer.stop();
});
