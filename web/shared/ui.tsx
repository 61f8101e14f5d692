// What both apps share: the page shell, labelled fields, notices, and form submission.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { problem, SESSION_ENDED, signOut } from './api';
import { link } from './nav';

type InputProps = JSX.IntrinsicElements['input'] & { label: string; hint?: string };

/** A text input with its label and, when given, a hint read out with it. */
export function Field({ label, hint, ...input }: InputProps) {
  const own = useId();
  const id = input.id ?? own;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

/** An error or a confirmation, announced to screen readers. */
export function Notice({ kind, children }: { kind: 'error' | 'ok'; children: ComponentChildren }) {
  return (
    <p class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

/** A request that failed: what went wrong, and a button to send it again. */
export function Failed({ error, retry }: { error: string; retry: () => void }) {
  return (
    <>
      <Notice kind="error">{error}</Notice>
      <p>
        <button type="button" class="secondary" onClick={retry}>
          Coba lagi
        </button>
      </p>
    </>
  );
}

/** Answers kept in the browser (see `kept`): waiting for the connection to be sent, or brought back. */
export function KeptNotice({ waiting, restored }: { waiting: boolean; restored: boolean }) {
  if (waiting) {
    return <Notice kind="ok">Tidak ada koneksi internet. Isian Anda tersimpan di perangkat ini dan dikirim otomatis begitu koneksi kembali.</Notice>;
  }
  return restored ? <Notice kind="ok">Isian yang belum terkirim dipulihkan dari perangkat ini.</Notice> : null;
}

/** Whether the browser has a connection, as its online and offline events say. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const changed = () => setOnline(navigator.onLine);
    window.addEventListener('online', changed);
    window.addEventListener('offline', changed);
    return () => {
      window.removeEventListener('online', changed);
      window.removeEventListener('offline', changed);
    };
  }, []);
  return online;
}

/** A page with its heading; a `wide` one (tables read at a desk) takes a wide screen's width. */
export function Page({ title, wide, children }: { title: string; wide?: boolean; children: ComponentChildren }) {
  document.title = `${title} · Layanan Adminduk Online`;
  return (
    <section aria-labelledby="judul" class={wide ? 'wide' : undefined}>
      <h1 id="judul">{title}</h1>
      {children}
    </section>
  );
}

/**
 * The frame of every page: a skip link, the header with its menu, the content. On a narrow phone
 * the menu folds behind a button, so the page's own heading shows without scrolling.
 */
export function Shell({ title, menu, children }: { title: ComponentChildren; menu?: ComponentChildren; children: ComponentChildren }) {
  const [open, setOpen] = useState(false);
  const online = useOnline();
  return (
    <>
      <a class="skip" href="#isi" onClick={(e) => (e.preventDefault(), document.getElementById('isi')?.focus())}>
        Langsung ke isi
      </a>
      <header>
        <div class="masthead">
          <div>{title}</div>
          {menu && (
            <button type="button" class="menu-button" aria-expanded={open} aria-controls="menu-utama" onClick={() => setOpen(!open)}>
              Menu
            </button>
          )}
        </div>
        {menu && (
          // A link taken closes the menu; the new page is what the person wants to see.
          <nav id="menu-utama" aria-label="Menu utama" class={open ? 'open' : undefined} onClick={(e) => (e.target as Element).closest('a') && setOpen(false)}>
            {menu}
          </nav>
        )}
      </header>
      <main id="isi" tabIndex={-1}>
        {!online && (
          <p class="notice offline" role="status">
            Anda sedang luring: tidak ada koneksi internet. Isian Anda tidak hilang dan dapat dikirim begitu koneksi kembali.
          </p>
        )}
        {children}
      </main>
    </>
  );
}

/** Ends the session and shows the signed-out menu. */
export function SignOut({ done }: { done: () => void }) {
  return (
    <a href={link('/')} onClick={() => void signOut().then(done)}>
      Keluar
    </a>
  );
}

/** What the sign-in page says after a session ran out by itself. */
export const SESSION_ENDED_NOTICE = 'Sesi Anda telah berakhir. Silakan masuk lagi.';

/** Shows the page again when the session ran out by itself (see `api.ts`). */
export function useSessionEnd(changed: () => void) {
  useEffect(() => {
    window.addEventListener(SESSION_ENDED, changed);
    return () => window.removeEventListener(SESSION_ENDED, changed);
  }, []);
}

/**
 * A form's submission: `run` gets the form's values and returns a message for the person when
 * something is wrong (a request that throws, such as a lost connection, says so too). With
 * `resend`, a form sent without a connection is `waiting`, and sent by itself, with the answers
 * as they are then, once the connection returns.
 */
export function useSubmit(run: (form: FormData, target: HTMLFormElement) => Promise<string | undefined | void>, resend = false) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [waiting, setWaiting] = useState(false);
  const latest = useRef(run);
  latest.current = run;
  async function send(target: HTMLFormElement) {
    setBusy(true);
    setError(undefined);
    try {
      setError((await latest.current(new FormData(target), target)) ?? undefined);
    } catch (thrown) {
      if (!resend || navigator.onLine) return setError(problem(thrown));
      setWaiting(true);
      const back = () => {
        setWaiting(false);
        // Left for another page meanwhile: the answers wait in the browser (see `kept`).
        if (target.isConnected) void send(target);
      };
      window.addEventListener('online', back, { once: true });
    } finally {
      setBusy(false);
    }
  }
  function onSubmit(e: Event) {
    e.preventDefault();
    if (!waiting) void send(e.currentTarget as HTMLFormElement);
  }
  return { busy, error, setError, onSubmit, waiting };
}

/** A form value as text, trimmed. */
export function text(form: FormData, name: string): string {
  return String(form.get(name) ?? '').trim();
}

/**
 * What a request answered, loaded again when `deps` change or on `retry` after a failure;
 * `undefined` while loading.
 */
export function useLoad<T>(load: () => Promise<{ data?: T; error?: unknown }>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: string; retry: () => void }>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const retry = () => {
      setState(undefined);
      setAttempt((n) => n + 1);
    };
    // An answer that comes back after the page asked again (another date chosen) is dropped, so a
    // slow earlier answer never overwrites the one asked for last.
    let current = true;
    load()
      .then(({ data, error }) => current && setState(error ? { error: problem(error), retry } : { data, retry }))
      .catch((e) => current && setState({ error: problem(e), retry }));
    return () => {
      current = false;
    };
  }, [...deps, attempt]);
  return state;
}

