// The typed API client (generated from openapi.json) and the session it carries.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

const KEY = 'adminduk.sesi';

/** The signed-in account's tokens, kept for this browser tab only. */
export const session = {
  get(): Schemas['Session'] | null {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Schemas['Session']) : null;
  },
  set(s: Schemas['Session']) {
    sessionStorage.setItem(KEY, JSON.stringify(s));
  },
  clear() {
    sessionStorage.removeItem(KEY);
  },
};

export const api = createClient<paths>({ baseUrl: '' });

api.use({
  onRequest({ request }) {
    const s = session.get();
    if (s && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${s.access_token}`);
    return request;
  },
});

/** What to tell the person when a request failed: the server's message, or a network problem. */
export function problem(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return 'Tidak dapat terhubung ke server. Periksa koneksi internet lalu coba lagi.';
}
