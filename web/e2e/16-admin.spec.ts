// The Dinas's admin at a desk: adds an officer who signs in with the TOTP key shown once, replaces
// that key when the phone is lost (the officer's session ends) and disables the account; adds an
// Instansi Induk with its PKS, a unit and a staff member, then disables the staff member; adds a
// machine client, rotates its secret and disables it. Every change asks first where it locks
// someone out, and lands in the audit log.
import { expect, test, type Page } from '@playwright/test';
import { accessible, base, keep, officerSignsIn, totp, watch } from './helpers';

const desk = { viewport: { width: 1280, height: 900 }, locale: 'id-ID' };

/** The value of one line of the secret box, as the admin would copy it. */
async function shown(page: Page, label: string): Promise<string> {
  const box = page.getByTestId('rahasia');
  await expect(box).toBeFocused();
  const line = box.locator('div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });
  return (await line.locator('dd').textContent())!.replace(/\s+/g, '');
}

test('the admin manages an officer from creation to a lost phone', async ({ browser }) => {
  const page = watch(await (await browser.newContext(desk)).newPage());
  await officerSignsIn(page, 'admin@demo.gowakab.go.id');
  await page.getByRole('link', { name: 'Petugas' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Petugas');
  await expect(page.getByTestId('petugas').first()).toBeVisible();

  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Tambah petugas' }) });
  await form.getByRole('button', { name: 'Tambah petugas' }).click();
  await expect(form.getByRole('alert'), 'said beside the button, before anything is sent').toHaveText('Nama wajib diisi.');
  await form.getByLabel('Nama', { exact: true }).fill('Rahmawati');
  await form.getByLabel('Email', { exact: true }).fill('rahmawati@demo.gowakab.go.id');
  await form.getByLabel('Kode kantor').fill('73.06');
  await form.getByRole('checkbox', { name: 'Front Office (FO) Dinas' }).check();
  await form.getByLabel('Kata sandi awal').fill('Pallangga-Baru-2026');
  await form.getByRole('button', { name: 'Tambah petugas' }).click();
  const secret = await shown(page, 'Kunci rahasia TOTP');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByRole('status').filter({ hasText: 'Petugas Rahmawati ditambahkan' })).toBeVisible();
  const row = page.getByTestId('petugas').filter({ hasText: 'rahmawati@demo.gowakab.go.id' });
  await expect(row).toContainText('Front Office (FO) Dinas');
  await accessible(page);
  await keep(page, '42-admin-petugas');

  // The new officer signs in with the key as an authenticator app would hold it.
  const officer = watch(await (await browser.newContext(desk)).newPage());
  await officer.goto(`${base()}/dashboard/`);
  await officer.getByLabel('Email atau ID pengguna').fill('rahmawati@demo.gowakab.go.id');
  await officer.getByLabel('Kata sandi').fill('Pallangga-Baru-2026');
  await officer.getByLabel('Kode autentikator').fill(totp(secret));
  await officer.getByRole('button', { name: 'Masuk' }).click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('Antrian');
  await expect(officer.getByRole('link', { name: 'Petugas' }), 'a front office officer is offered no admin screen').toHaveCount(0);

  // The phone is lost: a new key, and the session on the old phone ends.
  await page.waitForTimeout(1_100); // sessions end from the next second on
  await row.getByRole('button', { name: 'Atur ulang TOTP: Rahmawati' }).click();
  await expect(row.locator('.confirm > div', { hasText: 'Atur ulang TOTP Rahmawati?' }), 'the question takes focus').toBeFocused();
  await row.getByRole('button', { name: 'Ya, buat TOTP baru' }).click();
  const renewed = await shown(page, 'Kunci rahasia TOTP');
  expect(renewed).not.toBe(secret);
  await officer.getByRole('link', { name: 'Angka layanan' }).click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('Masuk petugas');

  await row.getByRole('button', { name: 'Nonaktifkan: Rahmawati' }).click();
  await row.getByRole('button', { name: 'Ya, nonaktifkan' }).click();
  await expect(row).toContainText('Nonaktif');

  await page.getByRole('link', { name: 'Log audit' }).click();
  await page.getByLabel('Tindakan').selectOption({ label: 'Mengatur ulang TOTP petugas' });
  await page.getByRole('button', { name: 'Saring' }).click();
  await expect(page.getByTestId('entri-audit').first()).toContainText('Administrator Dinas Gowa');
});

test('the admin adds an institution with its PKS, a unit and its staff', async ({ browser }) => {
  const page = watch(await (await browser.newContext(desk)).newPage());
  await officerSignsIn(page, 'admin@demo.gowakab.go.id');
  await page.getByRole('link', { name: 'Instansi dan PKS' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Instansi dan PKS');
  await expect(page.getByTestId('instansi').filter({ hasText: 'RSUD Syekh Yusuf' })).toContainText('Berlaku');

  const induk = page.locator('form', { has: page.getByRole('heading', { name: 'Tambah Instansi Induk' }) });
  await induk.getByLabel('Nama Instansi Induk').fill('Puskesmas Bajeng');
  await induk.getByLabel('Nomor PKS').fill('470/077/PKS-DKPS/2026');
  await induk.getByLabel('Berlaku mulai').fill('2026-01-01');
  await induk.getByLabel('Berlaku sampai').fill('2025-12-31');
  await induk.getByRole('checkbox').first().check();
  await induk.getByRole('button', { name: 'Tambah Instansi Induk' }).click();
  await expect(induk.getByRole('alert')).toContainText('berakhir sebelum dimulai');
  await induk.getByLabel('Berlaku sampai').fill('2027-12-31');
  await induk.getByRole('button', { name: 'Tambah Instansi Induk' }).click();
  await expect(page.getByTestId('instansi').filter({ hasText: 'Puskesmas Bajeng' })).toContainText('470/077/PKS-DKPS/2026');

  const unit = page.locator('form', { has: page.getByRole('heading', { name: 'Tambah Instansi Pengguna' }) });
  await unit.getByLabel('Nama unit').fill('Ruang Bersalin');
  await unit.getByLabel('Instansi Induk').selectOption({ label: 'Puskesmas Bajeng' });
  await unit.getByRole('button', { name: 'Tambah Instansi Pengguna' }).click();
  await page.getByRole('link', { name: '0 pengguna Ruang Bersalin' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pengguna Ruang Bersalin');

  const staff = page.locator('form', { has: page.getByRole('heading', { name: 'Tambah Pengguna Instansi' }) });
  const fill = async (label: string, value: string) => staff.getByLabel(label, { exact: true }).fill(value);
  await fill('Nama', 'Sitti Aminah');
  await fill('NIK', '7306084107920003');
  await fill('Email', 'aminah@pkmbajeng.go.id');
  await fill('Nomor HP', '081355550101');
  await fill('Nomor SK Tugas', '800/12/PKM/2026');
  await fill('Nomor surat permohonan Instansi Induk', '445/33/PKM/2026');
  await fill('Jabatan', 'Bidan');
  await fill('Tempat lahir', 'Limbung');
  await fill('Tanggal lahir', '1992-07-01');
  await fill('Jalan dan nomor', 'Jl. Poros Limbung');
  await fill('RT', '002');
  await fill('RW', '001');
  await fill('Desa/kelurahan', 'Limbung');
  await fill('Kecamatan', 'Bajeng');
  await fill('Kabupaten/kota', 'Gowa');
  await fill('Kata sandi awal', 'Bersalin-Limbung-2026');
  await staff.getByRole('button', { name: 'Tambah Pengguna Instansi' }).click();
  const member = page.getByTestId('pengguna-instansi').filter({ hasText: 'Sitti Aminah' });
  await expect(member).toContainText('730608******0003');
  await accessible(page);
  await keep(page, '43-admin-pengguna-instansi');

  await member.getByRole('button', { name: 'Nonaktifkan: Sitti Aminah' }).click();
  await member.getByRole('button', { name: 'Ya, nonaktifkan' }).click();
  await expect(member).toContainText('Nonaktif');
  const login = await page.request.post(`${base()}/api/v1/auth/login`, { data: { login: 'aminah@pkmbajeng.go.id', password: 'Bersalin-Limbung-2026' } });
  expect((await login.json()).code).toBe('ACCOUNT_DISABLED');
});

test('the admin adds a machine client, rotates its secret and disables it', async ({ browser }) => {
  const page = watch(await (await browser.newContext(desk)).newPage());
  await officerSignsIn(page, 'admin@demo.gowakab.go.id');
  await page.getByRole('link', { name: 'Klien sistem' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Klien sistem');

  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Tambah klien sistem' }) });
  await form.getByLabel('Nama sistem').fill('Dasbor Bappeda Gowa');
  await form.getByRole('checkbox', { name: /laporan\.bulanan/ }).check();
  await form.getByRole('button', { name: 'Tambah klien' }).click();
  const id = await shown(page, 'client_id');
  const secret = await shown(page, 'client_secret');
  const token = async (s: string) =>
    page.request.post(`${base()}/api/v1/oauth/token`, { form: { grant_type: 'client_credentials', client_id: id, client_secret: s } });
  expect((await token(secret)).status()).toBe(200);

  const row = page.getByTestId('klien').filter({ hasText: id });
  await row.getByRole('button', { name: 'Ganti rahasia: Dasbor Bappeda Gowa' }).click();
  await row.getByLabel('Masa peralihan (jam)').fill('0');
  await row.getByRole('button', { name: 'Ya, buat rahasia baru' }).click();
  const renewed = await shown(page, 'client_secret');
  expect(renewed).not.toBe(secret);
  expect((await token(secret)).status(), 'no overlap asked: the old secret stops').toBe(401);
  expect((await token(renewed)).status()).toBe(200);
  await accessible(page);
  await keep(page, '44-admin-klien');

  await row.getByRole('button', { name: 'Nonaktifkan: Dasbor Bappeda Gowa' }).click();
  await row.getByRole('button', { name: 'Ya, nonaktifkan' }).click();
  await expect(row).toContainText('Nonaktif');
  expect((await token(renewed)).status()).toBe(401);

  // Messages given up on: none while the local mailbox works.
  await page.getByRole('link', { name: 'Pesan gagal' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pesan gagal terkirim');
  await expect(page.getByText('Tidak ada pesan gagal. Semua pesan terkirim.')).toBeVisible();
  await accessible(page);
});
