// The citizen site on a cheap phone (360 × 740) on a weak network: no page scrolls sideways, the
// menu and the forms are tapped with a thumb, a file uploads as soon as it is chosen (a photo too
// large is made smaller first) and is tried again after a dropped connection; without a
// connection the site still opens and says so, and a draft's answers wait in the browser and are
// sent once the connection returns. A resident of the fixture register makes their own account here.
import { type Page, expect, test } from '@playwright/test';
import { accessible, base, codeSentTo, keep, menu, watch } from './helpers';

const PHONE = { width: 360, height: 740 };
const RESIDENT = '7306084512870002';
const MOBILE = '081234509009';
const PASSWORD = 'Pallangga-Ponsel-2026';
const SERVICE = 'KK_KTP_EL_HILANG_RUSAK';

test.describe.configure({ mode: 'serial' });

/**
 * One phone for the whole walk, signed in once: the server refuses a burst of sign-ins from one
 * address, and the whole suite signs in many times.
 */
let page: Page;
test.beforeAll(async ({ browser }) => {
  const phone = await browser.newContext({ viewport: PHONE, locale: 'id-ID', timezoneId: 'Asia/Makassar' });
  page = watch(await phone.newPage());
});
test.afterAll(() => page.context().close());

/**
 * The page as a phone needs it: nothing wider than the screen, every control of the menu and the
 * forms at least 44 px each way, no serious accessibility problem; photographed.
 */
async function fitsAPhone(page: Page, name: string) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
  const small = await page.evaluate(() =>
    [
      ...document.querySelectorAll(
        'header a:not(.skip), header button, main button, main a.button, main .links a, main label.option, main summary, ' +
          'main input:not([type=radio]):not([type=checkbox]), main select, main textarea',
      ),
    ]
      .filter((e) => {
        const box = e.getBoundingClientRect();
        return box.height > 0 && (box.height < 44 || box.width < 44);
      })
      .map((e) => e.outerHTML.slice(0, 80)),
  );
  expect(small, `${name}: tap targets under 44 px`).toEqual([]);
  await accessible(page);
  // From the top: a notice that stays in sight would otherwise be drawn where the page was scrolled.
  await page.evaluate(() => window.scrollTo(0, 0));
  await keep(page, name);
}

