// A resident who lost their phone (the one 01-citizen.spec.ts registered) comes to the Dinas
// counter: the officer checks the KTP-el, records the new number in the dashboard, and the code to
// choose a new password arrives on the new phone.
import { expect, test } from '@playwright/test';
import { accessible, base, codeSentTo, keep, officerSignsIn, watch } from './helpers';

const HEAD = '7306081203850001';
const NEW_PHONE = '+6285255507777';

test('a counter officer recovers the account of a resident who lost their phone', async ({ browser, request }) => {
  // The officer may wait for a fresh TOTP code if another test used the current one.
  test.setTimeout(120_000);
  const desk = watch(await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID', timezoneId: 'Asia/Makassar' })).newPage());
  await officerSignsIn(desk, 'loket@demo.gowakab.go.id');
  await desk.getByRole('link', { name: 'Pemulihan akun' }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toHaveText('Pemulihan akun warga');
  await desk.getByLabel('NIK warga').fill(HEAD);
  await desk.getByLabel('Nomor HP baru').fill('085255507777');
  // Not without the KTP-el seen.
  await desk.getByRole('button', { name: 'Pulihkan akun' }).press('Enter');
  await expect(desk.getByRole('alert')).toContainText('Periksa KTP-el asli');
  await desk.getByRole('checkbox', { name: /KTP-el asli sudah saya periksa/ }).check();
  await desk.getByRole('button', { name: 'Pulihkan akun' }).press('Enter');
  await expect(desk.getByRole('status')).toContainText('Akun ANDI BASO MAPPATUNRU dipulihkan');
  await accessible(desk);
  await keep(desk, '11-pemulihan-akun');
  // The code reaches the new phone, and the e-mail as its reader sees it: an HTML part beside the
  // text, the code set apart, no line broken inside a paragraph.
  expect(await codeSentTo(request, NEW_PHONE)).toMatch(/^\d{6}$/);
  const mails = (await (await request.get(`${base()}/api/v1/local/mailbox?recipient=andi%40contoh.id`)).json()) as {
    template: string;
    body: string;
    html?: string;
  }[];
  const reset = mails.find((m) => m.template === 'kode_reset_sandi')!;
  expect(reset.html).toContain('<p>Yth. ANDI BASO MAPPATUNRU,</p>');
  expect(reset.html).toMatch(/letter-spacing:0\.05em;margin:1em 0">\d{6}<\/p>/);
  const inbox = await desk.context().newPage();
  await inbox.setContent(reset.html!);
  await keep(inbox, '11-email-kode');
  await desk.context().close();
});
