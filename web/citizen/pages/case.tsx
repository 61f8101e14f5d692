// One application: its status and promised date, the reason when it was returned, the documents
// (uploaded here while it is the applicant's turn), filing it, its history and the receipt.
import { useState } from 'preact/hooks';
import { useCase } from '../../shared/case';
import { api, problem, type Schemas } from '../../shared/api';
import { ACCEPTED, upload } from '../../shared/upload';
import { Actions } from '../../shared/actions';
import { Notice, Page, useSubmit } from '../../shared/ui';

const when = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Makassar' });

/** The reason given with a transition (returned, cancelled), if any. */
function reason(h: Schemas['HistoryEntry']): string | undefined {
  return h.event === 'transition' ? (h.inputs.reason ?? undefined) : undefined;
}

function Requirement({ caseId, r, editable, changed }: {
  caseId: string;
  r: Schemas['RequirementStatus'];
  editable: boolean;
  changed: () => void;
}) {
  const [file, setFile] = useState<File>();
  const [share, setShare] = useState<number>();
  const [error, setError] = useState<string>();
  const id = `berkas-${r.document}`;
  async function send() {
    if (!file) return;
    setError(undefined);
    setShare(0);
    try {
      await upload(caseId, r, file, setShare);
      setShare(undefined);
      setFile(undefined);
      changed();
    } catch (e) {
      setShare(undefined);
      setError(e instanceof Error ? e.message : problem(e));
    }
  }
  return (
    <li class="card">
      <p>
        <strong>{r.name}</strong> {r.uploaded ? '✓ sudah diunggah' : r.need === 'mandatory' ? '(wajib)' : '(bila ada)'}
      </p>
      {editable && (
        <>
          <label for={id}>{r.uploaded ? 'Ganti berkas' : 'Pilih berkas'} (PDF, JPEG atau PNG)</label>
          <input
            id={id}
            type="file"
            accept={Object.keys(ACCEPTED).join(',')}
            onChange={(e) => setFile(e.currentTarget.files?.[0])}
          />
          <div class="actions">
            <button type="button" class="secondary" disabled={!file || share !== undefined} onClick={send}>
              {error ? 'Coba lagi' : 'Unggah'}
            </button>
            {share !== undefined && (
              <progress max={1} value={share} aria-label={`Mengunggah ${r.name}`}>
                {Math.round(share * 100)}%
              </progress>
            )}
          </div>
          {error && <Notice kind="error">{error}</Notice>}
        </>
      )}
    </li>
  );
}

const SCORES = ['Tidak baik', 'Kurang baik', 'Baik', 'Sangat baik'];

/** The satisfaction survey of a completed case: each element scored 1 to 4. */
function Survey({ id, elements, done }: { id: string; elements: string[]; done: () => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const scores = elements.map((_, i) => Number(form.get(`u${i}`)));
    if (scores.some((s) => !s)) return 'Beri nilai untuk setiap unsur.';
    const { error } = await api.POST('/api/v1/cases/{id}/survey', { params: { path: { id } }, body: { scores } });
    if (error) return problem(error);
    done();
  });
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h2>Survei kepuasan</h2>
      <p>Bagaimana pelayanan kami? Penilaian Anda membantu kami memperbaiki layanan.</p>
      {error && <Notice kind="error">{error}</Notice>}
      {elements.map((element, i) => (
        <fieldset class="field" key={element}>
          <legend>{element}</legend>
          {SCORES.map((label, s) => (
            <label key={label}>
              <input type="radio" name={`u${i}`} value={s + 1} required /> {label}
            </label>
          ))}
        </fieldset>
      ))}
      <button type="submit" disabled={busy}>
        Kirim penilaian
      </button>
    </form>
  );
}

async function downloadReceipt(id: string) {
  const { data } = await api.GET('/api/v1/cases/{id}/receipt.pdf', { params: { path: { id } }, parseAs: 'blob' });
  if (!data) throw new Error('Tanda terima belum dapat diunduh.');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(data);
  link.download = `tanda-terima-${id}.pdf`;
  link.click();
  URL.revokeObjectURL(link.href);
}

export function CasePage({ id }: { id: string }) {
  const { view, history, error, setError, reload: load } = useCase(id);
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (!view) return <Page title="Permohonan">{error ? <Notice kind="error">{error}</Notice> : <p>Memuat…</p>}</Page>;
  const draft = !view.submitted_at;
  const returned = !draft && view.editable;
  const lastReason = [...history].reverse().map(reason).find(Boolean);

  async function file() {
    setBusy(true);
    setError(undefined);
    const reply = await api.POST('/api/v1/cases/{id}/submit', {
      params: { path: { id } },
      body: { version: view!.version },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    setBusy(false);
    if (reply.error) setError(problem(reply.error));
    else {
      setDone(`Permohonan diajukan. Nomor registrasi: ${reply.data.number}.`);
      await load();
    }
  }

  return (
    <Page title={view.service_name}>
      {done && <Notice kind="ok">{done}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <p class="meta">
        {view.number ? `Nomor registrasi ${view.number}` : 'Draf'} · Pemohon: {view.applicant.name}
      </p>
      <p>
        Status: <strong data-testid="status">{view.state_name}</strong>
        {view.service_due && !view.outcome && <> · dijanjikan selesai {when.format(new Date(view.service_due))}</>}
      </p>
      {returned && lastReason && (
        <Notice kind="error">
          Dikembalikan untuk dilengkapi: {lastReason}. Perbaiki berkas lalu kirim kembali di bagian Tindakan.
        </Notice>
      )}
      <h2>Berkas persyaratan</h2>
      <ul class="plain">
        {view.requirements.map((r) => (
          <Requirement key={r.document} caseId={id} r={r} editable={view.editable} changed={load} />
        ))}
      </ul>
      {draft && view.editable && (
        <button type="button" disabled={busy} onClick={file}>
          {busy ? 'Mengajukan…' : 'Ajukan permohonan'}
        </button>
      )}
      {view.actions.length > 0 && (
        <section aria-labelledby="tindakan">
          <h2 id="tindakan">Tindakan</h2>
          <Actions
            view={view}
            done={(message) => {
              setDone(message);
              load();
            }}
          />
        </section>
      )}
      {view.number && (
        <p>
          <button type="button" class="secondary" onClick={() => downloadReceipt(id).catch((e) => setError(e.message))}>
            Unduh tanda terima (PDF)
          </button>
        </p>
      )}
      {view.survey_elements && (
        <Survey
          id={id}
          elements={view.survey_elements}
          done={() => {
            setDone('Terima kasih atas penilaian Anda.');
            load();
          }}
        />
      )}
      <h2>Riwayat</h2>
      <ol>
        {history
          .filter((h) => h.event === 'transition')
          .map((h) => (
            <li key={h.at}>
              {when.format(new Date(h.at))}: {h.action_name} → <strong>{h.state_name}</strong>
              {reason(h) && <> — {reason(h)}</>}
            </li>
          ))}
      </ol>
    </Page>
  );
}
