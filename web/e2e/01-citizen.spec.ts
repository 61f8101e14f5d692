// A resident registers, activates with the code from the local mailbox, logs in and reads what a
// service asks for; every page is checked for accessibility and photographed.
import { expect, test } from '@playwright/test';
import { accessible, base, codeSentTo, keep, menu, watch } from './helpers';

const HEAD = '7306081203850001';
const PASSWORD = 'Sungguminasa-2026';

test.describe.configure({ mode: 'serial' });

test('a resident registers, activates, logs in and reads the requirements of KIA', async ({ page, request }) => {
  watch(page);
  const first = await page.goto(base());
  expect(first?.headers()['content-security-policy']).toContain("default-src 'self'");
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Layanan kependudukan dari rumah');
  await accessible(page);
  await keep(page, '01-beranda');

  await page.getByRole('link', { name: 'Daftar akun' }).click();
  await page.getByLabel('NIK').fill(HEAD);
  await page.getByLabel('Nomor KK').fill('7306081203150001');
  // A birth date that is not the one on the KK: one answer, whatever is wrong.
  await page.getByLabel('Tanggal lahir').fill('13031985');
  await page.getByLabel('Nomor HP').fill('081234567890');
  await page.getByLabel('Email').fill('andi@contoh.id');
  await page.getByLabel('Kata sandi', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Ulangi kata sandi').fill(PASSWORD);
  await accessible(page);
  await keep(page, '02-daftar');
  await page.getByRole('button', { name: 'Daftar' }).click();
  await expect(page.getByRole('alert')).toContainText('tidak cocok dengan data kependudukan');
  await keep(page, '02-daftar-tidak-cocok');
  await page.getByLabel('Tanggal lahir').fill('12/03/1985');
  await page.getByRole('button', { name: 'Daftar' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aktivasi akun');
  await expect(page.getByLabel('NIK')).toHaveValue(HEAD);
  // A wrong code is refused with a message in Indonesian.
  await page.getByLabel('Kode aktivasi').fill('000000');
  await page.getByRole('button', { name: 'Aktifkan' }).click();
  await expect(page.getByRole('alert')).toContainText(/kode/i);
  await page.getByLabel('Kode aktivasi').fill(await codeSentTo(request, '+6281234567890'));
  await accessible(page);
  await keep(page, '03-aktivasi');
  await page.getByRole('button', { name: 'Aktifkan' }).click();

  await expect(page.getByRole('status')).toHaveText('Akun aktif. Silakan masuk.');
  await page.getByLabel('NIK, nomor HP, email atau ID pengguna').fill('081234567890');
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Permohonan saya');
  await expect(page.getByText('Belum ada permohonan.')).toBeVisible();
  await accessible(page);
  await keep(page, '04-permohonan-saya');

  await (await menu(page)).getByRole('link', { name: 'Layanan' }).click();
  await page.getByRole('link', { name: 'Penerbitan Kartu Identitas Anak (KIA)', exact: true }).click();
  const older = page.getByRole('region', { name: /5.*17/ });
  await expect(older.getByRole('listitem')).toHaveCount(3);
  await expect(older).toContainText('Pas foto');
  await accessible(page);
  await keep(page, '05-layanan-kia');

  // Only services for residents are listed; one that starts at a counter says where, with no
  // apply button that would refuse.
  await (await menu(page)).getByRole('link', { name: 'Layanan' }).click();
  await expect(page.getByRole('link', { name: /Fasilitasi/ })).toHaveCount(0);
  await page.getByRole('link', { name: 'Penerbitan KTP-el Karena Hilang' }).click();
  await expect(page.getByText(/datang ke loket Adminduk Online di kantor desa\/kelurahan/i)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ajukan permohonan' })).toHaveCount(0);
  await accessible(page);
  await keep(page, '05b-layanan-di-loket');
});

const pdf = (n: number) => ({
  name: `berkas-${n}.pdf`,
  mimeType: 'application/pdf',
  buffer: Buffer.from(`%PDF-1.4\n% berkas uji ${n}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`),
});

test('the resident files a KIA for a child of 10 with its documents', async ({ page, request, browser }) => {
  watch(page);
  await page.goto(`${base()}/masuk`);
  await page.getByLabel('NIK, nomor HP, email atau ID pengguna').fill(HEAD);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Permohonan saya');

  await page.goto(`${base()}/layanan/KIA`);
  await page.getByRole('link', { name: 'Ajukan permohonan' }).click();
  await page.getByLabel(/5-17/).check();
  await page.getByLabel('Anak', { exact: true }).selectOption({ label: 'MUH. FARHAN MAPPATUNRU (Anak)' });
  await accessible(page);
  await keep(page, '06-ajukan-kia');
  await page.getByRole('button', { name: 'Buat draf dan lanjut ke berkas' }).click();

  await expect(page.getByTestId('status')).toHaveText('Draf Laporan');
  const akta = page.getByRole('listitem').filter({ hasText: 'Kutipan Akta Kelahiran' });
  // The slot says what it takes before a file is chosen; the wrong kind is refused before anything is sent.
  await expect(akta.getByLabel(/Pilih berkas/)).toHaveAccessibleDescription(/PDF, JPEG atau PNG, paling besar 5 MB/);
  await akta.getByLabel(/Pilih berkas/).setInputFiles({ name: 'akta.txt', mimeType: 'text/plain', buffer: Buffer.from('bukan pdf') });
  await expect(akta.getByRole('alert')).toHaveText('Berkas harus PDF, JPEG atau PNG.');
  await akta.getByLabel(/Pilih berkas/).setInputFiles(pdf(1));
  await expect(akta).toContainText('sudah diunggah');
  const kk = page.getByRole('listitem').filter({ hasText: 'Kartu Keluarga' });
  await kk.getByLabel(/Pilih berkas/).setInputFiles(pdf(2));
  await expect(kk).toContainText('sudah diunggah');
  const foto = page.getByRole('listitem').filter({ hasText: 'Pas foto' });
  // A real photo: Chromium's own JPEG of part of the page.
  const photo = await page.screenshot({ type: 'jpeg', clip: { x: 0, y: 0, width: 120, height: 160 } });
  await foto.getByLabel(/Pilih berkas/).setInputFiles({ name: 'pas-foto.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(foto).toContainText('sudah diunggah');
  await accessible(page);
  await keep(page, '07-berkas-kia');

  // Check your answers: every answer and file, then the statement that they are true.
  await page.getByRole('button', { name: 'Periksa kembali dan ajukan' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Periksa kembali sebelum mengajukan');
  await expect(page.getByRole('region', { name: 'Berkas persyaratan' })).toContainText('Pas foto');
  await page.getByRole('button', { name: 'Ajukan permohonan' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Ada isian yang perlu diperbaiki' });
  await expect(summary).toBeFocused();
  await expect(page.getByRole('checkbox', { name: /Saya menyatakan/ })).toHaveAttribute('aria-invalid', 'true');
  await accessible(page);
  await keep(page, '07b-periksa-kembali');
  await summary.getByRole('link').click();
  await expect(page.getByRole('checkbox', { name: /Saya menyatakan/ })).toBeFocused();
  await page.getByRole('checkbox', { name: /Saya menyatakan/ }).check();
  await page.getByRole('button', { name: 'Ajukan permohonan' }).click();
  await expect(page.getByRole('status')).toContainText(/Nomor registrasi: 7306-2026-\d{6}/);
  await expect(page.getByTestId('status')).toHaveText('Menunggu Verifikasi');
  // The slip from filing on; the pickup receipt only once an officer promises the documents.
  await expect(page.getByRole('button', { name: 'Unduh tanda terima permohonan (PDF)' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unduh resi pengambilan dokumen (PDF)' })).toHaveCount(0);
  await keep(page, '08-diajukan');

  // The link in the SMS opens that very case: a signed-out phone signs in there and stays.
  let link: string | undefined;
  await expect
    .poll(async () => {
      const reply = await request.get(`${base()}/api/v1/local/mailbox?recipient=%2B6281234567890`);
      const sms = (await reply.json()) as { body: string }[];
      link = sms.map((m) => m.body.match(/https?:\/\/\S+\/permohonan\/K-\w+/)?.[0]).find(Boolean);
      return link;
    }, { message: 'the filing SMS carries the case link' })
    .toBeTruthy();
  expect(link).toBe(page.url());
  const phone = watch(await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage());
  const opened = await phone.goto(link!);
  expect(opened?.headers()['content-type']).toContain('text/html');
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Masuk');
  await phone.getByLabel('NIK, nomor HP, email atau ID pengguna').fill(HEAD);
  await phone.getByLabel('Kata sandi').fill(PASSWORD);
  await phone.getByRole('button', { name: 'Masuk' }).click();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Penerbitan Kartu Identitas Anak (KIA)');
  expect(phone.url()).toBe(link);
  await accessible(phone);
  await keep(phone, '08b-tautan-sms');
  await phone.context().close();

  // Anyone can check the receipt's QR code on the public page; a forged one is refused.
  const { code, number, check } = await page.evaluate(async () => {
    // A fresh access token (they live ten seconds here), kept for the app as it keeps its own.
    const stored = JSON.parse(sessionStorage.getItem('adminduk.sesi')!);
    const renewal = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: stored.refresh_token }),
    });
    const renewed = await renewal.json();
    const life = renewed.expires_in * 1000;
    sessionStorage.setItem('adminduk.sesi', JSON.stringify({ ...renewed, renew_at: Date.now() + Math.max(life - 60_000, (life * 3) / 4) }));
    const token = renewed.access_token;
    const id = location.pathname.split('/')[2];
    const view = await (await fetch(`/api/v1/cases/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    return { code: view.slip_code as string, number: view.number as string, check: view.check_code as string };
  });
  await page.goto(`${base()}/cek`);
  await page.getByLabel('Kode QR pada tanda terima').fill(code.slice(0, -4) + 'AAAA');
  await page.getByRole('button', { name: 'Periksa', exact: true }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByLabel('Kode QR pada tanda terima').fill(code);
  await page.getByRole('button', { name: 'Periksa', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(/Tanda terima permohonan asli\. Nomor 7306-2026-\d{6}/);
  await accessible(page);
  await keep(page, '09-cek-tanda-terima');
  // The QR code's address opens this page and checks at once, as a phone camera would.
  await page.goto(`${base()}/cek?kode=${code}`);
  await expect(page.getByRole('status')).toContainText(/Tanda terima permohonan asli\. Nomor 7306-2026-\d{6}/);
  // Without a camera: the number and the check code printed beside it.
  await page.goto(`${base()}/cek`);
  await page.getByLabel('Nomor registrasi').fill(number);
  await page.getByLabel('Kode cek').fill(check.toLowerCase());
  await page.getByRole('button', { name: 'Periksa nomor' }).click();
  await expect(page.getByRole('status')).toContainText(`Nomor ${number}`);
  await accessible(page);

  await (await menu(page)).getByRole('link', { name: 'Keluarga' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText([
    'ANDI BASO MAPPATUNRU',
    'SITI AMINAH',
    'MUH. FARHAN MAPPATUNRU',
  ]);
  await accessible(page);
});