/** Saves CSV text the API answered as a file (a report, the audit log). */
export function saveCsv(name: string, text: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

/**
 * A consequential action asked twice (as GOV.UK does): a button, then a box that says what will
 * happen and takes focus, with the action and "Batal". `run` answers a message when it failed;
 * `name` tells apart the same button on many rows for a screen reader.
 */
export function Confirm({
  label,
  name,
  question,
  yes,
  run,
  danger = true,
  children,
}: {
  label: string;
  name?: string;
  question: string;
  yes: string;
  run: (form: FormData) => Promise<string | undefined | void>;
  danger?: boolean;
  children?: ComponentChildren;
}) {
  const [asking, setAsking] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => void (asking && box.current?.focus()), [asking]);
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const failed = await run(form);
    if (!failed) setAsking(false);
    return failed;
  });
  if (!asking) {
    return (
      <button type="button" class={danger ? 'secondary danger' : 'secondary'} aria-label={name ? `${label}: ${name}` : undefined} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <form class="card confirm" onSubmit={onSubmit}>
      <div ref={box} tabIndex={-1}>
        <h3>{question}</h3>
      </div>
      {children}
      {error && <Notice kind="error">{error}</Notice>}
      <div class="actions">
        <button type="submit" class={danger ? 'danger' : undefined} disabled={busy}>
          {yes}
        </button>
        <button type="button" class="secondary" onClick={() => setAsking(false)}>
          Batal
        </button>
      </div>
    </form>
  );
}
