import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const base = () => process.env.E2E_BASE_URL!;

/** No serious or critical accessibility violation on the page as it is now. */
export async function accessible(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
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
