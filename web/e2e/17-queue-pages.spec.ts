// A queue longer than a page: the officer reads it a page at a time, the soonest due first, and
// the counts above it are the whole queue's, not the page's.
import { expect, test } from '@playwright/test';
import { base, codeSentTo, keep, officerSignsIn, watch } from './helpers';

const COMPLAINTS = 27;
/** A resident of Kota Parepare who complains to the province (registered with it through the API). */
const CITIZEN = { nik: '7372014107880002', phone: '085255509876', email: 'andi.parepare@contoh.id', password: 'Parepare-Bandar-2026' };

test('an officer pages through a queue longer than a page, with the whole queue counted', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const registered = await request.post(`${base()}/api/v1/auth/register/provinsi`, {
    data: { nik: CITIZEN.nik, name: 'Andi Parepare', birth_date: '1988-07-01', kabupaten: '73.72', email: CITIZEN.email, phone: CITIZEN.phone, password: CITIZEN.password },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const code = await codeSentTo(request, `+62${CITIZEN.phone.slice(1)}`);
  const activated = await request.post(`${base()}/api/v1/auth/activate`, { data: { login: CITIZEN.email, code } });
  expect(activated.status(), await activated.text()).toBe(200);
  const session = await request.post(`${base()}/api/v1/auth/login`, { data: { login: CITIZEN.email, password: CITIZEN.password } });
  expect(session.status(), await session.text()).toBe(200);
  const headers = { authorization: `Bearer ${(await session.json()).access_token}` };
  for (let i = 1; i <= COMPLAINTS; i++) {
    const isi_pengaduan = `Antrean perekaman KTP-el terlalu lama (${i})`;
    const draft = await request.post(`${base()}/api/v1/cases`, { headers, data: { service: 'PENGADUAN_PROVINSI', answers: { isi_pengaduan } } });
    expect(draft.status(), await draft.text()).toBe(201);
    const { id, version } = await draft.json();
    const filed = await request.post(`${base()}/api/v1/cases/${id}/submit`, { headers, data: { version, declared: true } });
    expect(filed.status(), await filed.text()).toBe(200);
  }

  const page = watch(await browser.newPage());
  await officerSignsIn(page, 'ppid@demo.sulselprov.go.id');
  const counts = page.getByText(/\d+ permohonan · \d+ mendekati tenggat/);
  const total = Number((await counts.textContent())!.match(/(\d+) permohonan/)![1]);
  expect(total, 'the whole queue, not a page of it').toBeGreaterThanOrEqual(COMPLAINTS);
  const cards = page.locator('li.card');
  await expect(cards).toHaveCount(25);
  await expect(page.getByText(`Menampilkan 1–25 dari ${total}`)).toBeVisible();
  const first = await cards.locator('h2').allTextContents();

  const pages = page.getByRole('navigation', { name: 'Halaman antrian' });
  await pages.getByRole('button', { name: 'Halaman berikutnya' }).click();
  await expect(page.getByText(new RegExp(`Menampilkan 26–\\d+ dari ${total}`))).toBeVisible();
  await expect(counts).toContainText(`${total} permohonan`);
  // The range is written before the list is drawn again: wait for the list itself.
  await expect(cards).toHaveCount(Math.min(25, total - 25));
  const second = await cards.locator('h2').allTextContents();
  expect(second.filter((c) => first.includes(c)), 'no case on two pages').toEqual([]);
  await keep(page, '30-antrian-halaman-2');

  await pages.getByRole('button', { name: 'Halaman sebelumnya' }).click();
  await expect(page.getByText(`Menampilkan 1–25 dari ${total}`)).toBeVisible();
  await expect(cards.locator('h2')).toHaveText(first);
  await expect(pages.getByRole('button', { name: 'Halaman sebelumnya' })).toHaveCount(0);
});
