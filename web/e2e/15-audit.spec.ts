// Reads of personal data, from both sides. The Dinas's inspector reads who opened residents' cases
// (the officers of 02-officers.spec.ts did, in the same server), filters the log by action and
// saves it as CSV; the resident whose case it was sees the same reads on their phone and keeps
// their data as a PDF.
import { expect, test } from '@playwright/test';
import { accessible, base, keep, menu, officerSignsIn, watch } from './helpers';

test('the inspector reads who opened a case and exports the log', async ({ browser }) => {
  const page = watch(await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' })).newPage());
  await officerSignsIn(page, 'inspektur@demo.gowakab.go.id');
  await page.getByRole('link', { name: 'Log audit' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log audit');
  await page.getByLabel('Tindakan').selectOption({ label: 'Membuka permohonan' });
  await page.getByRole('button', { name: 'Saring' }).click();
  const rows = page.getByTestId('entri-audit');
  // The unfiltered page stays on screen until the filtered one comes: wait for it, not the first.
  await expect(rows.first()).toBeVisible();
  await expect(rows.filter({ hasNotText: 'Membuka permohonan' })).toHaveCount(0);
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

test('the resident sees who processed their data and downloads it', async ({ browser }) => {
  const phone = watch(await (await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'id-ID' })).newPage());
  await phone.goto(`${base()}/masuk`);
  await phone.getByLabel('NIK, nomor HP, email atau ID pengguna').fill('7306081203850001');
  await phone.getByLabel('Kata sandi').fill('Sungguminasa-2026');
  await phone.getByRole('button', { name: 'Masuk' }).click();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Permohonan saya');
  await (await menu(phone)).getByRole('link', { name: 'Data saya' }).click();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Data pribadi saya');
  const lines = phone.getByTestId('pemrosesan');
  await expect(lines.filter({ hasText: 'Membuka permohonan' }).first()).toContainText('oleh ');
  await expect(lines.filter({ hasText: /→/ }).first()).toBeVisible();
  await accessible(phone);
  await keep(phone, '41-data-saya');

  const download = phone.waitForEvent('download');
  await phone.getByRole('button', { name: 'Unduh PDF' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('data-pribadi.pdf');
  const pdf = Buffer.concat(await (await file.createReadStream()).toArray()).toString('latin1');
  expect(pdf.startsWith('%PDF-')).toBe(true);
  expect(pdf).toContain('RIWAYAT PEMROSESAN');
});
