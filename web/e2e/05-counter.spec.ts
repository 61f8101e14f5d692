// The counters of seeds 003 and 004 in the dashboard. The Sungguminasa kelurahan operator files a
// KTP-el hilang for a walk-in applicant found by NIK: the declaration, the applicant's phone for
// the messages, documents taken with the tablet's camera, filing, and the slip printed. The case
// then goes through the Dinas and the kecamatan (over the API, as those desks would), and the
// kecamatan's pickup counter refuses a stranger and hands the KTP-el to a member of the same KK.
import { type APIRequestContext, type Browser, type Page, expect, test } from '@playwright/test';
import { accessible, base, keep, officer, officerSignsIn, totp, watch } from './helpers';

const WIFE = '7306084512870002';
const HEAD = '7306081203850001';
const NEIGHBOUR = '7306082001800004';
const APPLICANT_PHONE = '+6285255501234';
const PLACE = { locale: 'id-ID', timezoneId: 'Asia/Makassar' };

async function tablet(browser: Browser): Promise<Page> {
  return watch(await (await browser.newContext({ ...PLACE, viewport: { width: 800, height: 1280 } })).newPage());
}

const jpeg = async (page: Page, name: string) => ({
  name,
  mimeType: 'image/jpeg',
  buffer: await page.screenshot({ type: 'jpeg', clip: { x: 0, y: 0, width: 200, height: 260 } }),
});

/** One session per officer: a TOTP code is accepted once. */
const tokens = new Map<string, string>();

/** An officer's step taken over the API, as the desk that takes it would. */
async function step(request: APIRequestContext, login: string, id: string, action: string, inputs: object = {}) {
  for (let attempt = 0; !tokens.has(login) && attempt < 2; attempt++) {
    const o = officer(login);
    const session = await request.post(`${base()}/api/v1/auth/login`, {
      data: { login: o.login, password: o.password, totp: totp(o.totp_secret) },
    });
    const token = (await session.json()).access_token as string | undefined;
    if (token) tokens.set(login, token);
    // An earlier test signed this officer in with the current code: the next one is fresh.
    else await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 500));
  }
  const token = tokens.get(login)!;
  const headers = { authorization: `Bearer ${token}` };
  const version = (await (await request.get(`${base()}/api/v1/cases/${id}`, { headers })).json()).version as number;
  const reply = await request.post(`${base()}/api/v1/cases/${id}/actions`, { headers, data: { action, version, inputs } });
  expect(reply.status(), `${action}: ${await reply.text()}`).toBe(200);
}

