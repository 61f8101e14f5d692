// The Dinas's officers for its admin: who works where in which roles, a new officer with their
// TOTP secret shown once, roles changed, an account disabled or enabled, a lost authenticator
// replaced. Each change is asked twice where it locks someone out, and audited by the API.
import { useState } from 'preact/hooks';
import { api, problem, session, type Schemas } from '../../shared/api';
import { Confirm, Failed, Field, Notice, Page, text, useLoad, useSubmit } from '../../shared/ui';
import { Active, beforeSending, type Choices, SecretShown, Switch, useChanges, useChoices } from '../admin';

type Officer = Schemas['OfficerView'];
type Shown = { title: string; lines: [string, string][] };

export function Officers() {
  const [shown, setShown] = useState<Shown>();
  const { reload, done, changed } = useChanges();
  const choices = useChoices();
  const list = useLoad(() => api.GET('/api/v1/admin/officers'), [reload]);
  const totp = (title: string, created: Schemas['CreatedOfficer']): Shown => ({
    title,
    lines: [
      ['Kunci rahasia TOTP', created.totp_secret.replace(/(.{4})/g, '$1 ').trim()],
      ['Tautan untuk aplikasi autentikator', created.totp_uri],
    ],
  });
  const officers = list?.data ?? [];
  return (
    <Page title="Petugas" wide>
      <p>Akun petugas kantor Anda dan kantor di bawahnya. Setiap perubahan tercatat di log audit atas nama Anda.</p>
      {shown && <SecretShown {...shown} />}
      {done && <Notice kind="ok">{done}</Notice>}
      {list?.error && <Failed error={list.error} retry={list.retry} />}
      {!list && <p>Memuat…</p>}
      {officers.length > 0 && choices && (
        <div class="scroll">
          <table class="data">
            <caption>{officers.length} petugas</caption>
            <thead>
              <tr>
                <th scope="col">Nama</th>
                <th scope="col">Kantor</th>
                <th scope="col">Peran</th>
                <th scope="col">Status</th>
                <th scope="col">Tindakan</th>
              </tr>
            </thead>
            <tbody>
              {officers.map((o) => (
                <tr key={o.user_id} data-testid="petugas">
                  <td>
                    {o.name}
                    <br />
                    <small>
                      {o.email} · {o.user_id}
                    </small>
                  </td>
                  <td>{o.office}</td>
                  <td>{o.roles.map((r) => choices.label('roles', r)).join(', ')}</td>
                  <td>
                    <Active disabled={o.status === 'disabled'} />
                  </td>
                  <td>
                    <OfficerActions officer={o} choices={choices} changed={changed} reset={(c) => setShown(totp(`TOTP baru untuk ${o.name}`, c))} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {choices && (
        <NewOfficer
          choices={choices}
          created={(name, c) => {
            setShown(totp(`Akun petugas ${name} dibuat`, c));
            changed(`Petugas ${name} ditambahkan.`);
          }}
        />
      )}
    </Page>
  );
}

function RoleBoxes({ choices, checked }: { choices: Choices; checked?: string[] }) {
  return (
    <fieldset>
      <legend>Peran</legend>
      <div class="options">
        {choices.roles.map((r) => (
          <label class="option" key={r.code}>
            <input type="checkbox" name="roles" value={r.code} defaultChecked={checked?.includes(r.code)} />
            <span>{r.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function OfficerActions({
  officer: o,
  choices,
  changed,
  reset,
}: {
  officer: Officer;
  choices: Choices;
  changed: (message: string) => void;
  reset: (created: Schemas['CreatedOfficer']) => void;
}) {
  const patch = async (body: Omit<Schemas['OfficerChange'], 'version'>, message: string) => {
    const { error } = await api.PATCH('/api/v1/admin/officers/{id}', { params: { path: { id: o.user_id } }, body: { version: o.version, ...body } });
    if (error) return problem(error);
    changed(message);
  };
  const roles = useSubmit(async (form) => {
    const office = text(form, 'office');
    const change = { roles: form.getAll('roles').map(String) as Officer['roles'], ...(office !== o.office ? { office } : {}) };
    return patch(change, `Peran dan kantor ${o.name} disimpan.`);
  });
  const disabled = o.status === 'disabled';
  return (
    <div class="actions">
      <details class="correction">
        <summary aria-label={`Ubah peran atau kantor: ${o.name}`}>Ubah peran atau kantor</summary>
        <form onSubmit={roles.onSubmit}>
          <Field label="Kode kantor" name="office" defaultValue={o.office ?? ''} required />
          <RoleBoxes choices={choices} checked={o.roles} />
          {roles.error && <Notice kind="error">{roles.error}</Notice>}
          <button type="submit" disabled={roles.busy}>
            Simpan
          </button>
        </form>
      </details>
      {o.user_id !== session.get()?.user_id && (
        <Switch name={o.name} what={`akun ${o.name}`} disabled={disabled} set={(d) => patch({ disabled: d }, d ? `Akun ${o.name} dinonaktifkan.` : `Akun ${o.name} aktif kembali.`)}>
          <p>Petugas ini tidak dapat masuk lagi dan semua sesinya berakhir pada permintaan berikutnya.</p>
        </Switch>
      )}
      <Confirm
        label="Atur ulang TOTP"
        name={o.name}
        question={`Atur ulang TOTP ${o.name}?`}
        yes="Ya, buat TOTP baru"
        run={async () => {
          const { data, error } = await api.POST('/api/v1/admin/officers/{id}/totp', { params: { path: { id: o.user_id } } });
          if (error || !data) return problem(error);
          reset(data);
          changed(`TOTP ${o.name} diganti; semua sesinya berakhir.`);
        }}
      >
        <p>Untuk ponsel yang hilang atau diganti: kode dari aplikasi lama tidak berlaku lagi dan semua sesi petugas ini berakhir.</p>
      </Confirm>
    </div>
  );
}

function NewOfficer({ choices, created }: { choices: Choices; created: (name: string, c: Schemas['CreatedOfficer']) => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form, target) => {
    const wrong = beforeSending(form, { name: 'Nama', email: 'Email', office: 'Kode kantor', password: 'Kata sandi awal' });
    if (wrong) return wrong;
    const name = text(form, 'name');
    const { data, error } = await api.POST('/api/v1/admin/officers', {
      body: {
        name,
        email: text(form, 'email'),
        phone: text(form, 'phone') || undefined,
        nik: text(form, 'nik') || undefined,
        office: text(form, 'office'),
        roles: form.getAll('roles').map(String) as Officer['roles'],
        password: text(form, 'password'),
      },
    });
    if (error || !data) return problem(error);
    target.reset();
    created(name, data);
  });
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h2>Tambah petugas</h2>
      <Field label="Nama" name="name" required />
      <Field label="Email" name="email" type="email" required hint="Sebaiknya alamat email dinas; dipakai untuk masuk dan menerima kode" />
      <Field label="Nomor HP (bila ada)" name="phone" type="tel" inputMode="tel" />
      <Field label="NIK (bila ada)" name="nik" inputMode="numeric" />
      <Field label="Kode kantor" name="office" required hint="73.06 untuk Dinas, 73.06.08 untuk kecamatan, 73.06.08.1001 untuk desa/kelurahan" />
      <RoleBoxes choices={choices} />
      <Field label="Kata sandi awal" name="password" type="password" autoComplete="new-password" required hint="Diserahkan langsung; petugas menggantinya lewat Lupa kata sandi" />
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" disabled={busy}>
        {busy ? 'Menyimpan…' : 'Tambah petugas'}
      </button>
    </form>
  );
}
