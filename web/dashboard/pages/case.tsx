// A case as an officer works it: who it is about, the applicant and the reporter; the
// declaration in readable sections beside the documents, previewed in the page (every view is
// recorded), side by side on a desktop; the full history, and only the actions the officer's
// roles allow, each asking for its inputs. Acting on a case someone changed meanwhile says so and
// shows the current case. A case the officer filed at a counter takes its documents here (scanner
// or camera), is filed here and prints its slip; what the office produced is attached here.
import { useState } from 'preact/hooks';
import { useCase } from '../../shared/case';
import { api, problem, type Schemas } from '../../shared/api';
import { Field, Notice, Page, useSubmit } from '../../shared/ui';
import { Declared } from '../../shared/declared';
import { Actions } from '../../shared/actions';
import { Appointment } from '../../shared/appointment';
import { downloadReceipt, Requirement } from '../../shared/requirements';
import { ACCEPTED, upload } from '../../shared/upload';
import { formProblems } from '../../shared/declaration';
import { go } from '../../shared/nav';
import { countdown } from './queue';

/** History lines other than transitions, in words. */
const EVENTS: Record<string, string> = {
  created: 'Draf dibuat',
  answers_changed: 'Isian formulir diubah',
  document_attached: 'Berkas diunggah',
  document_viewed: 'Berkas dilihat petugas',
  draft_deleted: 'Draf dihapus pelapor',
  answer_corrected: 'Isian dikoreksi petugas',
  document_reused: 'Berkas keluarga dipakai ulang dari permohonan sebelumnya',
  product_attached: 'Dokumen hasil layanan dilampirkan',
  appointment: 'Janji temu',
};

const ACCOUNT: Record<Schemas['ReporterKind'], string> = {
  pribadi: 'pengguna pribadi',
  instansi: 'pengguna instansi',
  officer: 'petugas',
  sistem: 'sistem Dinas kabupaten/kota',
};

const when = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Makassar' });

function Preview({ caseId, doc, name }: { caseId: string; doc: Schemas['AttachedDocument']; name: string }) {
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<string>();
  async function open() {
    const { data, error } = await api.GET('/api/v1/cases/{id}/documents/{upload}', {
      params: { path: { id: caseId, upload: doc.upload_id } },
    });
    if (error || !data) setError(problem(error));
    else setUrl(data.url);
  }
  return (
    <li class="card">
      <div class="actions">
        <strong>{name}</strong>
        {doc.reused_from && <small class="hint">dipakai ulang dari permohonan {doc.reused_from}</small>}
        <button
          type="button"
          class="secondary"
          onClick={url ? () => setUrl(undefined) : open}
          aria-expanded={url !== undefined}
          aria-label={`${url ? 'Tutup' : 'Lihat'} ${name}`}
        >
          {url ? 'Tutup' : 'Lihat'}
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {url &&
        (doc.content_type === 'application/pdf' ? (
          <object data={url} type="application/pdf" class="preview" aria-label={`Pratinjau ${name}`}>
            <a href={url}>Buka {name} (PDF)</a>
          </object>
        ) : (
          <img src={url} alt={`Pratinjau ${name}`} class="preview" />
        ))}
    </li>
  );
}

/** An officer at this step corrects one declared answer, with the reason kept in the history. */
function Correct({ view, labels, done }: {
  view: Schemas['CaseView'];
  labels: Record<string, string>;
  done: (message: string) => void;
}) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const field = String(form.get('field') ?? '');
    const text = String(form.get('value') ?? '').trim();
    // Numbers stay numbers (weights, birth order); everything else as typed.
    const value = typeof view.answers[field] === 'number' && text !== '' ? Number(text) : text === '' ? null : text;
    const { error } = await api.POST('/api/v1/cases/{id}/corrections', {
      params: { path: { id: view.id } },
      body: { version: view.version, field, value, reason: String(form.get('reason') ?? '') },
    });
    if (error) return problem(error);
    done(`Isian ${labels[field] ?? field} dikoreksi.`);
  });
  // Plain answers only: people, addresses and lists are corrected by returning the case.
  const plain = Object.keys(labels).filter((f) => ['string', 'number'].includes(typeof view.answers[f]));
  return (
    <details class="card">
      <summary>Koreksi isian formulir</summary>
      <form onSubmit={onSubmit} noValidate>
        {error && <Notice kind="error">{error}</Notice>}
        <div class="field">
          <label for="koreksi-isian">Isian</label>
          <select id="koreksi-isian" name="field">
            {plain.map((f) => (
              <option key={f} value={f}>
                {labels[f]}
              </option>
            ))}
          </select>
        </div>
        <Field label="Nilai yang benar" name="value" hint="Sama seperti isian semula: tanggal TTTT-BB-HH, jam JJ:MM, kode pilihan" />
        <Field label="Alasan koreksi" name="reason" required />
        <button type="submit" disabled={busy}>
          Simpan koreksi
        </button>
      </form>
    </details>
  );
}

