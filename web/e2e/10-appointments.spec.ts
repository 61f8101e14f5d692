// Appointments (issue 15): the kecamatan counter files a new KTP-el for a resident of Somba Opu
// (over the API, as the counter's desk would); on a 360 px phone the resident picks a day and a
// time for the biometric recording from the desk's slots and books it, and the case page and the
// SMS carry it; at the dashboard the counter's officer finds them on the day's list of the desk.
import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { accessible, base, keep, officer, officerSignsIn, totp, watch } from './helpers';

const PHONE = { width: 360, height: 740 };
// The resident 09-phone.spec.ts registered (the files run in name order).
const RESIDENT = '7306084512870002';
const RESIDENT_PHONE = '+6281234509009';
const PASSWORD = 'Pallangga-Ponsel-2026';
const COUNTER = 'kec.sombaopu@demo.gowakab.go.id';

test('a resident books a KTP-el recording slot on a phone, and the counter sees it on the day list', async ({ browser, request }) => {
  // The counter's officer may wait for a fresh TOTP code if another test used the current one.
  test.setTimeout(150_000);
  const o = officer(COUNTER);
  let token: string | undefined;
  for (let attempt = 0; !token && attempt < 2; attempt++) {
    const session = await request.post(`${base()}/api/v1/auth/login`, {
      data: { login: o.login, password: o.password, totp: totp(o.totp_secret) },
    });
    token = (await session.json()).access_token;
    if (!token) await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 500));
  }
  const headers = { authorization: `Bearer ${token}` };
  const draft = await request.post(`${base()}/api/v1/cases`, { headers, data: { service: 'KTP_EL_BARU', applicant_nik: RESIDENT } });
  expect(draft.status(), await draft.text()).toBe(201);
  const id = (await draft.json()).id as string;
  const kk = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  const sha256 = createHash('sha256').update(kk).digest('hex');
  const presigned = await request.post(`${base()}/api/v1/cases/${id}/uploads`, {
    headers,
    data: { document: 'kk', purpose: 'requirement', content_type: 'application/pdf', size: kk.length, sha256 },
  });
  const target = await presigned.json();
  expect((await request.put(target.url, { headers: target.headers, data: kk })).status()).toBe(200);
  const version = (await (await request.get(`${base()}/api/v1/cases/${id}`, { headers })).json()).version;
  const filed = await request.post(`${base()}/api/v1/cases/${id}/submit`, { headers, data: { version, declared: true } });
  expect(filed.status(), await filed.text()).toBe(200);
  const number = (await filed.json()).number as string;

  // The resident, on a phone, opens the case and books.
  const phone = watch(await (await browser.newContext({ viewport: PHONE, locale: 'id-ID', timezoneId: 'Asia/Makassar' })).newPage());
  const slots = phone.waitForResponse((r) => r.url().endsWith(`/api/v1/cases/${id}/slots`));
  await phone.goto(`${base()}/permohonan/${id}`);
  await phone.getByLabel('NIK, nomor HP, email atau ID pengguna').fill(RESIDENT);
  await phone.getByLabel('Kata sandi').fill(PASSWORD);
  await phone.getByRole('button', { name: 'Masuk' }).click();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Penerbitan KTP-el Baru');
  // What to do now, from the workflow's data.
  await expect(phone.getByTestId('next-step')).toContainText('perekaman sidik jari, iris mata, foto dan tanda tangan');
  await expect(phone.getByTestId('next-step')).toContainText('bawa KK asli');
  const section = phone.getByRole('region', { name: 'Janji temu' });
  await expect(section).toContainText('Perekaman KTP-el');
  await expect(section).toContainText('Kecamatan Somba Opu');
  const day = section.getByLabel('Hari');
  const second = (await day.locator('option').nth(1).textContent())!.replace(/ \(.*\)$/, '');
  const date = ((await (await slots).json()) as { days: { date: string }[] }).days[1].date;
  await day.selectOption({ index: 1 });
  await expect(section.getByRole('group', { name: `Jam (${second})` })).toBeVisible();
  await section.getByRole('radio', { name: /^09\.00/ }).check();
  await accessible(phone);
  await keep(phone, '10-pilih-jadwal');
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await section.getByRole('button', { name: 'Pesan jadwal ini' }).press('Enter');
  await expect(phone.getByRole('status')).toContainText('Janji temu tercatat');
  await expect(phone.getByTestId('janji-temu')).toContainText(`${second} pukul 09.00–09.20 WITA`);
  await expect(phone.getByTestId('janji-temu')).toContainText('(Kantor Kecamatan Somba Opu, Jl. Sultan Hasanuddin');
  // Where that office is and when it opens, from the office list.
  const office = phone.getByRole('region', { name: 'Kantor yang melayani' });
  await expect(office).toContainText('Jl. Sultan Hasanuddin, Sungguminasa');
  await expect(office).toContainText('Jam layanan: Senin');
  await expect(phone.locator('ol')).toContainText('Janji temu dipesan');
  await accessible(phone);
  await keep(phone, '10-janji-temu-tercatat');

  // The SMS names the day, the hour and the place.
  await expect
    .poll(async () => {
      const reply = await request.get(`${base()}/api/v1/local/mailbox?recipient=${encodeURIComponent(RESIDENT_PHONE)}`);
      return ((await reply.json()) as { body: string }[]).map((m) => m.body).join('\n');
    })
    .toContain(`${second} pukul 09.00`);

  // The counter's day list for that day.
  const desk = watch(await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID', timezoneId: 'Asia/Makassar' })).newPage());
  await officerSignsIn(desk, COUNTER);
  await desk.getByRole('link', { name: 'Janji temu' }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toHaveText('Janji temu');
  await desk.getByLabel('Tanggal').fill(date);
  const list = desk.getByRole('region', { name: 'Daftar Perekaman KTP-el' });
  await expect(list).toContainText('09.00');
  await expect(list).toContainText(number);
  await expect(list).toContainText('dijadwalkan');
  await accessible(desk);
  await keep(desk, '10-daftar-janji-temu');
  await phone.context().close();
  await desk.context().close();
});
