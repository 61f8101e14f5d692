// Officers work the KIA filed in 01-citizen.spec.ts (the files run in order, one worker) through every step to pickup, returning it once
// for a better photo; the resident fixes it, resubmits, sees the final status and downloads the
// receipt. Each person has their own browser context.
import { readFileSync } from 'node:fs';
import { type Browser, type Page, expect, test } from '@playwright/test';
import { accessible, base, fileDraft, keep, officerSignsIn, watch } from './helpers';

const HEAD = '7306081203850001';
const PASSWORD = 'Sungguminasa-2026';

async function person(browser: Browser): Promise<Page> {
  return watch(await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage());
}

async function citizenSignsIn(page: Page) {
  await page.goto(`${base()}/masuk`);
  await page.getByLabel('NIK, nomor HP, email atau ID pengguna').fill(HEAD);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Permohonan saya');
}

/** An officer takes `action` on the case shown on `page`, filling what it asks for. */
async function act(page: Page, action: string, fill: (page: Page) => Promise<void> = async () => {}) {
  await page.getByRole('button', { name: action, exact: true }).click();
  await fill(page);
  await page.getByRole('button', { name: 'Konfirmasi' }).click();
  await expect(page.getByRole('status')).toHaveText(`${action}: berhasil.`);
}

test('officers work the KIA to pickup, returning it once; the resident follows it to the end', async ({ browser }) => {
  const fo = await person(browser);
  await officerSignsIn(fo, 'fo@demo.gowakab.go.id');
  const item = fo.getByRole('listitem').filter({ hasText: 'Penerbitan Kartu Identitas Anak (KIA)' });
  await expect(item).toContainText('Menunggu Verifikasi');
  await expect(item).toContainText(/Tenggat tahap ini: (sisa|lewat)/);
  await accessible(fo);
  await keep(fo, '10-dasbor-antrian');
  await item.getByRole('link').click();
  const caseUrl = fo.url();

  // The documents are previewed in the page.
  const photo = fo.getByRole('listitem').filter({ hasText: 'Pas foto' });
  await photo.getByRole('button', { name: 'Lihat' }).click();
  const preview = photo.getByRole('img', { name: /Pratinjau/ });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
  // A PDF is embedded from a short-lived address that serves the very file the resident sent.
  const kk = fo.getByRole('listitem').filter({ hasText: 'Kartu Keluarga' });
  await kk.getByRole('button', { name: 'Lihat' }).click();
  const embedded = kk.locator('object[type="application/pdf"]');
  await expect(embedded).toBeVisible();
  const pdf = await fo.request.get(new URL((await embedded.getAttribute('data'))!, fo.url()).href);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).toString()).toContain('% berkas uji 2');
  // Closed again: headless Chromium sends the page's next clicks to its PDF viewer otherwise.
  await kk.getByRole('button', { name: 'Tutup' }).click();
  await expect(embedded).toHaveCount(0);
  await accessible(fo);
  await keep(fo, '11-dasbor-permohonan');
  await act(fo, 'Kembalikan untuk dilengkapi', (p) => p.getByLabel('Alasan').fill('Pas foto buram, unggah foto yang jelas'));
  await expect(fo.getByTestId('status')).toHaveText('Dikembalikan untuk Dilengkapi');

  // The resident reads why, replaces the photo and resubmits.
  const resident = await person(browser);
  await citizenSignsIn(resident);
  await resident.getByRole('link', { name: 'Penerbitan Kartu Identitas Anak (KIA)' }).click();
  await expect(resident.getByRole('alert')).toContainText('Pas foto buram, unggah foto yang jelas');
  const newPhoto = resident.getByRole('listitem').filter({ hasText: 'Pas foto anak' });
  const clearer = await resident.screenshot({ type: 'jpeg', clip: { x: 0, y: 0, width: 240, height: 320 } });
  await newPhoto.getByLabel(/Ganti berkas/).setInputFiles({ name: 'pas-foto-baru.jpg', mimeType: 'image/jpeg', buffer: clearer });
  await expect(newPhoto).toContainText('pas-foto-baru.jpg');
  await expect(newPhoto.getByRole('progressbar')).toHaveCount(0);
  await keep(resident, '12-dikembalikan');
  // What the resident may do now comes from the workflow: resubmit, or withdraw.
  const actions = resident.getByRole('region', { name: 'Tindakan' });
  await expect(actions.getByRole('button')).toHaveText(['Ajukan ulang setelah dilengkapi', 'Tarik permohonan']);
  await actions.getByRole('button', { name: 'Ajukan ulang setelah dilengkapi' }).click();
  await accessible(resident);
  await actions.getByRole('button', { name: 'Konfirmasi' }).click();
  await expect(resident.getByTestId('status')).toHaveText('Menunggu Verifikasi');

  await fo.goto(caseUrl);
  await fo.reload();
  // The estimate offers the service's products, all ticked.
  await act(fo, 'Verifikasi laporan dan buat estimasi dokumen', (p) =>
    expect(p.getByRole('checkbox', { name: 'Kartu Identitas Anak (KIA)' })).toBeChecked(),
  );
  const steps: [string, string][] = [
    ['loket@demo.gowakab.go.id', 'Terima berkas fisik'],
    ['validator@demo.gowakab.go.id', 'Validasi berkas'],
    ['siak@demo.gowakab.go.id', 'Entri data ke SIAK'],
    ['produksi@demo.gowakab.go.id', 'Cetak dokumen'],
    ['kadis@demo.gowakab.go.id', 'Tanda tangani dokumen'],
  ];
  for (const [login, action] of steps) {
    const page = await person(browser);
    await officerSignsIn(page, login);
    await page.goto(caseUrl);
    await act(page, action);
    await page.context().close();
  }
  await fo.goto(caseUrl);
  await fo.reload();
  await act(fo, 'Registrasi dokumen dan kirim email ke pelapor', (p) =>
    p.getByLabel('Nomor Kartu Identitas Anak (KIA)').fill('7306082003160004'),
  );
  await expect(fo.getByTestId('status')).toHaveText('Dokumen Siap Diambil');
  const number = (await fo.getByRole('heading', { level: 1 }).textContent())!.split(' · ')[0];

  // The pickup counter types the registration number from the receipt.
  const counter = await person(browser);
  await officerSignsIn(counter, 'pengambilan@demo.gowakab.go.id');
  await counter.getByLabel('Cari nomor registrasi atau NIK pemohon').fill('7306-2026-999999');
  await counter.getByRole('button', { name: 'Cari' }).click();
  await expect(counter.getByRole('status')).toHaveText('Tidak ada permohonan yang cocok di kantor Anda.');
  await counter.getByLabel('Cari nomor registrasi atau NIK pemohon').fill(number);
  await counter.getByRole('button', { name: 'Cari' }).click();
  await expect(counter.getByTestId('status')).toHaveText('Dokumen Siap Diambil');
  await counter.getByRole('link', { name: 'Pengambilan dokumen' }).click();
  await counter.getByLabel('Kode QR resi pengambilan dokumen atau nomor registrasi').fill(number);
  await counter.getByRole('button', { name: 'Periksa' }).click();
  await counter.getByLabel('Nama pengambil').fill('Andi Baso Mappatunru');
  await counter.getByLabel('NIK pengambil').fill(HEAD);
  await counter.getByLabel('Hubungan dengan pemohon').selectOption('kk_member');
  await accessible(counter);
  await counter.getByRole('button', { name: 'Serahkan dokumen' }).click();
  await expect(counter.getByRole('status')).toHaveText(`Dokumen ${number} diserahkan kepada Andi Baso Mappatunru.`);
  await keep(counter, '13-pengambilan');

  // The resident sees the end and downloads the pickup receipt.
  await resident.reload();
  await expect(resident.getByTestId('status')).toHaveText('Selesai');
  const [download] = await Promise.all([
    resident.waitForEvent('download'),
    resident.getByRole('button', { name: 'Unduh resi pengambilan dokumen (PDF)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  await keep(resident, '14-selesai');

  // Done: the resident rates the service on the nine elements.
  const survey = resident.locator('form').filter({ hasText: 'Survei kepuasan' });
  for (const element of await survey.locator('fieldset legend').allTextContents()) {
    await survey.getByRole('group', { name: element }).getByLabel('Sangat baik').check();
  }
  await survey.getByRole('group', { name: 'Waktu penyelesaian' }).getByLabel('Baik', { exact: true }).check();
  await accessible(resident);
  await survey.getByRole('button', { name: 'Kirim penilaian' }).click();
  await expect(resident.getByRole('status')).toHaveText('Terima kasih atas penilaian Anda.');
  await expect(resident.getByText('Survei kepuasan')).toHaveCount(0);

  // A complaint about it goes in through the same form.
  await resident.getByRole('link', { name: 'Pengaduan' }).click();
  await resident.getByLabel('Isi pengaduan, saran atau masukan').fill('Antrean loket pengambilan terlalu lama.');
  await resident.getByLabel(/Nomor registrasi permohonan yang diadukan/).fill(number);
  await accessible(resident);
  await resident.getByRole('button', { name: 'Buat draf dan lanjut ke berkas' }).click();
  await expect(resident.getByTestId('status')).toHaveText('Draf Pengaduan');
  await fileDraft(resident);
  await expect(resident.getByTestId('status')).toHaveText('Menunggu Tindak Lanjut');
  await keep(resident, '16-pengaduan');

  // The month's figures count it, delivered within its standard.
  await fo.getByRole('link', { name: 'Angka layanan' }).click();
  const kia = fo.getByRole('region', { name: 'Penerbitan Kartu Identitas Anak (KIA)' });
  await expect(kia).toContainText('Selesai tepat waktu: 1, terlambat: 0 (100% sesuai standar waktu)');
  // Eight elements at 4 and one at 3: 35 / 9 x 25 = 97.22.
  await expect(kia).toContainText('Indeks kepuasan (IKM): 97.22 · mutu A (Sangat Baik) dari 1 responden');
  // The complaint waits: the picture of the work in hand shows it.
  const complaints = fo.getByRole('region', { name: 'Pengaduan, Saran dan Masukan', exact: true });
  const open = complaints.getByRole('table', { name: 'Permohonan terbuka per tahap (saat ini)' });
  await expect(open.getByRole('row')).toHaveText(['Menunggu Tindak Lanjut1']);
  await accessible(fo);
  await keep(fo, '15-angka-layanan');
});
