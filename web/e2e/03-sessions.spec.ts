// Sessions outlive their short access tokens (the server gives them ACCESS_TTL seconds here): an
// officer who leaves the dashboard open goes on working, a token refused anyway is renewed and the
// request sent again, a session whose refresh token was copied and used ends with a clear message,
// and signing out ends it on the server. One officer per part: a TOTP code signs in only once.
import { type Browser, type Page, expect, test } from '@playwright/test';
import { base, menu, officerSignsIn, watch } from './helpers';
import { ACCESS_TTL } from './server';

type Stored = { access_token: string; refresh_token: string; renew_at: number };

const stored = (page: Page) =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem('adminduk.sesi') ?? 'null') as Stored | null);

async function change(page: Page, patch: Partial<Stored>) {
  await page.evaluate((patch) => {
    const s = JSON.parse(sessionStorage.getItem('adminduk.sesi')!);
    sessionStorage.setItem('adminduk.sesi', JSON.stringify({ ...s, ...patch }));
  }, patch);
}

/** A signed-in officer's page, and the statuses of its session renewals as they happen. */
async function signedIn(browser: Browser, login: string) {
  const page = watch(await browser.newPage());
  const renewals: number[] = [];
  page.on('response', (r) => r.url().endsWith('/api/v1/auth/refresh') && renewals.push(r.status()));
  await officerSignsIn(page, login);
  return { page, renewals };
}

/** Two pages that need the session: the month's figures, then the queue. */
async function works(page: Page) {
  await (await menu(page)).getByRole('link', { name: 'Angka layanan' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Angka layanan');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await (await menu(page)).getByRole('link', { name: 'Antrian' }).click();
  await expect(page.getByText(/permohonan · \d+ mendekati tenggat/)).toBeVisible();
}

const refresh = (request: import('@playwright/test').APIRequestContext, token: string) =>
  request.post(`${base()}/api/v1/auth/refresh`, { data: { refresh_token: token } });

test('a dashboard left open past the access token renews it and goes on', async ({ browser, request }) => {
  const { page, renewals } = await signedIn(browser, 'kabid@demo.gowakab.go.id');
  const before = (await stored(page))!;
  await page.waitForTimeout((ACCESS_TTL + 1) * 1000);
  await works(page);
  expect(renewals).toEqual([200]);
  const after = (await stored(page))!;
  expect(after.access_token).not.toBe(before.access_token);
  expect(after.refresh_token).not.toBe(before.refresh_token);
  expect((await refresh(request, before.refresh_token)).status(), 'a refresh token is spent by its use').toBe(401);
});

test('a refused token is renewed and the request sent again; a copied refresh token ends the session', async ({
  browser,
  request,
}) => {
  const { page, renewals } = await signedIn(browser, 'kec.sombaopu@demo.gowakab.go.id');
  // As if the computer slept past the renewal time: the server refuses the token first.
  await change(page, { access_token: 'kedaluwarsa', renew_at: Date.now() + 3_600_000 });
  await works(page);
  expect(renewals).toEqual([200]);

  // Someone else uses a copy of the refresh token first: when the dashboard renews with it, the
  // server ends every session of the account and the dashboard says so on its sign-in page.
  expect((await refresh(request, (await stored(page))!.refresh_token)).status()).toBe(200);
  await change(page, { renew_at: 0 });
  await (await menu(page)).getByRole('link', { name: 'Angka layanan' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Masuk petugas');
  await expect(page.getByRole('status')).toHaveText('Sesi Anda telah berakhir. Silakan masuk lagi.');
  expect(await stored(page)).toBeNull();
  expect(renewals).toEqual([200, 401]);
});

test('signing out ends the session on the server', async ({ browser, request }) => {
  const { page } = await signedIn(browser, 'kel.sungguminasa@demo.gowakab.go.id');
  const token = (await stored(page))!.refresh_token;
  const loggedOut = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout'));
  await (await menu(page)).getByRole('link', { name: 'Keluar' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Masuk petugas');
  await expect(page.getByRole('status')).toHaveCount(0);
  expect((await loggedOut).ok()).toBe(true);
  expect((await refresh(request, token)).status(), 'the refresh token is revoked').toBe(401);
});
