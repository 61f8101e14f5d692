// A resident (the one 09-phone.spec.ts registered; the files run in name order) files a complaint
// on a 360 px phone and withdraws it while it waits for an officer: the case says so, and what
// happens now reads that it was cancelled.
import { expect, test } from '@playwright/test';
import { accessible, base, fileDraft, keep, watch } from './helpers';

const RESIDENT = '7306084512870002';
const PASSWORD = 'Pallangga-Ponsel-2026';

test('a resident withdraws what they filed while it waits for an officer', async ({ browser }) => {
  const page = watch(await (await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID', timezoneId: 'Asia/Makassar' })).newPage());
  await page.goto(`${base()}/ajukan/PENGADUAN_KABUPATEN`);
  await page.getByLabel('NIK, nomor HP, email atau ID pengguna').fill(RESIDENT);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByLabel('Isi pengaduan, saran atau masukan').fill('Jadwal perekaman di kecamatan sering berubah.');
  await page.getByRole('button', { name: 'Buat draf dan lanjut ke berkas' }).click();
  await expect(page.getByTestId('status')).toHaveText('Draf Pengaduan');
  await fileDraft(page);
  await expect(page.getByTestId('status')).toHaveText('Menunggu Tindak Lanjut');
  await page.getByRole('button', { name: 'Tarik permohonan' }).click();
  await expect(page.getByRole('heading', { name: 'Tarik permohonan' })).toBeVisible();
  await page.getByRole('button', { name: 'Konfirmasi' }).press('Enter');
  await expect(page.getByTestId('status')).toHaveText('Dibatalkan');
  await expect(page.getByTestId('next-step')).toContainText('Permohonan dibatalkan');
  await expect(page.getByRole('button', { name: 'Tarik permohonan' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Unduh resi pengambilan dokumen (PDF)' })).toHaveCount(0);
  await accessible(page);
  await keep(page, '12-ditarik');
  await page.context().close();
});
