// A resident who lost their phone, at the counter: the officer checks the original KTP-el
// against the register, records the new number (and e-mail), and the person gets a code on the
// new phone to choose a new password. Every session on the lost phone ends; it is audited.
import { useState } from 'preact/hooks';
import { api, problem } from '../../shared/api';
import { Field, Notice, Page, text, useSubmit } from '../../shared/ui';

export function Recovery() {
  const [done, setDone] = useState<string>();
  const { busy, error, onSubmit } = useSubmit(async (form, target) => {
    const email = text(form, 'email');
    const { data, error } = await api.POST('/api/v1/accounts/recover', {
      body: {
        nik: text(form, 'nik'),
        phone: text(form, 'phone'),
        email: email || undefined,
        ktp_el_checked: form.get('ktp_el_checked') === 'on',
      },
    });
    if (error || !data) return problem(error);
    target.reset();
    setDone(
      `Akun ${data.name} dipulihkan. Kode untuk membuat kata sandi baru dikirim ke ${data.code_sent_to.join(' dan ')}; ` +
        'minta warga membuka menu "Lupa kata sandi" di situs dan memasukkan kode itu.',
    );
  });
  return (
    <Page title="Pemulihan akun warga">
      <p>
        Untuk warga yang kehilangan nomor HP akunnya. Periksa KTP-el aslinya dan cocokkan dengan data kependudukan
        sebelum mencatat nomor baru; setiap pemulihan tercatat atas nama Anda.
      </p>
      {done && <Notice kind="ok">{done}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={onSubmit} noValidate>
        <Field label="NIK warga" name="nik" inputMode="numeric" autoComplete="off" required />
        <Field label="Nomor HP baru" name="phone" type="tel" inputMode="tel" required />
        <Field label="Email baru (bila berubah)" name="email" type="email" />
        <div class="field">
          <label class="option">
            <input type="checkbox" name="ktp_el_checked" />
            <span>KTP-el asli sudah saya periksa dan cocok dengan warga yang hadir serta data kependudukannya</span>
          </label>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Memulihkan…' : 'Pulihkan akun'}
        </button>
      </form>
    </Page>
  );
}
