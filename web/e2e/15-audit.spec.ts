// The Dinas's inspector reads who opened residents' cases (the officers of 02-officers.spec.ts
// did, in the same server), filters the log by action and saves it as CSV.
import { expect, test } from '@playwright/test';
import { accessible, keep, officerSignsIn, watch } from './helpers';

test('the inspector reads who opened a case and exports the log', async ({ browser }) => {
  const page = watch(await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' })).newPage());
  await officerSignsIn(page, 'inspektur@demo.gowakab.go.id');
  await page.getByRole('link', { name: 'Log audit' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log audit');
  await page.getByLabel('Tindakan').selectOption({ label: 'Membuka permohonan' });
  await page.getByRole('button', { name: 'Saring' }).click();
  const rows = page.getByTestId('entri-audit');
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allTextContents()) expect(text).toContain('Membuka permohonan');
  await expect(page.getByRole('table')).not.toContainText(/\b73060812038500\d\d\b/);
  await accessible(page);
  await keep(page, '40-log-audit');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Unduh CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('log-audit.csv');
  const csv = (await (await file.createReadStream()).toArray()).join('');
  expect(csv.split('\n')[0]).toBe('waktu_wita,pelaku,nama_pelaku,tindakan,subjek,alamat,rincian');
  expect(csv).toContain('case_viewed');
});