test('a kelurahan counter files KTP-el hilang for a walk-in, and the pickup counter checks who collects', async ({ browser, request }) => {
  // Officers other tests signed in may wait for their next TOTP code.
  test.setTimeout(150_000);
  const desk = await tablet(browser);
  await officerSignsIn(desk, 'kel.sungguminasa@demo.gowakab.go.id');
  await desk.getByRole('link', { name: 'Loket: permohonan baru' }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toHaveText('Loket: permohonan baru');
  await desk.getByLabel('NIK atau No. KK pemohon').fill('7306089999999999');
  await desk.getByRole('button', { name: 'Cari di database kependudukan' }).click();
  await expect(desk.getByRole('alert')).toContainText('tidak ditemukan');
  await desk.getByLabel('NIK atau No. KK pemohon').fill(WIFE);
  await desk.getByRole('button', { name: 'Cari di database kependudukan' }).click();
  // Only what this counter may file is offered.
  const services = desk.getByLabel('Layanan');
  await expect(services.getByRole('option', { name: 'Penerbitan KTP-el Karena Hilang' })).toHaveCount(1);
  await expect(services.getByRole('option', { name: /KTP-el Baru/ })).toHaveCount(0);
  await services.selectOption({ label: 'Penerbitan KTP-el Karena Hilang' });
  await expect(desk.getByRole('radio', { name: new RegExp(WIFE) })).toBeChecked();
  await desk.getByLabel('Nomor surat keterangan kehilangan dari kepolisian').fill('LP/B/77/XII/2026/Res Gowa');
  await desk.getByLabel('Tanggal surat keterangan kehilangan').fill('28/11/2026');
  await desk.getByLabel('Nomor ponsel').fill('0852-5550-1234');
  await accessible(desk);
  await keep(desk, '20-loket-permohonan-baru');
  await desk.getByRole('button', { name: 'Buat draf dan lanjut ke berkas' }).click();

  // The documents, photographed with the tablet's camera.
  await expect(desk.getByRole('heading', { name: 'Berkas persyaratan' })).toBeVisible();
  const caseUrl = desk.url();
  for (const name of ['Surat Keterangan Kehilangan dari Kepolisian', 'Kartu Keluarga (KK)']) {
    const slot = desk.getByRole('region', { name: 'Berkas persyaratan' }).getByRole('listitem').filter({ hasText: name });
    await slot.getByLabel('atau foto dengan kamera').setInputFiles(await jpeg(desk, `${name}.jpg`));
    await expect(slot).toContainText('sudah diunggah');
  }
  await desk.getByRole('checkbox', { name: /Pemohon telah menandatangani pernyataan/ }).check();
  await desk.getByRole('button', { name: 'Ajukan permohonan' }).click();
  await expect(desk.getByRole('status')).toContainText('Nomor registrasi');
  await expect(desk.getByTestId('status')).toHaveText('Menunggu Verifikasi Front Office');
  const [slip] = await Promise.all([
    desk.waitForEvent('download'),
    desk.getByRole('button', { name: 'Cetak resi pengambilan dokumen (PDF)' }).click(),
  ]);
  expect(slip.suggestedFilename()).toMatch(/\.pdf$/);
  await accessible(desk);
  await keep(desk, '21-loket-berkas-dan-tanda-terima');
  const number = (await desk.getByRole('heading', { level: 1 }).textContent())!.split(' · ')[0];
  const id = caseUrl.split('/').pop()!;

  // The applicant is told at the phone the counter recorded, not the officer.
  const mailbox = async (recipient: string) =>
    (await (await request.get(`${base()}/api/v1/local/mailbox?recipient=${encodeURIComponent(recipient)}`)).json()) as { body: string }[];
  await expect.poll(async () => (await mailbox(APPLICANT_PHONE)).map((m) => m.body).join('\n')).toContain(number);
  expect(await mailbox('kel.sungguminasa@demo.gowakab.go.id')).toEqual([]);

  // The Dinas verifies and validates, the kecamatan receives the files and prints.
  await step(request, 'fo@demo.gowakab.go.id', id, 'verifikasi');
  await step(request, 'validator@demo.gowakab.go.id', id, 'validasi');
  await step(request, 'kec.sombaopu@demo.gowakab.go.id', id, 'terima_berkas');
  await step(request, 'kec.sombaopu@demo.gowakab.go.id', id, 'antrikan_cetak');
  await step(request, 'kec.sombaopu@demo.gowakab.go.id', id, 'cetak', {
    document_numbers: [{ document: 'KTP-el', number: WIFE }],
  });

  // The pickup counter scans the receipt number: whose case, what is handed over.
  const pickup = await tablet(browser);
  await officerSignsIn(pickup, 'kec.sombaopu@demo.gowakab.go.id');
  // At its step, the kecamatan attaches the printed card's scan as what the office produced.
  await pickup.goto(`${base()}/dashboard/#/kasus/${id}`);
  await pickup.getByText('Lampirkan dokumen hasil layanan').click();
  await pickup.getByLabel('Berkas (PDF dari SIAK, atau pindaian)').setInputFiles(await jpeg(pickup, 'ktp-el.jpg'));
  await pickup.getByRole('button', { name: 'Lampirkan' }).click();
  await expect(pickup.getByRole('status')).toHaveText('KTP-el dilampirkan; pemohon dapat mengunduhnya.');
  await expect(pickup.getByRole('region', { name: 'Dokumen hasil layanan' }).getByRole('listitem')).toHaveCount(1);
  await keep(pickup, '22a-hasil-layanan');
  await pickup.getByRole('link', { name: 'Pengambilan dokumen' }).click();
  await pickup.getByLabel('Kode QR resi pengambilan dokumen atau nomor registrasi').fill(number);
  await pickup.getByRole('button', { name: 'Periksa' }).click();
  await expect(pickup.getByTestId('pickup-applicant')).toContainText('730608******0002');
  await expect(pickup.getByText(`KTP-el No. ${WIFE}`)).toBeVisible();
  // A neighbour who says they are family is refused.
  await pickup.getByLabel('Nama pengambil').fill('Tetangga Sebelah');
  await pickup.getByLabel('NIK pengambil').fill(NEIGHBOUR);
  await pickup.getByLabel('Hubungan dengan pemohon').selectOption('kk_member');
  await pickup.getByRole('button', { name: 'Serahkan dokumen' }).click();
  await expect(pickup.getByRole('alert')).toContainText('tidak tercatat dalam Kartu Keluarga yang sama');
  await accessible(pickup);
  await keep(pickup, '22-pengambilan-ditolak');
  // The husband, in the same KK, collects it.
  await pickup.getByLabel('Nama pengambil').fill('Andi Baso Mappatunru');
  await pickup.getByLabel('NIK pengambil').fill(HEAD);
  await pickup.getByRole('button', { name: 'Serahkan dokumen' }).click();
  await expect(pickup.getByRole('status')).toHaveText(`Dokumen ${number} diserahkan kepada Andi Baso Mappatunru.`);
  // Scanned again, the receipt says it was collected, when and by whom.
  await pickup.getByLabel('Kode QR resi pengambilan dokumen atau nomor registrasi').fill(number);
  await pickup.getByRole('button', { name: 'Periksa' }).click();
  await expect(pickup.getByRole('alert')).toContainText('Sudah diambil oleh ANDI BASO MAPPATUNRU (anggota keluarga dalam KK)');
  await keep(pickup, '23-pengambilan-sudah-diambil');
});
