// Workflow actions as both apps offer them: a button per action the caller may take now (the
// server decides which), and the form of the chosen one with the inputs it asks for (reason,
// document estimate, document numbers, who collected, schedule, quantity, note).
import { useState } from 'preact/hooks';
import { api, problem, type Schemas } from './api';
import { Field, Notice, text as value, useSubmit } from './ui';

type Kind = Schemas['InputKind'];

/** Field name of the number input of a product. */
const numberOf = (i: number) => `document_number_${i}`;

/** `quantity` is the case's count so far (asked for, approved): the field starts from it. */
export function Inputs({ kinds, products, quantity }: { kinds: Kind[]; products: string[]; quantity?: number | null }) {
  return (
    <>
      {kinds.includes('reason') && (
        <div class="field">
          <label for="reason">Alasan</label>
          <textarea id="reason" name="reason" required rows={3} aria-describedby="reason-hint" />
          <small id="reason-hint" class="hint">
            Tercatat di riwayat permohonan, yang dibaca pemohon dan petugas
          </small>
        </div>
      )}
      {kinds.includes('document_estimate') && (
        <fieldset class="field">
          <legend>Estimasi dokumen yang akan terbit</legend>
          <div class="options">
            {products.map((p) => (
              <label class="option" key={p}>
                <input type="checkbox" name="document_estimate" value={p} defaultChecked />
                <span>{p}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {kinds.includes('document_numbers') && (
        <fieldset class="field">
          <legend>Nomor dokumen yang terbit</legend>
          {products.map((p, i) => (
            <Field key={p} label={`Nomor ${p}`} name={numberOf(i)} />
          ))}
          <small class="hint">Isi nomor setiap dokumen yang terbit; formatnya diperiksa (akta: 7306-LT-10112026-0001, KK/KTP-el/KIA: 16 angka).</small>
        </fieldset>
      )}
      {kinds.includes('collector') && <Collector />}
      {kinds.includes('schedule') && <Field label="Jadwal" name="schedule" type="datetime-local" required />}
      {kinds.includes('quantity') && (
        <Field
          label="Jumlah"
          name="quantity"
          type="number"
          min={1}
          required
          defaultValue={quantity ?? undefined}
          hint={quantity ? `Jumlah sebelumnya: ${quantity}. Petugas hanya dapat menyetujui atau menyerahkan sebanyak itu atau kurang.` : undefined}
        />
      )}
      {kinds.includes('note') && (
        <div class="field">
          <label for="note">Catatan</label>
          <textarea id="note" name="note" rows={3} />
        </div>
      )}
    </>
  );
}

export function Collector() {
  return (
    <fieldset class="field">
      <legend>Pengambil dokumen</legend>
      <Field label="Nama pengambil" name="collector_name" required />
      <Field
        label="NIK pengambil"
        name="collector_nik"
        inputMode="numeric"
        autoComplete="off"
        hint="Dibaca dari KTP-el pengambil: harus NIK pemohon atau anggota KK yang sama (tidak wajib bagi penerima kuasa)"
      />
      <div class="field">
        <label for="collector_relation">Hubungan dengan pemohon</label>
        <select id="collector_relation" name="collector_relation">
          <option value="applicant">Pemohon sendiri</option>
          <option value="kk_member">Anggota keluarga dalam KK</option>
          <option value="attorney">Penerima kuasa (F-1.07)</option>
        </select>
      </div>
      <Field label="Nomor surat kuasa (jika dikuasakan)" name="collector_attorney" />
    </fieldset>
  );
}

export function collector(form: FormData): Schemas['Collector'] {
  const attorney = value(form, 'collector_attorney');
  const nik = value(form, 'collector_nik').replace(/\D/g, '');
  return {
    name: value(form, 'collector_name'),
    nik: nik || undefined,
    relation: (value(form, 'collector_relation') || 'applicant') as Schemas['CollectorRelation'],
    power_of_attorney: attorney || undefined,
  };
}

export function readInputs(form: FormData, kinds: Kind[], products: string[]): Schemas['ActionInputs'] {
  const text = (name: string) => value(form, name);
  const inputs: Schemas['ActionInputs'] = {};
  if (kinds.includes('reason')) inputs.reason = text('reason');
  if (kinds.includes('document_estimate')) inputs.document_estimate = form.getAll('document_estimate').map(String);
  if (kinds.includes('document_numbers')) {
    inputs.document_numbers = products
      .map((document, i) => ({ document, number: text(numberOf(i)) }))
      .filter((d) => d.number !== '');
  }
  if (kinds.includes('collector')) inputs.collected_by = collector(form);
  if (kinds.includes('schedule') && text('schedule')) inputs.schedule = new Date(text('schedule')).toISOString();
  if (kinds.includes('quantity')) inputs.quantity = Number(text('quantity'));
  if (kinds.includes('note') && text('note')) inputs.note = text('note');
  return inputs;
}

function ActionForm({ view, action, done, cancel }: {
  view: Schemas['CaseView'];
  action: Schemas['ActionView'];
  done: (message: string) => void;
  cancel: () => void;
}) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const { error } = await api.POST('/api/v1/cases/{id}/actions', {
      params: { path: { id: view.id } },
      body: { action: action.code, version: view.version, inputs: readInputs(form, action.inputs, view.products) },
    });
    if (error) return problem(error);
    done(`${action.name}: berhasil.`);
  });
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h3>{action.name}</h3>
      <p class="hint">Tindakan ini dicatat di riwayat permohonan dan tidak dapat ditarik kembali setelah dikonfirmasi.</p>
      {error && <Notice kind="error">{error}</Notice>}
      <Inputs kinds={action.inputs} products={view.products} quantity={view.quantity} />
      <div class="actions">
        <button type="submit" disabled={busy}>
          Konfirmasi
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={cancel}>
          Batal
        </button>
      </div>
    </form>
  );
}

/** The actions the caller may take on the case; `done` gets the confirmation once one is taken. */
export function Actions({ view, done }: { view: Schemas['CaseView']; done: (message: string) => void }) {
  const [chosen, setChosen] = useState<string>();
  const action = view.actions.find((a) => a.code === chosen);
  return (
    <>
      <div class="actions">
        {view.actions.map((a) => (
          <button key={a.code} type="button" class={a.code === chosen ? '' : 'secondary'} onClick={() => setChosen(a.code)}>
            {a.name}
          </button>
        ))}
      </div>
      {action && (
        <ActionForm
          key={action.code}
          view={view}
          action={action}
          done={(message) => {
            setChosen(undefined);
            done(message);
          }}
          cancel={() => setChosen(undefined)}
        />
      )}
    </>
  );
}
