// A resident of Makassar, not in Gowa's register, on a phone: registers with the province on
// their own statement, activates with the code the province sends, and files a complaint to the
// province; the menu offers no family and no kabupaten complaint, and the messages carry the
// province's name and letterhead.
import { expect, test } from '@playwright/test';
import { base, codeSentTo, fileDraft, keep, menu, officerSignsIn, watch } from './helpers';

const PHONE = { width: 360, height: 740 };
const NIK = '7371015505900001';
const MOBILE = '085255502468';
const EMAIL = 'nurhayati@contoh.id';
const PASSWORD = 'Losari-Pantai-2026';

test('a Makassar resident registers with the province and complains to it from a phone', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ viewport: PHONE, locale: 'id-ID', timezoneId: 'Asia/Makassar' });
  const page = watch(await context.newPage());
  await page.goto(`${base()}/`);
  await page.getByRole('link', { name: 'mendaftar untuk layanan Dinas Dukcapil Provinsi' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Daftar untuk layanan Provinsi Sulawesi Selatan');
  // The pages name the office whose service it is.
  await expect(page.locator('header .masthead')).toContainText('Dinas Dukcapil Provinsi Sulawesi Selatan');

  await page.getByLabel('NIK').fill(NIK);
  await page.getByLabel('Nama lengkap').fill('Nurhayati Daeng Ngai');
  await page.getByLabel('Tanggal lahir').fill('16/05/1990');
  await page.getByLabel('Kabupaten/kota tempat tinggal').selectOption({ label: 'Kota Makassar' });
  await page.getByLabel('Nomor HP').fill(MOBILE);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Kata sandi', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Ulangi kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Daftar' }).click();
  // The NIK holds the birth date: a wrong one is named.
  await expect(page.getByRole('alert')).toContainText('Tanggal lahir tidak sesuai dengan NIK');
  await page.getByLabel('Tanggal lahir').fill('15/05/1990');
  await keep(page, '31-provinsi-daftar');
  await page.getByRole('button', { name: 'Daftar' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aktivasi akun');
  await expect(page.getByLabel('NIK, nomor HP atau email')).toHaveValue(MOBILE);
  await page.getByLabel('Kode aktivasi').fill(await codeSentTo(request, `+62${MOBILE.slice(1)}`));
  await page.getByRole('button', { name: 'Aktifkan' }).click();
  await expect(page.getByRole('status')).toHaveText('Akun aktif. Silakan masuk.');
  await page.getByLabel('NIK, nomor HP, email atau ID pengguna').fill(EMAIL);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Permohonan saya');
  await expect(page.locator('header .masthead')).toContainText('Dinas Dukcapil Provinsi Sulawesi Selatan');
  await expect(page.locator('header .masthead')).not.toContainText('Kabupaten Gowa');

  const nav = await menu(page);
  await expect(nav.getByRole('link', { name: 'Keluarga' })).toHaveCount(0);
  await nav.getByRole('link', { name: 'Pengaduan' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ajukan: Pengaduan, Saran dan Masukan (Provinsi)');
  await page.getByLabel('Isi pengaduan, saran atau masukan').fill('Jadwal aktivasi IKD melalui Zoom belum dikirim sejak seminggu lalu.');
  await page.getByRole('button', { name: 'Buat draf dan lanjut ke berkas' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Draf/);
  await fileDraft(page);
  await expect(page.getByTestId('status')).not.toHaveText(/Draf/);
  await expect(page.getByText(/73-2026-\d{6}/).first()).toBeVisible();
  await keep(page, '32-provinsi-pengaduan-terkirim');

  // The e-mail is the province's, to the resident.
  await expect
    .poll(async () => {
      const reply = await request.get(`${base()}/api/v1/local/mailbox?recipient=${encodeURIComponent(EMAIL)}`);
      const messages = (await reply.json()) as { template: string; html?: string }[];
      return messages.filter((m) => m.template !== 'kode_aktivasi').map((m) => m.html ?? '').find((h) => h.includes('73-2026-')) ?? '';
    }, { timeout: 15_000 })
    .toContain('Provinsi Sulawesi Selatan');
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await context.close();

  // The province's officer sees that the name and NIK are the applicant's own statement.
  const officer = watch(await browser.newPage());
  await officerSignsIn(officer, 'ppid@demo.sulselprov.go.id');
  await officer.goto(`${base()}/dashboard/#/kasus/${id}`);
  await expect(officer.getByTestId('declared')).toContainText('menurut pernyataan pemohon');
  await keep(officer, '33-provinsi-petugas-pernyataan');
});
