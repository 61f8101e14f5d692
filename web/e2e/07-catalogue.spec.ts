// The catalogue on a 360 px phone: services grouped as people think of them, a search that finds
// by the words people use, a counter's service that says where and when, and for a signed-in
// resident, for whom in the family they can file before they start.
import { expect, test } from '@playwright/test';
import { accessible, base, keep, watch } from './helpers';

const PHONE = { width: 360, height: 740 };
const HEAD_PHONE = '081234567890';
const PASSWORD = 'Sungguminasa-2026';

test('a visitor finds a service by its topic or by the words they use, and learns where to go', async ({ page }) => {
  await page.setViewportSize(PHONE);
  watch(page);
  await page.goto(`${base()}/layanan`);
  for (const topic of ['Kelahiran dan anak', 'Kematian', 'Pindah dan datang', 'KTP-el dan identitas digital', 'Pengaduan']) {
    await expect(page.getByRole('heading', { level: 2, name: topic })).toBeVisible();
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await accessible(page);
  await keep(page, '40-katalog-per-topik');

  const search = page.getByLabel('Cari layanan');
  await search.fill('e-KTP hilang');
  await expect(page.getByRole('heading', { level: 2, name: /layanan ditemukan/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Penerbitan KTP-el Karena Hilang' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Pelaporan Kelahiran' })).toHaveCount(0);
  await search.fill('meninggal');
  await expect(page.getByRole('link', { name: 'Pelaporan Kematian' })).toBeVisible();
  await accessible(page);
  await keep(page, '41-katalog-cari');
  await search.fill('zzzz');
  await expect(page.getByRole('heading', { level: 2, name: 'Tidak ada layanan yang cocok' })).toBeVisible();

  await search.fill('');
  await page.getByRole('link', { name: 'Penerbitan KTP-el Baru' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Diajukan di loket' })).toBeVisible();
  await expect(page.getByText('Senin–Kamis 08.00–16.00, Jumat 08.00–16.30 WITA')).toBeVisible();
  await expect(page.getByRole('link', { name: /Ajukan permohonan/ })).toHaveCount(0);
  await accessible(page);
  await keep(page, '42-layanan-di-loket-jam');
});

test('a signed-in resident sees for whom in the family they can file a KIA', async ({ page }) => {
  await page.setViewportSize(PHONE);
  watch(page);
  await page.goto(`${base()}/masuk`);
  await page.getByLabel('NIK, nomor HP, email atau ID pengguna').fill(HEAD_PHONE);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Masuk');
  await page.goto(`${base()}/layanan/KIA`);
  const forWhom = page.getByRole('region', { name: 'Untuk siapa Anda dapat mengajukan' });
  await expect(forWhom.getByRole('listitem').filter({ hasText: 'MUH. FARHAN MAPPATUNRU' })).toBeVisible();
  await forWhom.getByText(/Anggota keluarga yang tidak dapat diajukan/).click();
  await expect(forWhom.getByText('SITI AMINAH (Istri): Hanya untuk usia di bawah 17 tahun')).toBeVisible();
  await expect(forWhom.getByRole('link', { name: 'Ajukan permohonan' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await accessible(page);
  await keep(page, '43-layanan-untuk-siapa');
});
