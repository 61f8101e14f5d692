// A resident who forgot their password (the demo resident) gets a code by SMS and e-mail and
// chooses a new one on a 360 px phone; the first step says the same for an account that does not
// exist.
import { type APIRequestContext, expect, test } from '@playwright/test';
import { accessible, base, keep, watch } from './helpers';

const PHONE = { width: 360, height: 740 };
const NEW_PASSWORD = 'Pallangga-Baru-2026';

/** The code of the newest password-reset message to `recipient`, once it has arrived. */
async function resetCode(request: APIRequestContext, recipient: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(async () => {
      const reply = await request.get(`${base()}/api/v1/local/mailbox?recipient=${encodeURIComponent(recipient)}`);
      const messages = (await reply.json()) as { body: string; template: string }[];
      code = messages.find((m) => m.template === 'kode_reset_sandi')?.body.match(/\b\d{6}\b/)?.[0];
      return code;
    }, { timeout: 15_000 })
    .toBeTruthy();
  return code!;
}

test('a resident resets a forgotten password with the code sent to their phone', async ({ page, request }) => {
  await page.setViewportSize(PHONE);
  watch(page);
  await page.goto(`${base()}/masuk`);
  await page.getByRole('link', { name: 'Lupa kata sandi?' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lupa kata sandi');
  await accessible(page);

  // Nobody by that name: the same answer as for an account that exists.
  await page.getByLabel('NIK, nomor HP, email atau ID pengguna').fill('089999999999');
  await page.getByRole('button', { name: 'Kirim kode' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Buat kata sandi baru');
  await expect(page.getByRole('status')).toContainText('Bila akun 089999999999 terdaftar');
  await page.getByRole('button', { name: 'Kirim ulang kode' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lupa kata sandi');

  await page.getByLabel('NIK, nomor HP, email atau ID pengguna').fill('081234500001');
  await page.getByRole('button', { name: 'Kirim kode' }).click();
  await page.getByLabel('Kode dari SMS atau email').fill(await resetCode(request, '+6281234500001'));
  await page.getByLabel('Kata sandi baru', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Ulangi kata sandi baru').fill(NEW_PASSWORD);
  await accessible(page);
  await keep(page, '50-kata-sandi-baru');
  await page.getByRole('button', { name: 'Simpan kata sandi' }).click();

  await expect(page.getByRole('status')).toHaveText('Kata sandi sudah diganti. Silakan masuk dengan kata sandi baru.');
  await page.getByLabel('NIK, nomor HP, email atau ID pengguna').fill('081234500001');
  await page.getByLabel('Kata sandi').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Permohonan saya');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
});
