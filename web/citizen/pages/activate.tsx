import { useState } from 'preact/hooks';
import { api, problem } from '../../shared/api';
import { Field, Notice, Page } from '../../shared/ui';
import { go } from '../../shared/nav';

export function Activate({ login }: { login: string }) {
  const [error, setError] = useState<string>();
  const [info, setInfo] = useState<string>(login ? 'Kode aktivasi sudah dikirim melalui SMS dan email.' : '');
  const [busy, setBusy] = useState(false);
  const [nik, setNik] = useState(login);
  async function submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    const body = { login: nik.trim(), code: String(form.get('code') ?? '').trim() };
    const { error } = await api.POST('/api/v1/auth/activate', { body }).catch((e) => ({ error: e }));
    setBusy(false);
    if (error) setError(problem(error));
    else go('/masuk?pesan=' + encodeURIComponent('Akun aktif. Silakan masuk.'));
  }
  async function resend() {
    setError(undefined);
    const { error } = await api
      .POST('/api/v1/auth/activation-code', { body: { login: nik.trim() } })
      .catch((e) => ({ error: e }));
    if (error) setError(problem(error));
    else setInfo('Kode baru sudah dikirim.');
  }
  return (
    <Page title="Aktivasi akun">
      {info && <Notice kind="ok">{info}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={submit} noValidate>
        <Field label="NIK" name="nik" inputMode="numeric" value={nik} onInput={(e) => setNik(e.currentTarget.value)} required />
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
    </Page>
  );
}
