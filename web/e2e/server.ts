// Starts the local server for the browser tests: a fresh data folder with the fixture family
// imported, demo officers seeded on the first start, the built site served at /. Access tokens
// live ACCESS_TTL seconds, so every longer test goes on only if the apps renew their sessions.
// Every test signs in from the same address, so that address may try more often than a person's.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(process.env.ADMINDUK_BIN ?? '../target/debug/adminduk');
export const ACCESS_TTL = 10;
/** One-time codes live CODE_TTL seconds, so that a registration never activated runs out in a test. */
export const CODE_TTL = 40;
export const WHATSAPP_SECRET = 'e2e-rahasia-aplikasi-whatsapp';

export default async function globalSetup() {
  const data = mkdtempSync(join(tmpdir(), 'adminduk-e2e-'));
  execFileSync(BIN, ['--data', data, 'import-register', 'e2e/fixtures/register.csv'], { stdio: 'ignore' });
  const server: ChildProcess = spawn(BIN, ['--json', '--data', data, 'serve', '--port', '0', '--web', 'dist', '--access-ttl', String(ACCESS_TTL), '--code-ttl', String(CODE_TTL), '--attempts-per-address', '1000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // Warnings and errors only, so the test output stays readable (RUST_LOG shows the requests).
    // The WhatsApp webhook's secrets (13-whatsapp.spec.ts signs deliveries with them).
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn', ADMINDUK_WHATSAPP_APP_SECRET: WHATSAPP_SECRET, ADMINDUK_WHATSAPP_VERIFY_TOKEN: 'e2e-verifikasi' },
  });
  const started = await new Promise<{ url: string; demo?: unknown }>((ok, fail) => {
    let text = '';
    server.stdout!.on("data", (chunk: Buffer) => {
      text += chunk;
      try {
        ok(JSON.parse(text));
      } catch {
        // The JSON is not whole yet.
      }
    });
    server.on("exit", (code: number | null) => fail(new Error(`adminduk serve stopped (${code})`)));
  });
  process.env.E2E_BASE_URL = started.url;
  process.env.E2E_DEMO = JSON.stringify(started.demo ?? null);
  return async () => {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
    rmSync(data, { recursive: true, force: true });
  };
}
