// Machine clients for the admin: the systems of the Dinas, the kabupaten/kota it oversees and its
// partners, with their scopes; a new client's secret shown once, a secret rotated with an overlap
// so the system switches without a gap, scopes changed, a client disabled.
import { useState } from 'preact/hooks';
import { api, problem, type Schemas } from '../../shared/api';
import { Confirm, Failed, Field, Notice, Page, text, useLoad, useSubmit } from '../../shared/ui';
import { Active, beforeSending, type Choices, SecretShown, Switch, useChanges, useChoices } from '../admin';

type Client = Schemas['ClientView'];
type Shown = { title: string; lines: [string, string][] };

const when = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Makassar' });

const credentials = (title: string, c: Schemas['ClientCredentials']): Shown => ({
  title,
  lines: [
    ['client_id', c.client_id],
    ['client_secret', c.client_secret],
    ...(c.previous_secret_valid_until ? [['Rahasia lama berlaku sampai', `${when.format(new Date(c.previous_secret_valid_until))} WITA`] as [string, string]] : []),
  ],
});

export function Clients() {
  const [shown, setShown] = useState<Shown>();
  const { reload, done, changed } = useChanges();
  const choices = useChoices();
  const list = useLoad(() => api.GET('/api/v1/admin/clients'), [reload]);
  const induk = useLoad(() => api.GET('/api/v1/admin/institutions'), []);
  const clients = list?.data ?? [];
  return (
    <Page title="Klien sistem" wide>
      <p>Sistem yang memanggil API dengan token mesin: SIAK dan sistem Dinas kabupaten/kota, serta sistem mitra ber-PKS. Setiap panggilan tercatat di log audit.</p>
      {shown && <SecretShown {...shown} />}
      {done && <Notice kind="ok">{done}</Notice>}
      {list?.error && <Failed error={list.error} retry={list.retry} />}
      {!list && <p>Memuat…</p>}
      {list?.data && clients.length === 0 && <p>Belum ada klien sistem.</p>}
      {clients.length > 0 && choices && (
        <div class="scroll">
          <table class="data">
            <caption>{clients.length} klien</caption>
            <thead>
              <tr>
                <th scope="col">Klien</th>
                <th scope="col">Kantor</th>
                <th scope="col">Cakupan</th>
                <th scope="col">Status</th>
                <th scope="col">Tindakan</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr key={c.client_id} data-testid="klien">
                  <td>
                    {c.name}
                    <br />
                    <small>
                      {c.client_id}
                      {c.webhook_url && ` · webhook ${c.webhook_url}`}
                    </small>
                  </td>
                  <td>{c.office}</td>
                  <td>{c.scopes.join(', ')}</td>
                  <td>
                    <Active disabled={c.disabled} />
                    {c.previous_secret_valid_until && (
                      <>
                        <br />
                        <small>rahasia lama sampai {when.format(new Date(c.previous_secret_valid_until))}</small>
                      </>
                    )}
                  </td>
                  <td>
                    <ClientActions client={c} choices={choices} changed={changed} rotated={(r) => setShown(credentials(`Rahasia baru ${c.name}`, r))} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {choices && (
        <NewClient
          choices={choices}
          induk={(induk?.data ?? []).filter((i) => i.kind === 'induk')}
          created={(name, c) => {
            setShown(credentials(`Klien ${name} dibuat`, c));
            changed(`Klien ${name} ditambahkan.`);
          }}
        />
      )}
    </Page>
  );
}

function ScopeBoxes({ choices, checked }: { choices: Choices; checked?: string[] }) {
  return (
    <fieldset>
      <legend>Cakupan</legend>
      <div class="options">
        {choices.scopes.map((s) => (
          <label class="option" key={s.code}>
            <input type="checkbox" name="scopes" value={s.code} defaultChecked={checked?.includes(s.code)} />
            <span>
              <code>{s.code}</code>: {s.label}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ClientActions({
  client: c,
  choices,
  changed,
  rotated,
}: {
  client: Client;
  choices: Choices;
  changed: (m: string) => void;
  rotated: (r: Schemas['ClientCredentials']) => void;
}) {
  const patch = async (body: Schemas['ClientChange'], message: string) => {
    const { error } = await api.PATCH('/api/v1/admin/clients/{id}', { params: { path: { id: c.client_id } }, body });
    if (error) return problem(error);
    changed(message);
  };
  return (
    <div class="actions">
      {!c.disabled && (
        <>
          <Confirm
            label="Ubah cakupan"
            name={c.name}
            question={`Ubah cakupan ${c.name}`}
            yes="Simpan cakupan"
            danger={false}
            run={(form) => patch({ scopes: form.getAll('scopes').map(String) }, `Cakupan ${c.name} diubah; berlaku pada panggilan berikutnya.`)}
          >
            <ScopeBoxes choices={choices} checked={c.scopes} />
          </Confirm>
          <Confirm
            label="Ganti rahasia"
            name={c.name}
            question={`Ganti rahasia ${c.name}?`}
            yes="Ya, buat rahasia baru"
            run={async (form) => {
              const hours = Number(text(form, 'overlap_hours') || '24');
              const { data, error } = await api.POST('/api/v1/admin/clients/{id}/secret', {
                params: { path: { id: c.client_id } },
                body: { overlap_hours: hours },
              });
              if (error || !data) return problem(error);
              rotated(data);
              changed(`Rahasia ${c.name} diganti.`);
            }}
          >
            <p>Rahasia baru ditampilkan sekali. Rahasia lama tetap berlaku selama masa peralihan, agar sistemnya dapat beralih tanpa terputus.</p>
            <Field label="Masa peralihan (jam)" name="overlap_hours" type="number" min={0} defaultValue="24" class="short" hint="0 bila rahasia lama bocor: langsung tidak berlaku" />
          </Confirm>
        </>
      )}
      <Switch name={c.name} what={c.name} disabled={c.disabled} set={(d) => patch({ disabled: d }, d ? `Klien ${c.name} dinonaktifkan.` : `Klien ${c.name} aktif kembali.`)}>
        <p>Setiap panggilan sistem ini ditolak mulai panggilan berikutnya, juga dengan token yang sudah diterbitkan.</p>
      </Switch>
    </div>
  );
}

function NewClient({
  choices,
  induk,
  created,
}: {
  choices: Choices;
  induk: Schemas['InstitutionView'][];
  created: (name: string, c: Schemas['ClientCredentials']) => void;
}) {
  const { busy, error, onSubmit } = useSubmit(async (form, target) => {
    const wrong = beforeSending(form, { name: 'Nama sistem' }) ?? (form.getAll('scopes').length ? undefined : 'Pilih paling sedikit satu cakupan.');
    if (wrong) return wrong;
    const name = text(form, 'name');
    const { data, error } = await api.POST('/api/v1/admin/clients', {
      body: {
        name,
        scopes: form.getAll('scopes').map(String),
        office: text(form, 'office') || undefined,
        institution_id: text(form, 'institution_id') || undefined,
      },
    });
    if (error || !data) return problem(error);
    target.reset();
    created(name, data);
  });
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h2>Tambah klien sistem</h2>
      <Field label="Nama sistem" name="name" required />
      <Field
        label="Kode kantor yang diwakili (bila bukan kantor Anda)"
        name="office"
        hint="Kosongkan untuk sistem kantor Anda sendiri. Admin Dinas Provinsi mengisi kode Dinas kabupaten/kota yang diawasinya, misalnya 73.08 untuk Kabupaten Bone."
      />
      {induk.length > 0 && (
        <div class="field">
          <label for="klien-induk">Sistem mitra dari Instansi Induk (bila ada)</label>
          <select id="klien-induk" name="institution_id">
            <option value="">Bukan sistem mitra</option>
            {induk.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <ScopeBoxes choices={choices} />
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" disabled={busy}>
        {busy ? 'Menyimpan…' : 'Tambah klien'}
      </button>
    </form>
  );
}
