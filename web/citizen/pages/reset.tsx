// Forgotten password: the person names their account (NIK, phone, e-mail or user id), receives a
// six-digit code by SMS and e-mail, and chooses a new password with it. The first step says the
// same whether or not the account exists, so it reveals nothing about who is registered.
import { useState } from 'preact/hooks';
import { api, problem } from '../../shared/api';
import { go } from '../../shared/nav';
import { Field, Notice, Page, text, useSubmit } from '../../shared/ui';

export function Reset() {
  const [login, setLogin] = useState<string>();
  const ask = useSubmit(async (form) => {
    const name = text(form, 'login');
    if (!name) return 'Isi NIK, nomor HP, email atau ID pengguna akun Anda.';
    const { error } = await api.POST('/api/v1/auth/password-reset', { body: { login: name } });
    if (error) return problem(error);
    setLogin(name);
  });
  const confirm = useSubmit(async (form) => {
    const password = String(form.get('password') ?? '');
    if (password !== form.get('ulang')) return 'Kedua kata sandi tidak sama.';
    const body = { login: login ?? '', code: text(form, 'code'), new_password: password };
    const { error } = await api.POST('/api/v1/auth/password-reset/confirm', { body });
    if (error) return problem(error);
    go('/masuk?pesan=' + encodeURIComponent('Kata sandi sudah diganti. Silakan masuk dengan kata sandi baru.'));
  });
  if (!login) {
    return (
      <Page title="Lupa kata sandi" key="minta">
        {ask.error && <Notice kind="error">{ask.error}</Notice>}
        <p>Kami mengirim kode ke nomor HP dan email akun Anda untuk membuat kata sandi baru.</p>
        <form onSubmit={ask.onSubmit} noValidate>
          <Field label="NIK, nomor HP, email atau ID pengguna" name="login" autoComplete="username" required />
          <button type="submit" disabled={ask.busy}>
            {ask.busy ? 'Mengirim…' : 'Kirim kode'}
          </button>
        </form>
      </Page>
    );
  }
  return (
    <Page title="Buat kata sandi baru" key="ganti">
      <Notice kind="ok">
        Bila akun {login} terdaftar, kode 6 angka sudah dikirim melalui SMS dan email. Kode berlaku 10 menit.
      </Notice>
      {confirm.error && <Notice kind="error">{confirm.error}</Notice>}
      <form onSubmit={confirm.onSubmit} noValidate>
        <Field label="Kode dari SMS atau email" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required />
        <Field
          label="Kata sandi baru"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="Minimal 10 karakter, tidak hanya angka"
        />
        <Field label="Ulangi kata sandi baru" name="ulang" type="password" autoComplete="new-password" required />
        <div class="actions">
          <button type="submit" disabled={confirm.busy}>
            {confirm.busy ? 'Menyimpan…' : 'Simpan kata sandi'}
          </button>
          <button type="button" class="secondary" onClick={() => setLogin(undefined)}>
            Kirim ulang kode
          </button>
        </div>
      </form>
    </Page>
  );
}
