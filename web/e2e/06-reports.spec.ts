// Monthly Adminduk reports (seed 002) in the dashboard. The province's Kepala Dinas sees every
// kabupaten/kota's last month (demo systems have sent some), exports the table as CSV and opens
// one report down to its steps. Gowa's Kepala Dinas reviews the report computed from Gowa's own
// services, fills in the KTP-el blank stock and sends it; the province's table then shows it.
import { type Browser, type Page, expect, test } from '@playwright/test';
import { accessible, keep, menu, officerSignsIn, watch } from './helpers';

const PLACE = { locale: 'id-ID', timezoneId: 'Asia/Makassar' };

async function desk(browser: Browser, width = 1280): Promise<Page> {
  return watch(await (await browser.newContext({ ...PLACE, viewport: { width, height: 900 } })).newPage());
}

/** A report sent today is on time until the 10th (Makassar time), late after. */
function sentToday(): string {
  const day = Number(new Intl.DateTimeFormat('en-GB', { day: 'numeric', timeZone: 'Asia/Makassar' }).format(new Date()));
  return day <= 10 ? 'Tepat waktu' : 'Terlambat';
}

const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

test('the province oversees every kabupaten/kota and Gowa sends its report from its own figures', async ({ browser }) => {
  test.setTimeout(150_000);
  const province = await desk(browser);
  await officerSignsIn(province, 'kadis@demo.sulselprov.go.id');
  // The province's menu holds the province's work: no kecamatan guest book, no residents' account
  // recovery; its IKD video-call desk keeps appointments.
  const nav = province.getByRole('navigation');
  await expect(nav.getByRole('link', { name: 'Janji temu' })).toBeVisible();
  for (const kabupaten of ['Buku tamu WhatsApp', 'Pemulihan akun']) {
    await expect(nav.getByRole('link', { name: kabupaten }), kabupaten).toHaveCount(0);
  }
  await keep(province, '29-provinsi-menu');
  await province.getByRole('link', { name: 'Laporan bulanan' }).click();
  await expect(province.getByRole('heading', { level: 1 })).toHaveText('Laporan bulanan kabupaten/kota');
  const table = province.getByRole('table', { name: 'Semua kabupaten/kota' });
  await expect(table.getByRole('row')).toHaveCount(25);
  await expect(row(province, 'Kabupaten Bone')).toContainText(sentToday());
  await expect(row(province, 'Kabupaten Gowa')).toContainText(/Belum jatuh tempo|Tidak masuk/);
  await expect(province.getByRole('table', { name: 'Layanan selesai sesuai standar waktu' })).toBeVisible();
  await accessible(province);
  await keep(province, '30-provinsi-laporan-bulanan');

  const download = province.waitForEvent('download');
  await province.getByRole('button', { name: 'Unduh CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^laporan-bulanan-\d{4}-\d{2}\.csv$/);
  const csv = (await (await file.createReadStream()).toArray()).join('');
  expect(csv.trim().split('\n')).toHaveLength(25);
  expect(csv).toContain('Kabupaten Bone');

  await province.getByRole('link', { name: 'Kabupaten Bone', exact: true }).click();
  await expect(province.getByRole('heading', { level: 1 })).toHaveText(
    'Laporan Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bone',
  );
  await expect(province.getByText('Versi 1 (ditampilkan)')).toBeVisible();
  await province.getByText('Ketepatan waktu per tahap: Penerbitan KTP-el Baru').click();
  await expect(province.getByRole('row', { name: /verifikasi/ })).toBeVisible();
  await accessible(province);
  await keep(province, '31-provinsi-laporan-bone');

  // Gowa's Kepala Dinas: the report computed from Gowa's services, the blanks filled in, sent.
  const kadis = await desk(browser, 390);
  await officerSignsIn(kadis, 'kadis@demo.gowakab.go.id');
  await (await menu(kadis)).getByRole('link', { name: 'Laporan bulanan' }).click();
  await expect(kadis.getByRole('heading', { level: 1 })).toHaveText(
    'Laporan Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa',
  );
  await expect(kadis.getByText('Laporan bulan ini belum dikirim.')).toBeVisible();
  const review = kadis.getByRole('form', { name: 'Tinjau dan kirim laporan' });
  await review.getByLabel('Diterima dari provinsi').fill('1000');
  await review.getByLabel('Rusak').fill('3');
  await review.getByLabel('Stok akhir bulan').fill('997');
  await accessible(kadis);
  await keep(kadis, '32-kadis-gowa-tinjau-laporan');
  // From the keyboard: after the full-page screenshot, Chromium's clicks land beside the button.
  await review.getByRole('button', { name: 'Kirim laporan' }).press('Enter');
  await expect(kadis.getByRole('status')).toContainText('Laporan versi 1 terkirim');
  await expect(kadis.getByText('Versi 1 (ditampilkan)')).toBeVisible();
  await expect(kadis.getByText('1000 diterima, 0 terpakai, 3 rusak, stok akhir 997')).toBeVisible();
  // A correction starts from what was sent.
  await expect(kadis.getByRole('form', { name: 'Tinjau dan kirim laporan' })).toBeHidden();
  await kadis.getByText('Perbaiki laporan: kirim versi baru').click();
  await expect(kadis.getByLabel('Stok akhir bulan')).toHaveValue('997');
  const width = await kadis.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'nothing scrolls sideways on a phone').toBeLessThanOrEqual(390);
  await keep(kadis, '33-kadis-gowa-laporan-terkirim');

  await province.getByRole('link', { name: 'Laporan bulanan' }).click();
  await expect(row(province, 'Kabupaten Gowa')).toContainText(sentToday());
});
