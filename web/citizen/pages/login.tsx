import { api, problem, session } from '../../shared/api';
import { Field, Notice, Page, text, useSubmit } from '../../shared/ui';
import { go, here } from '../../shared/nav';

export function Login({ notice, refresh }: { notice?: string; refresh?: () => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const body = { login: text(form, 'login'), password: String(form.get('password') ?? '') };
    const { data, error } = await api.POST('/api/v1/auth/login', { body });
    if (error || !data) return problem(error);
    session.set(data);
    // Signed in on the page asked for (a link from a message): that page; else one's cases.
    if (here().parts[0] === 'masuk') go('/permohonan');
    else refresh?.();
  });
  return (
    <Page title="Masuk">
      {notice && <Notice kind="ok">{notice}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={onSubmit} noValidate>
        <Field label="NIK, nomor HP, email atau ID pengguna" name="login" autoComplete="username" required />
        <Field label="Kata sandi" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" disabled={busy}>
          {busy ? 'Masuk…' : 'Masuk'}
        </button>
      </form>
      <ul class="links">
        <li>
          <a href="/lupa-sandi">Lupa kata sandi?</a>
        </li>
        <li>
          Belum punya akun? <a href="/daftar">Daftar</a>
        </li>
        <li>
          Sudah daftar tetapi belum aktif? <a href="/aktivasi">Aktifkan akun</a>
        </li>
      </ul>
    </Page>
  );
}
