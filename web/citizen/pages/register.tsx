import { api, problem } from '../../shared/api';
import { isoDate } from '../../shared/declaration';
import { go } from '../../shared/nav';
import { Field, Notice, Page, text, useSubmit } from '../../shared/ui';

export function Register() {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    if (form.get('password') !== form.get('ulang')) return 'Kedua kata sandi tidak sama.';
    const born = isoDate(text(form, 'lahir'));
    if (!born) return 'Tanggal lahir tidak valid; tulis seperti pada KK, mis. 12/03/1985.';
    const body = {
      nik: text(form, 'nik'),
      no_kk: text(form, 'no_kk'),
      birth_date: born,
      email: text(form, 'email'),
      phone: text(form, 'phone'),
      password: String(form.get('password') ?? ''),
    };
    const { error } = await api.POST('/api/v1/auth/register', { body });
    if (error) return problem(error);
    go(`/aktivasi?nik=${encodeURIComponent(body.nik)}`);
  });
  return (
    <Page title="Daftar akun">
      <p>
        Siapkan Kartu Keluarga (KK) Anda: NIK, nomor KK dan tanggal lahir harus sama dengan yang tercatat di Dukcapil.
        Kode aktivasi dikirim ke nomor HP dan email Anda.
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={onSubmit} noValidate>
        <Field label="NIK" name="nik" inputMode="numeric" autoComplete="off" required hint="16 angka, sesuai KTP-el atau KK" />
        <Field label="Nomor KK" name="no_kk" inputMode="numeric" autoComplete="off" required hint="16 angka di bagian atas Kartu Keluarga" />
        <Field
          label="Tanggal lahir"
          name="lahir"
          inputMode="numeric"
          autoComplete="bday"
          required
          hint="Sesuai KK: tanggal/bulan/tahun, mis. 12/03/1985 atau 12031985"
        />
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
