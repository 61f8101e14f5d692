import { useState } from 'preact/hooks';
import { api, problem, session } from '../../shared/api';
import { Field, Notice, Page } from '../../shared/ui';

export function Login({ signedIn }: { signedIn: () => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    setError(undefined);
    const body = { login: value('login'), password: String(form.get('password') ?? ''), totp: value('totp') };
    const { data, error } = await api.POST('/api/v1/auth/login', { body }).catch((e) => ({ data: undefined, error: e }));
    setBusy(false);
    if (error || !data) return setError(problem(error));
    if (data.kind !== 'officer') return setError('Dasbor ini hanya untuk petugas.');
    session.set(data);
    signedIn();
  }
  return (
    <Page title="Masuk petugas">
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={submit} noValidate>
        <Field label="Email atau ID pengguna" name="login" autoComplete="username" required />
        <Field label="Kata sandi" name="password" type="password" autoComplete="current-password" required />
        <Field
          label="Kode autentikator"
          name="totp"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          hint="6 angka dari aplikasi autentikator Anda"
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Masuk…' : 'Masuk'}
        </button>
      </form>
    </Page>
  );
}