/** A draft filed at the counter: the documents it needs (scanner or camera), then filing it. */
function CounterFiling({ view, changed }: { view: Schemas['CaseView']; changed: (message: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [signed, setSigned] = useState(false);
  const needed = view.requirements.filter((r) => r.status !== 'not_applicable');
  async function file() {
    if (!signed) return setError('Pastikan pemohon telah menandatangani pernyataan kebenaran data pada formulir, lalu centang.');
    setBusy(true);
    setError(undefined);
    const reply = await api.POST('/api/v1/cases/{id}/submit', {
      params: { path: { id: view.id } },
      body: { version: view.version, declared: true },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    setBusy(false);
    if (reply.error) {
      const problems = formProblems(reply.error);
      return setError(problems ? problems.map((p) => p.message).join('; ') : problem(reply.error));
    }
    changed(`Permohonan diajukan. Nomor registrasi: ${reply.data.number}. Cetak tanda terima untuk pemohon.`);
  }
  /** A draft the walk-in does not go on with: removed with its files. */
  async function discard() {
    if (!window.confirm('Hapus draf ini beserta berkasnya?')) return;
    const { error } = await api.DELETE('/api/v1/cases/{id}', {
      params: { path: { id: view.id }, query: { version: view.version } },
    });
    if (error) return setError(problem(error));
    go('/loket');
  }
  return (
    <section aria-labelledby="unggah">
      <h2 id="unggah">Berkas persyaratan</h2>
      <ul class="plain">
        {needed.map((r) => (
          <Requirement
            key={r.document}
            caseId={view.id}
            r={r}
            editable
            camera
            changed={() => changed(`Berkas ${r.name} diterima.`)}
            version={view.version}
            offers={[]}
          />
        ))}
      </ul>
      {!view.submitted_at && (
        <>
          {error && <Notice kind="error">{error}</Notice>}
          <div class="field">
            <label class="option">
              <input type="checkbox" checked={signed} onChange={(e) => setSigned((e.currentTarget as HTMLInputElement).checked)} />
              <span>Pemohon telah menandatangani pernyataan pada formulir bahwa data dan dokumennya benar dan sesuai aslinya</span>
            </label>
          </div>
          <div class="actions">
            <button type="button" disabled={busy} onClick={file}>
              {busy ? 'Mengajukan…' : 'Ajukan permohonan'}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={discard}>
              Hapus draf
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** What the office produced at this step (the TTE-signed KK, a letter), attached for the applicant. */
function AttachProduct({ view, done }: { view: Schemas['CaseView']; done: (message: string) => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form, target) => {
    const file = form.get('product_file');
    const document = String(form.get('product') ?? '');
    if (!(file instanceof File) || file.size === 0) return 'Pilih berkas dokumen hasil layanan.';
    await upload(view.id, { document, purpose: 'product' }, file, () => {});
    target.reset();
    done(`${document} dilampirkan; pemohon dapat mengunduhnya.`);
  });
  return (
    <details class="card">
      <summary>Lampirkan dokumen hasil layanan</summary>
      <form onSubmit={onSubmit} noValidate>
        {error && <Notice kind="error">{error}</Notice>}
        <div class="field">
          <label for="produk">Dokumen</label>
          <select id="produk" name="product">
            {view.products.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="berkas-produk">Berkas (PDF dari SIAK, atau pindaian)</label>
          <input id="berkas-produk" name="product_file" type="file" accept={Object.keys(ACCEPTED).join(',')} />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Melampirkan…' : 'Lampirkan'}
        </button>
      </form>
    </details>
  );
}

export function CaseDetail({ id }: { id: string }) {
  const { view, history, error, reload: load } = useCase(id);
  const [notice, setNotice] = useState<string>();
  if (!view) return <Page title="Permohonan">{error ? <Notice kind="error">{error}</Notice> : <p>Memuat…</p>}</Page>;
  const names = Object.fromEntries(view.requirements.map((r) => [r.document, r.name]));
  const labels: Record<string, string> = Object.fromEntries(view.declaration.flatMap((s) => s.fields.map((f) => [f.name, f.label])));
  // Services without a declaration (KIA, KK) show their documents across the page.
  const declared = view.declaration.length > 0;
  const missing = view.requirements.filter((r) => r.status === 'required' && !r.uploaded).map((r) => r.name);
  return (
    <Page title={`${view.number ?? 'Draf'} · ${view.service_name}`}>
      {notice && <Notice kind="ok">{notice}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <dl class="people">
        <div>
          <dt>Atas nama</dt>
          <dd data-testid="subject">{view.subject_name}</dd>
        </div>
        <div>
          <dt>Pemohon</dt>
          <dd>
            {view.applicant.name}
            {/* A Dinas asking through its system is an office: it has no NIK to miss. */}
            {view.reporter_kind !== 'sistem' && ` (${view.applicant.nik ?? 'tanpa NIK'})`}
            {/* Taken from the register, an applicant has its KK; one from elsewhere in the province gave their own. */}
            {view.applicant.nik && !view.applicant.no_kk && (
              <small class="hint" data-testid="declared">
                Tidak tercatat di database kependudukan Kabupaten Gowa: nama dan NIK menurut pernyataan pemohon; periksa
                KTP-el-nya saat melayani.
              </small>
            )}
          </dd>
        </div>
        <div>
          <dt>Pelapor</dt>
          <dd>
            {view.reporter_name} ({ACCOUNT[view.reporter_kind]})
          </dd>
        </div>
        {view.contact && (
          <div>
            <dt>Kontak pemohon</dt>
            <dd>
              {view.contact.whatsapp ? (
                // A WhatsApp applicant is called back on WhatsApp (seed 001, step 4).
                <a href={`https://wa.me/${view.contact.whatsapp.replace(/\D/g, '')}`} target="_blank" rel="noopener noreferrer">
                  WhatsApp {view.contact.whatsapp}
                </a>
              ) : (
                [view.contact.phone, view.contact.email].filter(Boolean).join(' · ')
              )}
            </dd>
          </div>
        )}
      </dl>
      {view.related.length > 0 && (
        <Notice kind="error">
          Kemungkinan laporan ganda: permohonan lain untuk orang dan peristiwa yang sama masih diproses —{' '}
          {view.related.map((r) => `${r.number ?? r.id} (${r.service_name})`).join('; ')}.
        </Notice>
      )}
      <p>
        Status: <strong data-testid="status">{view.state_name}</strong>
        {view.state_due && <> · tenggat tahap ini {countdown(view.state_due)}</>}
      </p>
      <div class={declared ? 'review' : undefined}>
        {declared && (
          <section aria-labelledby="isian">
            <h2 id="isian">Isian formulir</h2>
            <Declared sections={view.declaration} />
          </section>
        )}
        <section aria-labelledby="berkas" class="documents">
          <h2 id="berkas">Berkas</h2>
          {missing.length > 0 && <p class="notice error">Belum diunggah (wajib): {missing.join(', ')}</p>}
          {view.documents.length === 0 && <p>Belum ada berkas.</p>}
          <ul class="plain">
            {view.documents.map((d) => (
              <Preview key={d.upload_id} caseId={view.id} doc={d} name={names[d.document] ?? d.document} />
            ))}
          </ul>
        </section>
      </div>
      {view.editable && (
        <CounterFiling
          view={view}
          changed={(message) => {
            setNotice(message);
            load();
          }}
        />
      )}
      {view.number && (
        <p class="actions">
          <button type="button" class="secondary" onClick={() => downloadReceipt(view.id, view.number, 'slip').catch((e) => setNotice(problem(e)))}>
            Cetak tanda terima permohonan (PDF)
          </button>
          {view.receipt_code && (
            <button type="button" class="secondary" onClick={() => downloadReceipt(view.id, view.number, 'resi').catch((e) => setNotice(problem(e)))}>
              Cetak resi pengambilan dokumen (PDF)
            </button>
          )}
        </p>
      )}
      {((view.issued ?? []).length > 0 || view.actions.length > 0) && (
        <section aria-labelledby="hasil-layanan">
          <h2 id="hasil-layanan">Dokumen hasil layanan</h2>
          <ul class="plain">
            {(view.issued ?? []).map((d) => (
              <Preview key={d.upload_id} caseId={view.id} doc={d} name={d.document} />
            ))}
          </ul>
          {view.actions.length > 0 && !view.outcome && (
            <AttachProduct
              view={view}
              done={(message) => {
                setNotice(message);
                load();
              }}
            />
          )}
        </section>
      )}
      <p class="meta">Yang dibaca pemohon sekarang: {view.next_step}</p>
      <Appointment
        view={view}
        officer
        done={(message) => {
          setNotice(message);
          load();
        }}
      />
      <h2>Tindakan</h2>
      {view.actions.length === 0 && <p>Tidak ada tindakan untuk peran Anda pada tahap ini.</p>}
      {declared && view.actions.length > 0 && (
        <Correct view={view} labels={labels} done={(message) => { setNotice(message); load(); }} />
      )}
      <Actions
        view={view}
        done={(message) => {
          setNotice(message);
          load();
        }}
      />
      <h2>Riwayat</h2>
      <ol>
        {history.map((h) => (
          <li key={h.at + h.event}>
            {when.format(new Date(h.at))}: {h.event === 'transition' ? `${h.action_name} → ${h.state_name}` : (EVENTS[h.event] ?? h.event)}
            {h.event === 'transition' && h.inputs.reason && <> — {h.inputs.reason}</>}
            {h.event === 'answer_corrected' && <> ({labels[h.field] ?? h.field}) — {h.reason}</>}
            {h.event === 'appointment' && <> — {h.note}</>}
          </li>
        ))}
      </ol>
    </Page>
  );
}
