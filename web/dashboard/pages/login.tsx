import { api, problem, session } from '../../shared/api';
import { Field, Notice, Page, text, useSubmit } from '../../shared/ui';

export function Login({ signedIn, notice }: { signedIn: () => void; notice?: string }) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const body = { login: text(form, 'login'), password: String(form.get('password') ?? ''), totp: text(form, 'totp') };
    const { data, error } = await api.POST('/api/v1/auth/login', { body });
    // The API says no more than "wrong" (a missing code reads like a wrong password); an officer
    // is reminded that the code is one of the three.
    if (error?.code === 'LOGIN_FAILED') {
      return 'Email atau ID pengguna, kata sandi, atau kode autentikator salah. Kode autentikator berganti setiap 30 detik dan hanya berlaku sekali.';
    }
    if (error || !data) return problem(error);
    if (data.kind !== 'officer') return 'Dasbor ini hanya untuk petugas.';
    session.set(data);
    signedIn();
  });
  return (
    <Page title="Masuk petugas">
      {notice && !error && <Notice kind="ok">{notice}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={onSubmit} noValidate>
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