test('every page of the citizen site fits a 360 px phone, its menu folded behind a button', async ({ request }) => {
  for (const [path, heading, name] of [
    ['/', 'Layanan kependudukan dari rumah', '60-ponsel-beranda'],
    ['/layanan', 'Layanan', '61-ponsel-layanan'],
    [`/layanan/${SERVICE}`, /KK .*KTP-el/, '62-ponsel-satu-layanan'],
    ['/masuk', 'Masuk', '63-ponsel-masuk'],
    ['/lupa-sandi', 'Lupa kata sandi', '64-ponsel-lupa-sandi'],
    ['/cek', 'Periksa tanda terima atau resi', '65-ponsel-cek'],
  ] as const) {
    await page.goto(`${base()}${path}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await fitsAPhone(page, name);
  }

  // The menu opens from its button, one link a line, and closes once a link is taken.
  await expect(page.getByRole('navigation', { name: 'Menu utama' })).toBeHidden();
  const nav = await menu(page);
  await expect(page.getByRole('button', { name: 'Menu', exact: true })).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('link')).toHaveText(['Beranda', 'Layanan', 'Cek tanda terima', 'Masuk', 'Daftar']);
  await fitsAPhone(page, '66-ponsel-menu');
  await nav.getByRole('link', { name: 'Daftar' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Daftar akun');
  await expect(nav).toBeHidden();

  await page.getByLabel('NIK').fill(RESIDENT);
  await page.getByLabel('Nomor KK').fill('7306081203150001');
  await page.getByLabel('Tanggal lahir').fill('05121987');
  await page.getByLabel('Nomor HP').fill(MOBILE);
  await page.getByLabel('Email').fill('siti.aminah@contoh.id');
  await page.getByLabel('Kata sandi', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Ulangi kata sandi').fill(PASSWORD);
  await fitsAPhone(page, '67-ponsel-daftar');
  await page.getByRole('button', { name: 'Daftar' }).click();
  await page.getByLabel('Kode aktivasi').fill(await codeSentTo(request, `+62${MOBILE.slice(1)}`));
  await fitsAPhone(page, '68-ponsel-aktivasi');
  await page.getByRole('button', { name: 'Aktifkan' }).click();
  await expect(page.getByRole('status')).toHaveText('Akun aktif. Silakan masuk.');

  await page.getByLabel('NIK, nomor HP, email atau ID pengguna').fill(MOBILE);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Permohonan saya');
  await fitsAPhone(page, '69-ponsel-permohonan-kosong');
  await (await menu(page)).getByRole('link', { name: 'Keluarga' }).click();
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  await fitsAPhone(page, '70-ponsel-keluarga');
  await page.goto(`${base()}/layanan/${SERVICE}`);
  await page.getByRole('link', { name: 'Ajukan permohonan' }).click();
  await expect(page.getByRole('radio', { name: 'KTP-el hilang' })).toBeVisible();
  await fitsAPhone(page, '71-ponsel-ajukan');
  // A long form with every kind of field: a birth.
  await page.goto(`${base()}/ajukan/KELAHIRAN`);
  await expect(page.getByRole('group', { name: 'Penolong kelahiran' })).toBeVisible();
  await fitsAPhone(page, '72-ponsel-formulir-kelahiran');
});

/** A PDF small enough for any slot. */
const pdf = (name: string) => ({
  name,
  mimeType: 'application/pdf',
  buffer: Buffer.from(`%PDF-1.4\n% ${name}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`),
});

test('a file uploads as soon as it is chosen, again after a dropped connection, a large photo made smaller', async () => {
  await page.goto(`${base()}/ajukan/${SERVICE}`);
  await page.getByRole('radio', { name: 'KTP-el hilang' }).check();
  await page.getByLabel('Untuk siapa').selectOption({ label: 'SITI AMINAH (Istri)' });
  await page.getByLabel(/Nomor surat keterangan kehilangan/).fill('LP/B/12/XII/2026/Res Gowa');
  await page.getByRole('button', { name: 'Buat draf dan lanjut ke berkas' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Draf/);

  // The slot says what it takes before anything is chosen.
  const police = page.getByRole('listitem').filter({ hasText: 'Surat Keterangan Kehilangan dari Kepolisian' });
  const picker = police.getByLabel('Pilih berkas');
  await expect(picker).toHaveAccessibleDescription(/^PDF, JPEG atau PNG, paling besar 5 MB; foto yang lebih besar diperkecil otomatis\. Berkas langsung diunggah/);

  // The first try loses its connection: said in Indonesian, with a retry of the same file.
  let puts = 0;
  await page.route('**/*', async (route) => {
    if (route.request().method() !== 'PUT') return route.fallback();
    puts += 1;
    if (puts === 1) return route.abort('internetdisconnected');
    // A slow network: the progress shows while the file travels.
    await new Promise((done) => setTimeout(done, 1500));
    await route.fallback();
  });
  await picker.setInputFiles(pdf('laporan-polisi.pdf'));
  await expect(police.getByRole('alert')).toHaveText('Koneksi terputus saat mengunggah. Coba lagi.');
  await police.getByRole('button', { name: 'Coba lagi unggah Surat Keterangan Kehilangan dari Kepolisian' }).click();
  await expect(police.getByRole('progressbar', { name: 'Mengunggah Surat Keterangan Kehilangan dari Kepolisian' })).toBeVisible();
  await keep(page, '73-ponsel-mengunggah');
  await expect(police).toContainText('✓ laporan-polisi.pdf terunggah');
  await expect(police).toContainText('sudah diunggah');
  await expect(police.getByRole('progressbar')).toHaveCount(0);
  await page.unroute('**/*');

  // A phone's photo over the slot's 5 MB: made smaller in the browser and sent as a JPEG.
  const kk = page.getByRole('listitem').filter({ hasText: 'Kartu Keluarga (KK)' });
  await kk.getByLabel('Pilih berkas').evaluate(async (input: HTMLInputElement) => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [2400, 1800];
    const paint = canvas.getContext('2d')!;
    const pixels = paint.createImageData(canvas.width, canvas.height);
    for (let i = 0; i < pixels.data.length; i++) pixels.data[i] = i % 4 === 3 ? 255 : (Math.random() * 256) | 0;
    paint.putImageData(pixels, 0, 0);
    const png = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b!), 'image/png'));
    const chosen = new DataTransfer();
    chosen.items.add(new File([png], 'foto-kk.png', { type: 'image/png' }));
    input.files = chosen.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(kk).toContainText(/✓ foto-kk\.jpg terunggah \([\d,]+ MB, diperkecil dari [\d,]+ MB\)/, { timeout: 30_000 });
  await expect(kk).toContainText('sudah diunggah');
  await fitsAPhone(page, '74-ponsel-berkas');
});

test('without a connection the site says so in Indonesian, and a page that failed loads again with a tap', async () => {
  // The service worker has kept the app shell.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.context().setOffline(true);
  const offline = page.getByRole('status').filter({ hasText: 'Anda sedang luring' });
  await expect(offline).toBeVisible();
  await (await menu(page)).getByRole('link', { name: 'Keluarga' }).click();
  await expect(page.getByRole('alert')).toHaveText('Tidak dapat terhubung ke server. Periksa koneksi internet lalu coba lagi.');
  await fitsAPhone(page, '75-ponsel-luring');
  // Opened again without a connection, the site is there and says why it shows nothing.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keluarga saya');
  await expect(offline).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('Tidak dapat terhubung ke server. Periksa koneksi internet lalu coba lagi.');

  await page.context().setOffline(false);
  await expect(offline).toHaveCount(0);
  await page.getByRole('button', { name: 'Coba lagi' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'SITI AMINAH' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a draft asked for without a connection is kept on the phone and made once the connection returns', async () => {
  await page.goto(`${base()}/ajukan/${SERVICE}`);
  await page.getByRole('radio', { name: 'KK rusak' }).check();
  await page.getByLabel('Untuk siapa').selectOption(RESIDENT);
  await page.getByLabel(/Nomor surat keterangan kehilangan/).fill('Tidak ada - KK sobek');
  // A date as it is written here; the number pad has no slash, so the slashes come by themselves.
  const date = page.getByLabel(/Tanggal surat keterangan kehilangan/);
  await expect(date).toHaveAccessibleDescription('Tanggal/bulan/tahun, mis. 17/08/2025');
  await date.pressSequentially('28112026');
  await expect(date).toHaveValue('28/11/2026');

  // What was typed is in the browser: the page opened again has it.
  await page.reload();
  await expect(page.getByText('Isian yang belum terkirim dipulihkan dari perangkat ini.')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'KK rusak' })).toBeChecked();
  await expect(page.getByLabel('Untuk siapa')).toHaveValue(RESIDENT);
  await expect(page.getByLabel(/Nomor surat keterangan kehilangan/)).toHaveValue('Tidak ada - KK sobek');
  await expect(date).toHaveValue('28/11/2026');

  await page.context().setOffline(true);
  await page.getByRole('button', { name: 'Buat draf dan lanjut ke berkas' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'dikirim otomatis begitu koneksi kembali' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Menunggu koneksi…' })).toBeDisabled();
  await fitsAPhone(page, '76-ponsel-draf-menunggu-koneksi');

  await page.context().setOffline(false);
  await expect(page.getByTestId('status')).toHaveText('Draf Laporan');
  const declared = page.getByRole('region', { name: 'Isian formulir' });
  await expect(declared).toContainText('Tidak ada - KK sobek');
  await expect(declared).toContainText('28 November 2026');
  // Changing the answers starts from the date as it is written here.
  await declared.getByRole('button', { name: 'Ubah isian' }).click();
  await expect(declared.getByLabel(/Tanggal surat keterangan kehilangan/)).toHaveValue('28/11/2026');
  await declared.getByRole('button', { name: 'Batal' }).click();
  // Sent: nothing of it stays on the phone.
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('adminduk.isian.')))).toEqual([]);
  await fitsAPhone(page, '77-ponsel-draf-terkirim');
  // The list of one's applications, with the two drafts made here (and, after the counter's
  // test, the case it filed for this resident).
  await (await menu(page)).getByRole('link', { name: 'Permohonan saya' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Draf · SITI AMINAH' })).toHaveCount(2);
  await fitsAPhone(page, '78-ponsel-permohonan-saya');
});
