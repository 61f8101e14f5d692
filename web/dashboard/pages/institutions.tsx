// Institutions and their PKS for the Dinas's admin (seed 000): each Instansi Induk with its
// agreement (number, validity, services) and its Instansi Pengguna; a PKS renewed, a new Induk or
// unit added. A unit's page lists its staff, adds one when the requirements are on file, and
// disables one who left.
import { api, problem, type Schemas } from '../../shared/api';
import { Confirm, Failed, Field, Notice, Page, text, useLoad, useSubmit } from '../../shared/ui';
import { Active, beforeSending, type Choices, Switch, useChanges, useChoices } from '../admin';

type Institution = Schemas['InstitutionView'];

const day = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeZone: 'UTC' });
const date = (d: string) => day.format(new Date(`${d}T00:00:00Z`));

export function Institutions() {
  const { reload, done, changed } = useChanges();
  const choices = useChoices();
  const list = useLoad(() => api.GET('/api/v1/admin/institutions'), [reload]);
  const all = list?.data ?? [];
  const induk = all.filter((i) => i.kind === 'induk');
  return (
    <Page title="Instansi dan PKS" wide>
      <p>
        Instansi Induk yang terikat Perjanjian Kerja Sama (PKS) dengan Dinas Anda dan Instansi Penggunanya. Pengguna Instansi hanya dapat
        masuk dan melapor selama PKS Instansi Induknya berlaku.
      </p>
      {done && <Notice kind="ok">{done}</Notice>}
      {list?.error && <Failed error={list.error} retry={list.retry} />}
      {!list && <p>Memuat…</p>}
      {list?.data && all.length === 0 && <p>Belum ada instansi.</p>}
      {all.length > 0 && choices && (
        <div class="scroll">
          <table class="data">
            <caption>{all.length} instansi</caption>
            <thead>
              <tr>
                <th scope="col">Instansi</th>
                <th scope="col">PKS</th>
                <th scope="col">Pengguna</th>
                <th scope="col">Tindakan</th>
              </tr>
            </thead>
            <tbody>
              {all.map((i) => (
                <tr key={i.id} data-testid="instansi">
                  <td>
                    {i.kind === 'pengguna' ? '↳ ' : ''}
                    {i.name}
                    <br />
                    <small>
                      {i.kind === 'induk' ? 'Instansi Induk' : 'Instansi Pengguna'} · {i.id}
                    </small>
                  </td>
                  <td>
                    {i.pks ? (
                      <>
                        {i.pks.number}{' '}
                        {i.pks_in_force ? <span class="badge good">Berlaku</span> : <span class="badge bad">Tidak berlaku</span>}
                        <br />
                        <small>
                          {date(i.pks.valid_from)} – {date(i.pks.valid_until)} · {i.pks.services.map((s) => choices.label('pks_services', s)).join(', ')}
                        </small>
                      </>
                    ) : (
                      <small>PKS Instansi Induk</small>
                    )}
                  </td>
                  <td>{i.kind === 'pengguna' ? <a href={`#/instansi/${i.id}`} aria-label={`${i.staff} pengguna ${i.name}`}>{i.staff} pengguna</a> : '–'}</td>
                  <td>{i.kind === 'induk' && i.pks && <RenewPks institution={i} choices={choices} changed={changed} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {choices && <NewInduk choices={choices} changed={changed} />}
      {induk.length > 0 && <NewUnit induk={induk} changed={changed} />}
    </Page>
  );
}

function PksFields({ choices, pks }: { choices: Choices; pks?: Schemas['Pks'] }) {
  return (
    <>
      <Field label="Nomor PKS" name="number" defaultValue={pks?.number} required />
      <Field label="Berlaku mulai" name="valid_from" type="date" defaultValue={pks?.valid_from} required />
      <Field label="Berlaku sampai" name="valid_until" type="date" defaultValue={pks?.valid_until} required />
      <fieldset>
        <legend>Layanan yang dicakup</legend>
        <div class="options">
          {choices.pks_services.map((s) => (
            <label class="option" key={s.code}>
              <input type="checkbox" name="services" value={s.code} defaultChecked={pks?.services.includes(s.code)} />
              <span>{s.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </>
  );
}

const pksOf = (form: FormData): Schemas['Pks'] => ({
  number: text(form, 'number'),
  valid_from: text(form, 'valid_from'),
  valid_until: text(form, 'valid_until'),
  services: form.getAll('services').map(String),
});

function RenewPks({ institution: i, choices, changed }: { institution: Institution; choices: Choices; changed: (m: string) => void }) {
  return (
    <Confirm
      label="Perbarui PKS"
      name={i.name}
      question={`Perbarui PKS ${i.name}`}
      yes="Simpan PKS"
      danger={false}
      run={async (form) => {
        const { error } = await api.PUT('/api/v1/admin/institutions/{id}/pks', { params: { path: { id: i.id } }, body: pksOf(form) });
        if (error) return problem(error);
        changed(`PKS ${i.name} diperbarui.`);
      }}
    >
      <p>PKS lama diganti; Pengguna Instansinya bekerja menurut PKS baru mulai permintaan berikutnya.</p>
      <PksFields choices={choices} pks={i.pks ?? undefined} />
    </Confirm>
  );
}

function NewInduk({ choices, changed }: { choices: Choices; changed: (m: string) => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form, target) => {
    const wrong = beforeSending(form, { name: 'Nama Instansi Induk', number: 'Nomor PKS', valid_from: 'Tanggal mulai berlaku', valid_until: 'Tanggal akhir berlaku' });
    if (wrong) return wrong;
    const name = text(form, 'name');
    const { error } = await api.POST('/api/v1/admin/institutions', { body: { name, kind: 'induk', pks: pksOf(form) } });
    if (error) return problem(error);
    target.reset();
    changed(`Instansi Induk ${name} ditambahkan.`);
  });
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h2>Tambah Instansi Induk</h2>
      <Field label="Nama Instansi Induk" name="name" required />
      <PksFields choices={choices} />
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" disabled={busy}>
        Tambah Instansi Induk
      </button>
    </form>
  );
}

function NewUnit({ induk, changed }: { induk: Institution[]; changed: (m: string) => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form, target) => {
    const wrong = beforeSending(form, { name: 'Nama unit' });
    if (wrong) return wrong;
    const name = text(form, 'name');
    const { error } = await api.POST('/api/v1/admin/institutions', { body: { name, kind: 'pengguna', parent_id: text(form, 'parent_id') } });
    if (error) return problem(error);
    target.reset();
    changed(`Instansi Pengguna ${name} ditambahkan.`);
  });
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h2>Tambah Instansi Pengguna</h2>
      <Field label="Nama unit" name="name" required hint="Unit yang melapor, misalnya Instalasi Rekam Medis" />
      <div class="field">
        <label for="induk-unit">Instansi Induk</label>
        <select id="induk-unit" name="parent_id">
          {induk.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" disabled={busy}>
        Tambah Instansi Pengguna
      </button>
    </form>
  );
}

/** One Instansi Pengguna's staff accounts. */
export function Unit({ id }: { id: string }) {
  const { reload, done, changed } = useChanges();
  const units = useLoad(() => api.GET('/api/v1/admin/institutions'), []);
  const list = useLoad(() => api.GET('/api/v1/admin/institutions/{id}/users', { params: { path: { id } } }), [id, reload]);
  const unit = units?.data?.find((u) => u.id === id);
  const staff = list?.data ?? [];
  return (
    <Page title={unit ? `Pengguna ${unit.name}` : 'Pengguna Instansi'} wide>
      <p>
        <a href="#/instansi">Kembali ke daftar instansi</a>
      </p>
      {done && <Notice kind="ok">{done}</Notice>}
      {list?.error && <Failed error={list.error} retry={list.retry} />}
      {list?.data && staff.length === 0 && <p>Belum ada Pengguna Instansi di unit ini.</p>}
      {staff.length > 0 && (
        <table class="data">
          <caption>{staff.length} pengguna</caption>
          <thead>
            <tr>
              <th scope="col">Nama</th>
              <th scope="col">Jabatan</th>
              <th scope="col">Kontak</th>
              <th scope="col">Status</th>
              <th scope="col">Tindakan</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.user_id} data-testid="pengguna-instansi">
                <td>
                  {s.name}
                  <br />
                  <small>
                    NIK {s.nik} · {s.user_id}
                  </small>
                </td>
                <td>{s.jabatan}</td>
                <td>
                  {s.email}
                  <br />
                  {s.phone}
                </td>
                <td>
                  <Active disabled={s.status === 'disabled'} />
                </td>
                <td>
                  <StaffSwitch unit={id} staff={s} changed={changed} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewStaff unit={id} changed={changed} />
    </Page>
  );
}

function StaffSwitch({ unit, staff: s, changed }: { unit: string; staff: Schemas['StaffView']; changed: (m: string) => void }) {
  const set = async (disabled: boolean) => {
    const { error } = await api.PATCH('/api/v1/admin/institutions/{id}/users/{user}', {
      params: { path: { id: unit, user: s.user_id } },
      body: { disabled },
    });
    if (error) return problem(error);
    changed(disabled ? `Akun ${s.name} dinonaktifkan.` : `Akun ${s.name} aktif kembali.`);
  };
  return (
    <Switch name={s.name} what={`akun ${s.name}`} disabled={s.status === 'disabled'} set={set}>
      <p>Untuk pengguna yang pindah tugas atau berhenti: akun tidak dapat masuk lagi dan semua sesinya berakhir.</p>
    </Switch>
  );
}

function NewStaff({ unit, changed }: { unit: string; changed: (m: string) => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form, target) => {
    const wrong = beforeSending(form, {
      name: 'Nama', nik: 'NIK', email: 'Email', phone: 'Nomor HP', sk_tugas: 'Nomor SK Tugas',
      surat_permohonan: 'Nomor surat permohonan Instansi Induk', jabatan: 'Jabatan', tempat_lahir: 'Tempat lahir',
      tanggal_lahir: 'Tanggal lahir', alamat: 'Jalan dan nomor', rt: 'RT', rw: 'RW', kelurahan: 'Desa/kelurahan',
      kecamatan: 'Kecamatan', kabupaten: 'Kabupaten/kota', provinsi: 'Provinsi', password: 'Kata sandi awal',
    });
    if (wrong) return wrong;
    const name = text(form, 'name');
    const { error } = await api.POST('/api/v1/admin/institutions/{id}/users', {
      params: { path: { id: unit } },
      body: {
        name,
        nik: text(form, 'nik'),
        email: text(form, 'email'),
        phone: text(form, 'phone'),
        password: text(form, 'password'),
        staff: {
          sk_tugas: text(form, 'sk_tugas'),
          surat_permohonan: text(form, 'surat_permohonan'),
          nip: text(form, 'nip') || null,
          jabatan: text(form, 'jabatan'),
          tempat_lahir: text(form, 'tempat_lahir'),
          tanggal_lahir: text(form, 'tanggal_lahir'),
          alamat: {
            alamat: text(form, 'alamat'),
            rt: text(form, 'rt'),
            rw: text(form, 'rw'),
            kelurahan: text(form, 'kelurahan'),
            kecamatan: text(form, 'kecamatan'),
            kabupaten: text(form, 'kabupaten'),
            provinsi: text(form, 'provinsi'),
          },
        },
      },
    });
    if (error) return problem(error);
    target.reset();
    changed(`Pengguna Instansi ${name} ditambahkan; ia masuk dengan ID, nomor HP atau emailnya.`);
  });
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h2>Tambah Pengguna Instansi</h2>
      <p>Isi setelah SK Tugas dan surat permohonan Instansi Induk diterima (persyaratan Pengguna Instansi).</p>
      <Field label="Nama" name="name" required />
      <Field label="NIK" name="nik" inputMode="numeric" required />
      <Field label="Email" name="email" type="email" required />
      <Field label="Nomor HP" name="phone" type="tel" inputMode="tel" required />
      <Field label="Nomor SK Tugas" name="sk_tugas" required />
      <Field label="Nomor surat permohonan Instansi Induk" name="surat_permohonan" required />
      <Field label="NIP (bila ada)" name="nip" inputMode="numeric" />
      <Field label="Jabatan" name="jabatan" required />
      <Field label="Tempat lahir" name="tempat_lahir" required />
      <Field label="Tanggal lahir" name="tanggal_lahir" type="date" required />
      <fieldset>
        <legend>Alamat</legend>
        <Field label="Jalan dan nomor" name="alamat" required />
        <Field label="RT" name="rt" inputMode="numeric" class="short" required />
        <Field label="RW" name="rw" inputMode="numeric" class="short" required />
        <Field label="Desa/kelurahan" name="kelurahan" required />
        <Field label="Kecamatan" name="kecamatan" required />
        <Field label="Kabupaten/kota" name="kabupaten" required />
        <Field label="Provinsi" name="provinsi" defaultValue="Sulawesi Selatan" required />
      </fieldset>
      <Field label="Kata sandi awal" name="password" type="password" autoComplete="new-password" required hint="Diserahkan langsung; pengguna menggantinya lewat Lupa kata sandi" />
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" disabled={busy}>
        {busy ? 'Menyimpan…' : 'Tambah Pengguna Instansi'}
      </button>
    </form>
  );
}
