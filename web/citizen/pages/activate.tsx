import { useState } from 'preact/hooks';
import { api, problem } from '../../shared/api';
import { Field, Notice, Page, text, useSubmit } from '../../shared/ui';
import { go } from '../../shared/nav';

export function Activate({ login }: { login: string }) {
  const [info, setInfo] = useState<string>(login ? 'Kode aktivasi sudah dikirim melalui SMS dan email.' : '');
  const [nik, setNik] = useState(login);
  const { busy, error, setError, onSubmit } = useSubmit(async (form) => {
    const { error } = await api.POST('/api/v1/auth/activate', { body: { login: nik.trim(), code: text(form, 'code') } });
    if (error) return problem(error);
    go('/masuk?pesan=' + encodeURIComponent('Akun aktif. Silakan masuk.'));
  });
  async function resend() {
    setError(undefined);
    const { error } = await api
      .POST('/api/v1/auth/activation-code', { body: { login: nik.trim() } })
      .catch((e: unknown) => ({ error: e }));
    if (error) setError(problem(error));
    else setInfo('Kode baru sudah dikirim.');
  }
  return (
    <Page title="Aktivasi akun">
      {info && <Notice kind="ok">{info}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={onSubmit} noValidate>
        <Field
          label="NIK, nomor HP atau email"
          name="nik"
          value={nik}
          onInput={(e) => setNik(e.currentTarget.value)}
          required
          hint="Yang Anda isi saat mendaftar"
        />
        <Field
          label="Kode aktivasi"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          hint="6 angka, berlaku 10 menit"
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Memeriksa…' : 'Aktifkan'}
          </button>
          <button type="button" class="secondary" onClick={resend}>
            Kirim ulang kode
          </button>
        </div>
      </form>
      <p>
        Kode tidak sampai karena nomor HP salah? Setelah kode habis masa berlakunya, <a href="/daftar">daftar ulang</a> dengan
        nomor yang benar.
      </p>
    </Page>
  );
}
