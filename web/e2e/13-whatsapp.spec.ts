// The kecamatan WhatsApp channel (seed 001) on a 360 px phone: a greeting to Somba Opu's WhatsApp
// number (a delivery signed as the WhatsApp Business Platform signs it) is answered with the
// guest-book link; the person opens the exact link from the mailbox, sends a photo of their
// document, says who they are and what they need, and the same link then shows the case's status.
import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { accessible, base, keep, officerSignsIn, watch } from './helpers';
import { WHATSAPP_SECRET } from './server';

const FROM = '6281377700013';

test('a greeting on WhatsApp becomes a case through the guest book', async ({ browser, request }) => {
  const delivery = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '6281140000808', phone_number_id: '730608000000001' },
      contacts: [{ profile: { name: 'Siti' }, wa_id: FROM }],
      messages: [{ from: FROM, id: 'wamid.e2e-1', timestamp: '1795400000', type: 'text', text: { body: 'Halo, mau urus KK' } }],
    } }] }],
  });
  const signature = 'sha256=' + createHmac('sha256', WHATSAPP_SECRET).update(delivery).digest('hex');
  const sent = await request.post(`${base()}/api/v1/whatsapp/webhook`, {
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    data: delivery,
  });
  expect(sent.status()).toBe(200);
  expect(await sent.json()).toMatchObject({ opened: 1 });

  // The answer on WhatsApp (the local mailbox stands in for the platform).
  let link = '';
  await expect
    .poll(async () => {
      const reply = await request.get(`${base()}/api/v1/local/mailbox?recipient=${encodeURIComponent('+' + FROM)}`);
      const messages = (await reply.json()) as { channel: string; body: string }[];
      link = messages.find((m) => m.channel === 'whatsapp')?.body.match(/https?:\/\/\S+\/buku-tamu\/\S+/)?.[0] ?? '';
      return link;
    }, { timeout: 15_000 })
    .toBeTruthy();

  const page = watch(await (await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID', timezoneId: 'Asia/Makassar' })).newPage());
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Buku tamu layanan WhatsApp' })).toBeVisible();
  await expect(page.getByText('Kantor Kecamatan Somba Opu').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Tarik permohonan' })).toBeVisible();
  await accessible(page);
  await keep(page, '13-buku-tamu');

  // Sent without anything: every problem at once, the summary taking focus.
  await page.getByRole('button', { name: 'Kirim buku tamu' }).click();
  await expect(page.locator('#ringkasan-galat')).toBeFocused();

  await page.getByLabel('NIK').fill('7306084512870002');
  await page.getByLabel('Layanan yang dimohon').selectOption({ label: 'Pelaporan Kehilangan/Kerusakan KK dan KTP-el' });
  await page.getByLabel('Keperluan').fill('KK saya rusak terkena air, mohon dicetak ulang.');
  await page.getByLabel('Foto atau berkas dokumen permohonan').setInputFiles({
    name: 'kk-rusak.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% buku tamu\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'),
  });
  await expect(page.getByTestId('terkirim')).toContainText('Terkirim: 1 dari paling banyak 5 berkas');
  // A second photo joins the first (a KK and a KTP-el, say).
  await page.getByLabel('Foto atau berkas dokumen permohonan').setInputFiles({
    name: 'ktp.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% ktp\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'),
  });
  await expect(page.getByTestId('terkirim')).toContainText('Terkirim: 2 dari paling banyak 5 berkas');
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Kirim buku tamu' }).click();
  await expect(page.getByTestId('status')).toContainText('Pemeriksaan Data dan Kelengkapan');
  await expect(page.getByText('SITI AMINAH', { exact: false })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Yang Anda kirim' })).toContainText('2 berkas');
  const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  expect(scrolls).toBe(false);
  await accessible(page);
  await keep(page, '13-buku-tamu-terkirim');
  await page.context().close();

  // The kecamatan's counter officer finds the entry in the guest book, with its steps timed.
  const desk = watch(await (await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Makassar' })).newPage());
  await officerSignsIn(desk, 'kec.sombaopu@demo.gowakab.go.id');
  await desk.goto(`${base()}/dashboard/#/buku-tamu`);
  await desk.getByLabel('Cari nomor registrasi, NIK atau nomor WhatsApp').fill('0' + FROM.slice(2));
  await desk.getByRole('button', { name: 'Cari' }).click();
  const entry = desk.getByTestId('buku-tamu');
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('SITI AMINAH');
  await expect(entry).toContainText('KK saya rusak terkena air');
  await expect(entry.getByRole('listitem').filter({ hasText: 'Menunggu Tautan Buku Tamu' })).toContainText('oleh sistem');
  await expect(entry.getByRole('listitem').filter({ hasText: 'Pemeriksaan Data dan Kelengkapan' })).toContainText('sedang berjalan');
  await accessible(desk);
  await keep(desk, '13-buku-tamu-petugas');
  await desk.context().close();
});
