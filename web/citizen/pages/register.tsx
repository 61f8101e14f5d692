import { useState } from 'preact/hooks';
import { api, problem } from '../../shared/api';
import { Field, Notice, Page } from '../../shared/ui';
import { go } from '../../shared/nav';

export function Register() {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    if (value('password') !== value('ulang')) {
      setError('Kedua kata sandi tidak sama.');
      return;
    }
    setBusy(true);
    setError(undefined);
    const body = { nik: value('nik'), email: value('email'), phone: value('phone'), password: value('password') };
    const { error } = await api.POST('/api/v1/auth/register', { body }).catch((e) => ({ error: e }));
    setBusy(false);
    if (error) setError(problem(error));
    else go(`/aktivasi?nik=${encodeURIComponent(body.nik)}`);
  }
  return (
    <Page title="Daftar akun">
      <p>Gunakan NIK Anda yang terdaftar di Dukcapil. Kode aktivasi dikirim ke nomor HP dan email Anda.</p>
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={submit} noValidate>
        <Field label="NIK" name="nik" inputMode="numeric" autoComplete="off" required hint="16 angka, sesuai KTP-el atau KK" />
        <Field label="Nomor HP" name="phone" type="tel" autoComplete="tel" required hint="Dapat menerima SMS, mis. 081234567890" />
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field
          label="Kata sandi"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="Minimal 10 karakter, tidak hanya angka"
        />
        <Field label="Ulangi kata sandi" name="ulang" type="password" autoComplete="new-password" required />
        <button type="submit" disabled={busy}>
          {busy ? 'Mendaftarkan…' : 'Daftar'}
        </button>
      </form>
    </Page>
  );
}
