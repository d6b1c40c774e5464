// The reviewer opens what the search found: a PDF on the page of the hit with
// the words boxed on the page image, and files whose names and text look like
// markup, which the viewer shows as text and never runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, keep, freshEngagement } from './harness.mjs';

const passphrase = 'correct horse battery';
const pwnedName = '<img src=x onerror="window.__pwned=1">.log';
const scriptLine = '<script>window.__pwned=2</script> access review';
const imgCell = '<img src=x onerror="window.__pwned=4">';

/**
 * A PDF with one page per list of lines, in Helvetica 12 from the top left
 * of a US Letter page, as backend/view/pdftest writes them.
 */
function makePDF(pages) {
  const chunks = ['%PDF-1.4\n'];
  const offsets = [];
  let length = chunks[0].length;
  const obj = (body) => {
    offsets.push(length);
    const s = `${offsets.length} 0 obj\n${body}\nendobj\n`;
    chunks.push(s);
    length += Buffer.byteLength(s, 'latin1');
  };
  const kids = pages.map((_, i) => `${4 + 2 * i} 0 R`).join(' ');
  obj('<< /Type /Catalog /Pages 2 0 R >>');
  obj(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  obj('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  for (const lines of pages) {
    const text = lines.map((l, i) => `${i ? '0 -20 Td ' : ''}(${l.replace(/[\\()]/g, '\\$&')}) Tj`).join(' ');
    const content = `BT /F1 12 Tf 72 720 Td ${text} ET`;
    obj(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${offsets.length + 2} 0 R >>`);
    obj(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  const xref = length;
  chunks.push(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`);
  for (const o of offsets) chunks.push(`${String(o).padStart(10, '0')} 00000 n \n`);
  chunks.push(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.from(chunks.join(''), 'latin1');
}

function makePack(t) {
  const root = tempDir(t, 'auditroom-viewer-pack-');
  const folder = join(root, 'Acme viewer PBC');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'q1-access-review.pdf'),
    makePDF([['Cover page', 'Acme Holdings'], ['Quarterly user access review', 'Signed by the CISO on 31 March']]),
  );
  writeFileSync(join(folder, pwnedName), `Note: ${scriptLine}\n${imgCell} line two\n`);
  writeFileSync(join(folder, 'roles.csv'), `user,note\njdoe,${imgCell.replace(/"/g, '""').replace(/^/, '"').concat('"')}\n`);
  return folder;
}

async function importPack(page, folder) {
  const nav = page.getByRole('navigation', { name: 'Engagement' });
  await nav.getByRole('link', { name: 'Evidence' }).click();
  await page.getByLabel('Path on this machine').fill(folder);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const summary = page.getByRole('region', { name: 'Import summary' });
  await summary.waitFor();
  assert.equal(await summary.getByText('Imported', { exact: true }).locator('xpath=following-sibling::dd').textContent(), '3');
  return nav;
}

async function search(page, nav, query) {
  await nav.getByRole('link', { name: 'Search' }).click();
  await page.getByLabel('Search evidence').fill(query);
  return page.getByRole('list', { name: 'Search results' });
}

/** Imports a one-control matrix through the Controls screen. */
async function importControls(t, page) {
  const csv = join(tempDir(t, 'auditroom-viewer-matrix-'), 'matrix.csv');
  writeFileSync(csv, 'Control ID,Title,TSC\nAC-01,Quarterly user access review,CC6.2\n');
  await page.getByRole('navigation', { name: 'Engagement' }).getByRole('link', { name: 'Controls' }).click();
  await page.getByRole('button', { name: 'Import control matrix' }).first().click();
  await page.getByLabel('File').setInputFiles(csv);
  await page.getByText('Would add 1, change 0, unchanged 0.').waitFor();
  await page.getByRole('button', { name: 'Apply import' }).click();
  await page.getByText('Imported 1, changed 0, unchanged 0.').waitFor();
}

test('open a PDF hit: on its page, the words boxed; pages and matches by key; pin the page', async (t) => {
  const folder = makePack(t);
  const { page, server, dialogs } = await freshEngagement(t, { passphrase });
  await importControls(t, page);
  const nav = await importPack(page, folder);

  const results = await search(page, nav, '"access review"');
  await results.getByRole('link', { name: 'Open q1-access-review.pdf' }).click();

  // The viewer opens on page 2, where the hit is, with the phrase boxed.
  const indicator = page.locator('.viewer-page-indicator');
  await indicator.getByText('Page 2 of 2').waitFor();
  await page.getByRole('heading', { name: 'q1-access-review.pdf' }).waitFor();
  const image = page.getByRole('img', { name: 'Page 2 of q1-access-review.pdf' });
  await image.waitFor();
  const box = page.locator('.viewer-highlight').first();
  await box.waitFor({ state: 'visible' });
  await page.getByText('1 match marked on this page.').waitFor();
  // The box sits on the first line of the page: near its top left.
  const img = await image.boundingBox();
  const hl = await box.boundingBox();
  assert.ok(hl.x > img.x && hl.x < img.x + img.width / 2, `box at x ${hl.x}, image from ${img.x} wide ${img.width}`);
  assert.ok(hl.y > img.y && hl.y < img.y + img.height / 5, `box at y ${hl.y}, image from ${img.y} high ${img.height}`);
  assert.ok(hl.width > 50 && hl.height > 5, `box ${hl.width}x${hl.height}`);
  assert.match(page.url(), /\/view\/[0-9a-f]+\?q=%22access\+review%22&page=2$/);
  await keep(page, 'viewer-pdf.png');

  // Page Up goes back a page, n to the next match: page 2 again.
  await page.keyboard.press('PageUp');
  await indicator.getByText('Page 1 of 2').waitFor();
  await page.getByText('No match marked on this page.').waitFor();
  await page.keyboard.press('n');
  await indicator.getByText('Page 2 of 2').waitFor();
  await page.locator('.viewer-highlight').first().waitFor({ state: 'visible' });

  // Pin the page on screen to the control it proves.
  await page.getByRole('button', { name: 'Pin…' }).click();
  const form = page.getByRole('form', { name: 'Pin q1-access-review.pdf' });
  await form.getByText('Pin page 2 of').waitFor();
  await form.getByLabel('Which control').selectOption('AC-01');
  await form.getByLabel('Note (optional)').fill('CISO signature');
  await form.getByRole('button', { name: 'Pin', exact: true }).click();
  await page.getByText('Pinned q1-access-review.pdf (page 2) to control AC-01.').waitFor();
  await page.getByRole('button', { name: 'Done' }).click();

  // Back to the search, query kept.
  await page.getByRole('link', { name: '← Back to the search' }).click();
  assert.equal(await page.getByLabel('Search evidence').inputValue(), '"access review"');

  // The evidence detail panel lists the pin.
  await nav.getByRole('link', { name: 'Evidence' }).click();
  await page.getByRole('row', { name: 'Open q1-access-review.pdf' }).click();
  const pins = page.getByRole('complementary', { name: 'Evidence detail' }).getByRole('region', { name: 'Pins' });
  await pins.getByText('Control AC-01').waitFor();
  assert.match(await pins.textContent(), /page 2.*CISO signature/);
  assert.deepEqual(dialogs, []);
  await server.stop();
});

test('evidence that looks like markup is shown as text in the viewer, and nothing runs', async (t) => {
  const folder = makePack(t);
  const { page, server, dialogs } = await freshEngagement(t, { passphrase });
  const nav = await importPack(page, folder);

  // From a search hit: the log, on its line, the words marked.
  const results = await search(page, nav, '"access review"');
  await results.getByRole('link', { name: `Open ${pwnedName}` }).click();
  await page.getByRole('heading', { name: pwnedName }).waitFor();
  const lines = page.getByRole('table', { name: 'Lines' });
  const first = lines.getByRole('row', { selected: true });
  await first.getByText(`Note: ${scriptLine}`).waitFor();
  assert.deepEqual((await first.locator('mark').allTextContents()).map((m) => m.toLowerCase()), ['access review']);
  await lines.getByText(`${imgCell} line two`).waitFor();
  assert.equal(await page.locator('main img').count(), 0, 'no <img> made from evidence');
  assert.equal(await page.locator('main script').count(), 0, 'no <script> made from evidence');

  // From the evidence table's detail panel: the CSV, a cell holding markup.
  await nav.getByRole('link', { name: 'Evidence' }).click();
  await page.getByRole('row', { name: 'Open roles.csv' }).click();
  const detail = page.getByRole('complementary', { name: 'Evidence detail' });
  await detail.getByRole('link', { name: 'Open in the viewer' }).click();
  const grid = page.getByRole('table', { name: 'Rows' });
  await grid.getByRole('cell', { name: imgCell, exact: true }).waitFor();
  assert.equal(await page.locator('main img').count(), 0, 'no <img> made from a cell');

  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no markup from evidence ran');
  assert.deepEqual(dialogs, []);
  await server.stop();
});
