// A registration with a mistyped phone: no code arrives, the person registers again with the right
// number, is told to wait until the first code has run out (the server gives codes CODE_TTL
// seconds here), then registers again and activates with the code sent to the right number.
import { expect, test } from '@playwright/test';
import { accessible, base, codeSentTo, keep, watch } from './helpers';
import { CODE_TTL } from './server';

const NIK = '7306080507900005';
const PASSWORD = 'Limbung-Daftar-2026';

test('a registration never activated runs out and is started again with the right phone', async ({ browser, request }) => {
  test.setTimeout((CODE_TTL + 60) * 1000);
  const page = watch(await (await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID', timezoneId: 'Asia/Makassar' })).newPage());
  const register = async (phone: string) => {
    await page.goto(`${base()}/daftar`);
    await page.getByLabel('NIK').fill(NIK);
    await page.getByLabel('Nomor KK').fill('7306080507200001');
    await page.getByLabel('Tanggal lahir').fill('05/07/1990');
    await page.getByLabel('Nomor HP').fill(phone);
    await page.getByLabel('Email').fill('rusdi@contoh.id');
    await page.getByLabel('Kata sandi', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Ulangi kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Daftar' }).click();
  };
  await register('081299911111');
  await expect(page.getByRole('heading', { name: 'Aktivasi akun' })).toBeVisible();
  const wrongAt = Date.now();
  await expect(page.getByRole('link', { name: 'daftar ulang' })).toBeVisible();

  // The right number at once: the NIK waits for the first code, and the page says until when.
  await register('081299922222');
  await expect(page.getByRole('alert')).toContainText('menunggu aktivasi dengan kode yang dikirim ke');
  await expect(page.getByRole('alert')).toContainText('daftar ulang setelah pukul');
  await accessible(page);
  await keep(page, '14-pendaftaran-menunggu');

  // Once the first code has run out, the registration starts again with the right number.
  await page.waitForTimeout(Math.max(0, wrongAt + (CODE_TTL + 2) * 1000 - Date.now()));
  await register('081299922222');
  await expect(page.getByRole('heading', { name: 'Aktivasi akun' })).toBeVisible();
  await page.getByLabel('Kode aktivasi').fill(await codeSentTo(request, '+6281299922222'));
  await page.getByRole('button', { name: 'Aktifkan' }).click();
  await expect(page.getByRole('status')).toContainText('Akun aktif');
  await page.getByLabel('NIK, nomor HP, email atau ID pengguna').fill('081299922222');
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Masuk');
  await keep(page, '14-pendaftaran-ulang-aktif');
  // The mistyped number is not this account's any more.
  const old = await request.post(`${base()}/api/v1/auth/login`, { data: { login: '081299911111', password: PASSWORD } });
  expect(old.status()).toBe(401);
  await page.context().close();
});
