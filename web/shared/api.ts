// The typed API client (generated from openapi.json) and the session it carries. The access token
// lives minutes; the client trades the refresh token for a new session before it runs out, once
// however many requests are waiting, so a citizen filling a form or an officer on a shift stays in.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

const KEY = 'adminduk.sesi';
const ENDED = 'adminduk.sesi-berakhir';
/** Announced on `window` when the session ends without the person signing out. */
export const SESSION_ENDED = 'adminduk:sesi-berakhir';

type Stored = Schemas['Session'] & { renew_at: number };

/** The signed-in account's tokens, kept for this browser tab only. */
export const session = {
  get(): Stored | null {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  },
  set(s: Schemas['Session']) {
    // Renewed a minute before the end, or at three quarters of a short life; measured on this
    // browser's clock from when the session arrived, so a wrong clock does not matter.
    const life = s.expires_in * 1000;
    const renew_at = Date.now() + Math.max(life - 60_000, (life * 3) / 4);
    sessionStorage.setItem(KEY, JSON.stringify({ ...s, renew_at }));
    sessionStorage.removeItem(ENDED);
  },
  /** Forgets the session; `ended` when it ran out rather than the person signing out. */
  clear(ended = false) {
    sessionStorage.removeItem(KEY);
    if (ended) sessionStorage.setItem(ENDED, '1');
  },
  /** Whether the last session here ran out (to say so on the sign-in page). */
  ended(): boolean {
    return sessionStorage.getItem(ENDED) !== null;
  },
};

const KEPT = 'adminduk.isian.';

/**
 * Answers kept in this browser (localStorage) while a form is filled, so a lost connection or a
 * closed tab loses nothing; dropped once the server has them, and all of them at sign-out, so a
 * shared phone keeps nothing of a person who left.
 */
export const kept = {
  get<T>(key: string): T | undefined {
    const raw = localStorage.getItem(KEPT + key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  },
  set(key: string, value: unknown) {
    try {
      localStorage.setItem(KEPT + key, JSON.stringify(value));
    } catch {
      // Full, or refused (private browsing): the form works on, unkept.
    }
  },
  drop(key: string) {
    localStorage.removeItem(KEPT + key);
  },
  clear() {
    for (const name of Object.keys(localStorage)) if (name.startsWith(KEPT)) localStorage.removeItem(name);
  },
};

/**
 * The API's address: the page's own when the local server serves both; deployed, the apps live
 * on CloudFront and the API on API Gateway, named when building (`VITE_API_URL=https://... make web`).
 */
export const api = createClient<paths>({ baseUrl: import.meta.env.VITE_API_URL ?? '' });

let renewing: Promise<boolean> | null = null;

/** A new session for the refresh token (spent by the server), shared by every waiting request. */
function renew(): Promise<boolean> {
  renewing ??= (async () => {
    const s = session.get();
    if (!s) return false;
    const { data, response } = await api.POST('/api/v1/auth/refresh', { body: { refresh_token: s.refresh_token } });
    if (data) {
      session.set(data);
      return true;
    }
    // Refused (expired, revoked, account suspended): signed out. Anything else may pass.
    if (response.status === 401 || response.status === 403) {
      session.clear(true);
      window.dispatchEvent(new Event(SESSION_ENDED));
    }
    return false;
  })()
    .catch(() => false)
    .finally(() => (renewing = null));
  return renewing;
}

/** The requests that carry the session, each with a copy to send again after a late renewal. */
const resendable = new WeakMap<Request, Request>();

api.use({
  async onRequest({ request, schemaPath }) {
    // Signing in, renewing and signing out carry their own credentials.
    if (schemaPath.startsWith('/api/v1/auth/') || request.headers.has('Authorization')) return request;
    const before = session.get();
    if (before && Date.now() >= before.renew_at) await renew();
    const s = session.get();
    if (!s) return request;
    request.headers.set('Authorization', `Bearer ${s.access_token}`);
    resendable.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    // The token ran out anyway (a computer that slept): renew once and send the request again.
    const copy = resendable.get(request);
    if (response.status !== 401 || !copy) return response;
    const sent = request.headers.get('Authorization');
    const current = session.get();
    if (current && `Bearer ${current.access_token}` === sent && !(await renew())) return response;
    const s = session.get();
    if (!s) return response;
    copy.headers.set('Authorization', `Bearer ${s.access_token}`);
    return fetch(copy);
  },
});

/** Ends the session here and on the server (its refresh token can no longer be used). */
export async function signOut() {
  const s = session.get();
  session.clear();
  kept.clear();
  if (s) await api.POST('/api/v1/auth/logout', { body: { refresh_token: s.refresh_token } }).catch(() => undefined);
}

/** An error whose message is already in the person's words (a file refused, a download failed). */
export class Said extends Error {}

/**
 * What to tell the person when a request failed: the server's message (its error body); a
 * gateway's page that is not ours; or, for anything thrown (fetch's "Failed to fetch", an abort),
 * that the connection failed.
 */
export function problem(error: unknown): string {
  if (error instanceof Said) return error.message;
  if (!(error instanceof Error) && error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  if (typeof error === 'string') return 'Server sedang tidak dapat melayani. Coba lagi beberapa saat lagi.';
  return 'Tidak dapat terhubung ke server. Periksa koneksi internet lalu coba lagi.';
}

/**
 * The JSON answer of a route that answers CSV too (`format=csv`): typed as the JSON alone, since
 * a request without `format=csv` never gets the text.
 */
export async function asJson<T>(reply: Promise<{ data?: T; error?: unknown }>): Promise<{ data?: Exclude<T, string>; error?: unknown }> {
  const { data, error } = await reply;
  return { data: typeof data === 'string' ? undefined : (data as Exclude<T, string> | undefined), error };
}
