import { useState } from 'preact/hooks';
import { api, problem, session } from '../../shared/api';
import { Field, Notice, Page } from '../../shared/ui';
import { go } from '../../shared/nav';

export function Login({ notice }: { notice?: string }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    const body = { login: String(form.get('login') ?? '').trim(), password: String(form.get('password') ?? '') };
    const { data, error } = await api.POST('/api/v1/auth/login', { body }).catch((e) => ({ data: undefined, error: e }));
    setBusy(false);
    if (error || !data) {
      setError(problem(error));
      return;
    }
    session.set(data);
    go('/permohonan');
  }
  return (
    <Page title="Masuk">
      {notice && <Notice kind="ok">{notice}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={submit} noValidate>
        <Field label="NIK, nomor HP, email atau ID pengguna" name="login" autoComplete="username" required />
        <Field label="Kata sandi" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" disabled={busy}>
          {busy ? 'Masuk…' : 'Masuk'}
        </button>
      </form>
      <p>
        Belum punya akun? <a href="#/daftar">Daftar</a>. Sudah daftar tetapi belum aktif?{' '}
        <a href="#/aktivasi">Aktifkan akun</a>.
      </p>
    </Page>
  );
}
