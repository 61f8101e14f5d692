// A resident registers, activates with the code from the local mailbox, logs in and reads what a
// service asks for; every page is checked for accessibility and photographed.
import { expect, test } from '@playwright/test';
import { accessible, base, codeSentTo, keep } from './helpers';

const HEAD = '7306081203850001';
const PASSWORD = 'Sungguminasa-2026';

test('a resident registers, activates, logs in and reads the requirements of KIA', async ({ page, request }) => {
  await page.goto(base());
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Layanan kependudukan dari rumah');
  await accessible(page);
  await keep(page, '01-beranda');

  await page.getByRole('link', { name: 'Daftar', exact: true }).first().click();
  await page.getByLabel('NIK').fill(HEAD);
  await page.getByLabel('Nomor HP').fill('081234567890');
  await page.getByLabel('Email').fill('andi@contoh.id');
  await page.getByLabel('Kata sandi', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Ulangi kata sandi').fill(PASSWORD);
  await accessible(page);
  await keep(page, '02-daftar');
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

  await page.getByRole('navigation').getByRole('link', { name: 'Layanan' }).click();
  await page.getByRole('link', { name: 'Penerbitan Kartu Identitas Anak (KIA)', exact: true }).click();
  const older = page.getByRole('region', { name: /5.*17/ });
  await expect(older.getByRole('listitem')).toHaveCount(3);
  await expect(older).toContainText('Pas foto');
  await accessible(page);
  await keep(page, '05-layanan-kia');
});
