// A birth declared through the service's typed form on a small phone: the child's data, mother
// and father picked from the family, the marriage with its date, two witnesses by NIK. Missing an
// answer shows the error summary, which takes the focus and leads to the field; the answers are
// then changed once on the draft, the documents these answers need are uploaded, and an officer
// reads the declaration beside a document's preview. A draft can also be deleted. The resident
// registered in 01-citizen.spec.ts (the files run in order, one worker).
import { type Browser, type Page, expect, test } from '@playwright/test';
import { accessible, base, fileDraft, keep, menu, officerSignsIn, watch } from './helpers';

const HEAD = '7306081203850001';
const WIFE = '7306084512870002';
const PASSWORD = 'Sungguminasa-2026';
const CHILD = 'AISYAH PUTRI MAPPATUNRU';

/** A day `n` days ago in Gowa, as a date is written here (DD/MM/YYYY). */
const daysAgo = (n: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Makassar' }).format(new Date(Date.now() - n * 86_400_000));

const pdf = (n: number) => ({
  name: `kelahiran-${n}.pdf`,
  mimeType: 'application/pdf',
  buffer: Buffer.from(`%PDF-1.4\n% berkas kelahiran ${n}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`),
});

/** New contexts do not take the config's `use`: the same language and time zone as the others. */
const PLACE = { locale: 'id-ID', timezoneId: 'Asia/Makassar' };

async function phone(browser: Browser): Promise<Page> {
  return watch(await (await browser.newContext({ ...PLACE, viewport: { width: 360, height: 740 } })).newPage());
}

async function residentSignsIn(page: Page) {
  await page.goto(`${base()}/masuk`);
  await page.getByLabel('NIK, nomor HP, email atau ID pengguna').fill(HEAD);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Permohonan saya');
}

/** Nothing wider than the phone's screen: no sideways scrolling. */
async function fitsTheScreen(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(client);
}

test('a resident declares a birth on a phone; an officer reads it beside its documents', async ({ browser }) => {
  const page = await phone(browser);
  await residentSignsIn(page);
  await page.goto(`${base()}/layanan/KELAHIRAN`);
  await page.getByRole('link', { name: 'Ajukan permohonan' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ajukan: Pelaporan Kelahiran');
  await page.getByLabel(/Untuk siapa|Orang tua/).selectOption({ label: 'ANDI BASO MAPPATUNRU (Kepala Keluarga)' });

  const child = page.getByRole('region', { name: 'Data anak' });
  await child.getByLabel('Nama lengkap anak').fill(CHILD);
  await child.getByRole('group', { name: 'Jenis kelamin' }).getByLabel('Perempuan').check();
  await child.getByLabel('Tempat dilahirkan').selectOption({ label: 'RS/Rumah bersalin' });
  await child.getByLabel('Tempat kelahiran (kota/kabupaten)').fill('GOWA');
  await child.getByLabel('Tanggal lahir').fill(daysAgo(5));
  await child.getByLabel('Pukul lahir').fill('08:30');
  await child.getByLabel('Jenis kelahiran').selectOption({ label: 'Tunggal' });
  await child.getByLabel('Kelahiran ke-').fill('2');
  await child.getByRole('group', { name: 'Penolong kelahiran' }).getByLabel('Bidan/Perawat').check();
  const weight = child.getByLabel('Berat bayi (kg)');
  await expect(weight).toHaveAttribute('step', '0.01');
  await weight.fill('3.25');
  await child.getByLabel('Panjang bayi (cm)').fill('49.5');
  await child.getByRole('group', { name: 'Bukti kelahiran yang dimiliki' }).getByLabel(/^Surat keterangan lahir/).check();

  // The mother's picker appears once she is to come from the family, and offers its women only.
  const mother = page.getByRole('region', { name: 'Data ibu' });
  await expect(mother.getByLabel('Ibu', { exact: true })).toHaveCount(0);
  await mother.getByRole('group', { name: 'Data ibu diambil dari' }).getByLabel('Anggota KK saya').check();
  const motherPicker = mother.getByLabel('Ibu', { exact: true });
  await expect(motherPicker.locator('option')).toHaveText(['Pilih anggota keluarga…', 'SITI AMINAH (Istri)']);
  await motherPicker.selectOption({ label: 'SITI AMINAH (Istri)' });

  const father = page.getByRole('region', { name: 'Data ayah' });
  await father.getByRole('group', { name: 'Data ayah diambil dari' }).getByLabel('Anggota KK saya').check();
  const fatherPicker = father.getByLabel('Ayah', { exact: true });
  await expect(fatherPicker.locator('option', { hasText: 'SITI AMINAH' })).toHaveCount(0);
  await fatherPicker.selectOption({ label: 'ANDI BASO MAPPATUNRU (Kepala Keluarga)' });
  await father.getByLabel('Pekerjaan ayah (tidak wajib)').selectOption({ label: 'Karyawan Swasta' });
  // A recorded marriage asks for its date; left empty for now.
  await expect(father.getByLabel('Tanggal pencatatan perkawinan')).toHaveCount(0);
  await father.getByRole('group', { name: 'Perkawinan orang tua' }).getByLabel(/^Tercatat/).check();
  await expect(father.getByLabel('Tanggal pencatatan perkawinan')).toBeVisible();

  // Exactly two witnesses: both entries are there from the start, none to add or remove.
  const witnesses = page.getByRole('region', { name: 'Saksi' });
  await expect(witnesses.getByRole('group', { name: /^Saksi \d$/ })).toHaveCount(2);
  await expect(witnesses.getByRole('button')).toHaveCount(0);
  await witnesses.getByRole('group', { name: 'Saksi 1' }).getByLabel('NIK').fill(HEAD);
  await witnesses.getByRole('group', { name: 'Saksi 2' }).getByLabel('NIK').fill(WIFE);
  await witnesses.getByRole('group', { name: 'Saksi 2' }).getByLabel(/Pekerjaan/).selectOption({ label: 'Mengurus Rumah Tangga' });
  await page.getByRole('group', { name: 'Hubungan pelapor dengan anak' }).getByLabel('Ayah', { exact: true }).check();
  await fitsTheScreen(page);
  await accessible(page);
  await keep(page, '17-kelahiran-formulir');

  // The missing date: the error summary takes the focus and leads to the field.
  await page.getByRole('button', { name: 'Buat draf dan lanjut ke berkas' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Ada isian yang perlu diperbaiki' });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText(['Tanggal pencatatan perkawinan wajib diisi']);
  const marriage = father.getByLabel('Tanggal pencatatan perkawinan');
  await expect(marriage).toHaveAccessibleDescription(/Tanggal pencatatan perkawinan wajib diisi/);
  await fitsTheScreen(page);
  await accessible(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/screenshots/18-kelahiran-ringkasan-kesalahan.png' });
  await marriage.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/18b-kelahiran-kesalahan-di-isian.png' });
  await summary.getByRole('link').click();
  await expect(marriage).toBeFocused();
  await marriage.fill('21/06/2014');
  await page.getByRole('button', { name: 'Buat draf dan lanjut ke berkas' }).click();

  // The draft: the declaration as filed, changed once with the same form.
  await expect(page.getByTestId('status')).toHaveText('Draf Laporan');
  const declared = page.getByRole('region', { name: 'Isian formulir' });
  await expect(declared.getByRole('heading', { level: 3 })).toHaveText(['Data anak', 'Data ibu', 'Data ayah', 'Saksi', 'Pelapor']);
  await expect(declared).toContainText(CHILD);
  await expect(declared).toContainText('SITI AMINAH');
  await expect(declared).toContainText('3.25 kg');
  await declared.getByRole('button', { name: 'Ubah isian' }).click();
  await expect(declared.getByLabel('Nama lengkap anak')).toHaveValue(CHILD);
  await expect(declared.getByRole('region', { name: 'Data ibu' }).getByLabel('Ibu', { exact: true })).toHaveValue(WIFE);
  await declared.getByLabel('Berat bayi (kg)').fill('3.3');
  await declared.getByRole('button', { name: 'Simpan isian' }).click();
  await expect(page.getByRole('status')).toHaveText('Isian formulir disimpan.');
  await expect(declared).toContainText('3.3 kg');

  // The documents these answers need: five required; the two SPTJMs are not asked for.
  const required = page.getByRole('listitem').filter({ hasText: '(wajib)' });
  await expect(required).toHaveCount(5);
  await expect(page.getByRole('listitem').filter({ hasText: 'Surat Pernyataan Tanggung Jawab Mutlak' })).toHaveCount(0);
  await expect(page.getByText('Berkas yang tidak diperlukan untuk isian Anda (2)')).toBeVisible();
  // The birth certificate from the midwife as a photo, the rest as PDFs.
  const photo = await page.screenshot({ type: 'jpeg', clip: { x: 0, y: 0, width: 300, height: 200 } });
  const letter = page.getByRole('listitem').filter({ hasText: 'Surat Keterangan Lahir' });
  await letter.getByLabel(/Pilih berkas/).setInputFiles({ name: 'surat-lahir.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(letter).toContainText('sudah diunggah');
  for (const [n, name] of ['Formulir Pelaporan', 'Buku Nikah', 'Kartu Keluarga orang tua', 'KTP-el orang tua'].entries()) {
    const item = page.getByRole('listitem').filter({ hasText: name });
    await item.getByLabel(/Pilih berkas/).setInputFiles(pdf(n + 1));
    await expect(item).toContainText('sudah diunggah');
  }
  await fitsTheScreen(page);
  await accessible(page);
  await keep(page, '19-kelahiran-berkas');
  await fileDraft(page);
  await expect(page.getByRole('status')).toContainText(/Nomor registrasi: 7306-2026-\d{6}/);
  await expect(page.getByTestId('status')).toHaveText('Menunggu Verifikasi');
  await expect(page.getByRole('button', { name: 'Hapus draf' })).toHaveCount(0);

  // The officer finds it by the child's name and reads it beside the documents.
  const fo = watch(await (await browser.newContext({ ...PLACE, viewport: { width: 1280, height: 900 } })).newPage());
  await officerSignsIn(fo, 'fo@demo.gowakab.go.id');
  const item = fo.getByRole('listitem').filter({ hasText: CHILD });
  await expect(item).toContainText('Pemohon ANDI BASO MAPPATUNRU');
  await item.getByRole('link').click();
  await expect(fo.getByTestId('subject')).toHaveText(CHILD);
  const declaration = fo.getByRole('region', { name: 'Isian formulir' });
  const documents = fo.getByRole('region', { name: 'Berkas' });
  await expect(declaration).toContainText('Perempuan');
  await expect(declaration).toContainText('Tercatat (memiliki buku nikah/akta perkawinan)');
  const shown = fo.getByRole('listitem').filter({ hasText: 'Surat Keterangan Lahir' });
  await shown.getByRole('button', { name: 'Lihat' }).click();
  const preview = shown.getByRole('img', { name: /Pratinjau/ });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(300);
  // Side by side: the declaration on the left, the documents and the preview on the right.
  const left = (await declaration.boundingBox())!;
  const right = (await documents.boundingBox())!;
  const picture = (await preview.boundingBox())!;
  expect(left.x + left.width).toBeLessThanOrEqual(right.x);
  expect(Math.abs(left.y - right.y)).toBeLessThan(5);
  expect(picture.x).toBeGreaterThanOrEqual(right.x);
  expect(picture.y).toBeLessThan(900);
  await accessible(fo);
  await fo.screenshot({ path: 'test-results/screenshots/20-dasbor-kelahiran.png' });
  await fo.context().close();
  await page.context().close();
});

test('a resident deletes a draft after confirming it', async ({ browser }) => {
  const page = await phone(browser);
  await residentSignsIn(page);
  await (await menu(page)).getByRole('link', { name: 'Pengaduan', exact: true }).click();
  await page.getByLabel('Isi pengaduan, saran atau masukan').fill('Draf yang akan dihapus.');
  await page.getByRole('button', { name: 'Buat draf dan lanjut ke berkas' }).click();
  await expect(page.getByTestId('status')).toHaveText('Draf Pengaduan');
  await page.getByRole('button', { name: 'Hapus draf' }).click();
  await expect(page.getByRole('heading', { name: 'Hapus draf ini?' })).toBeVisible();
  // Changing one's mind keeps it.
  await page.getByRole('button', { name: 'Batal' }).click();
  await page.getByRole('button', { name: 'Hapus draf' }).click();
  await accessible(page);
  await page.getByRole('button', { name: 'Ya, hapus draf' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Permohonan saya');
  await expect(page.getByRole('status')).toHaveText(/Draf .* dihapus\./);
  await expect(page.getByText('Draf yang akan dihapus.')).toHaveCount(0);
  await expect(page.getByRole('listitem').filter({ hasText: 'Draf Pengaduan' })).toHaveCount(0);
});
