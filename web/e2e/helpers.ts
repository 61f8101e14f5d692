import { createHmac } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const base = () => process.env.E2E_BASE_URL!;

const refused = new WeakMap<Page, string[]>();

/** Records what the page's Content Security Policy refuses from now on (`accessible` checks it). */
export function watch(page: Page): Page {
  const seen: string[] = [];
  refused.set(page, seen);
  page.on('console', (m) => m.type() === 'error' && m.text().includes('Content Security Policy') && seen.push(m.text()));
  return page;
}

/**
 * No serious or critical accessibility violation on the page as it is now, and nothing refused by
 * its Content Security Policy so far (the page must be watched).
 */
export async function accessible(page: Page) {
  expect(refused.get(page), 'watch(page) before it loads anything').toEqual([]);
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** The main menu, opened first when a narrow screen folds it behind its button. */
export async function menu(page: Page) {
  const button = page.getByRole('button', { name: 'Menu', exact: true });
  if ((await button.isVisible()) && (await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return page.getByRole('navigation', { name: 'Menu utama' });
}

/** A screenshot of the key page, kept with the test results. */
export async function keep(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** The newest six-digit code sent to `recipient`, read from the local mailbox. */
export async function codeSentTo(request: APIRequestContext, recipient: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(async () => {
      const reply = await request.get(`${base()}/api/v1/local/mailbox?recipient=${encodeURIComponent(recipient)}`);
      const messages = (await reply.json()) as { body: string }[];
      code = messages.map((m) => m.body.match(/\b\d{6}\b/)?.[0]).find(Boolean);
      return code;
    }, { timeout: 15_000 })
    .toBeTruthy();
  return code!;
}

/** The current RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32 secret, as an authenticator app shows it. */
export function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

type Demo = { accounts: { who: string; login: string; password: string; totp_secret?: string }[] };

/** A demo officer's login (seeded by the server's first start). */
export function officer(login: string) {
  const demo = JSON.parse(process.env.E2E_DEMO ?? 'null') as Demo | null;
  const account = demo?.accounts.find((a) => a.login === login);
  if (!account?.totp_secret) throw new Error(`no demo officer ${login}`);
  return account as { login: string; password: string; totp_secret: string };
}

/**
 * Signs an officer in to the dashboard on `page`. A TOTP code is accepted once: when an earlier
 * test signed the same officer in with the current code, the next code is awaited.
 */
export async function officerSignsIn(page: Page, login: string) {
  const o = officer(login);
  await page.goto(`${base()}/dashboard/`);
  for (let attempt = 0; attempt < 2; attempt++) {
    await page.getByLabel('Email atau ID pengguna').fill(o.login);
    await page.getByLabel('Kata sandi').fill(o.password);
    await page.getByLabel('Kode autentikator').fill(totp(o.totp_secret));
    await page.getByRole('button', { name: 'Masuk' }).click();
    const heading = page.getByRole('heading', { level: 1 });
    const alert = page.getByRole('alert');
    await expect(heading.filter({ hasText: 'Antrian' }).or(alert)).toBeVisible();
    if ((await heading.textContent()) === 'Antrian') return;
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Antrian');
}

/**
 * Files the draft open on `page` as its reporter does: the check-your-answers page, the statement
 * that the data are true, then filing.
 */
export async function fileDraft(page: Page) {
  await page.getByRole('button', { name: 'Periksa kembali dan ajukan' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Periksa kembali sebelum mengajukan');
  await page.getByRole('checkbox', { name: /Saya menyatakan bahwa data dan dokumen/ }).check();
  await page.getByRole('button', { name: 'Ajukan permohonan' }).click();
}
