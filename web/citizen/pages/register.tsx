import { api, problem } from '../../shared/api';
import { isoDate } from '../../shared/declaration';
import { go } from '../../shared/nav';
import { Field, Notice, Page, text, useLoad, useSubmit } from '../../shared/ui';

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
      <p>
        Bukan penduduk Kabupaten Gowa? Penduduk Sulawesi Selatan lainnya dapat{' '}
        <a href="/daftar/provinsi">mendaftar untuk layanan Dinas Dukcapil Provinsi</a> (permintaan data, aktivasi IKD,
        pengaduan).
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
        <Contacts />
        <button type="submit" disabled={busy}>
          {busy ? 'Mendaftarkan…' : 'Daftar'}
        </button>
      </form>
    </Page>
  );
}

/** Where the activation code goes, and the password: the same on both registrations. */
function Contacts() {
  return (
    <>
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
    </>
  );
}

/**
 * A resident of Sulawesi Selatan outside Gowa's register, for the province's public services, as
 * the province's own IKD form asks: NIK, the name on the KTP-el, the kabupaten/kota, phone, e-mail.
 */
export function RegisterInProvince() {
  const places = useLoad(() => api.GET('/api/v1/catalogue/kabupaten'), []);
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    if (form.get('password') !== form.get('ulang')) return 'Kedua kata sandi tidak sama.';
    const born = isoDate(text(form, 'lahir'));
    if (!born) return 'Tanggal lahir tidak valid; tulis seperti pada KTP-el, mis. 15/05/1990.';
    const body = {
      nik: text(form, 'nik'),
      name: text(form, 'name'),
      birth_date: born,
      kabupaten: text(form, 'kabupaten'),
      email: text(form, 'email'),
      phone: text(form, 'phone'),
      password: String(form.get('password') ?? ''),
    };
    const { error } = await api.POST('/api/v1/auth/register/provinsi', { body });
    if (error) return problem(error);
    go(`/aktivasi?login=${encodeURIComponent(body.phone)}`);
  });
  return (
    <Page title="Daftar untuk layanan Provinsi Sulawesi Selatan">
      <p>
        Untuk penduduk Sulawesi Selatan (NIK berawalan 73) yang mengajukan layanan Dinas Dukcapil Provinsi: permintaan
        data dan informasi (PPID), aktivasi Identitas Kependudukan Digital (IKD), serta pengaduan. Isi sesuai KTP-el Anda;
        petugas provinsi memeriksa data Anda saat melayani permohonan.
      </p>
      <p>
        Penduduk Kabupaten Gowa yang ingin melaporkan kelahiran, kematian, pindah dan layanan lain,{' '}
        <a href="/daftar">daftar dengan nomor KK</a>.
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={onSubmit} noValidate>
        <Field label="NIK" name="nik" inputMode="numeric" autoComplete="off" required hint="16 angka, sesuai KTP-el" />
        <Field label="Nama lengkap" name="name" autoComplete="name" required hint="Sesuai KTP-el" />
        <Field
          label="Tanggal lahir"
          name="lahir"
          inputMode="numeric"
          autoComplete="bday"
          required
          hint="Sesuai KTP-el: tanggal/bulan/tahun, mis. 15/05/1990"
        />
        <div class="field">
          <label for="kabupaten">Kabupaten/kota tempat tinggal</label>
          <select id="kabupaten" name="kabupaten" required>
            <option value="">Pilih kabupaten/kota…</option>
            {places?.data?.map((k) => (
              <option key={k.code} value={k.code}>
                {k.name}
              </option>
            ))}
          </select>
        </div>
        <Contacts />
        <button type="submit" disabled={busy}>
          {busy ? 'Mendaftarkan…' : 'Daftar'}
        </button>
      </form>
    </Page>
  );
}
