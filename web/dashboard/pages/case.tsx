// A case as an officer works it: applicant, documents previewed in the page (every view is
// recorded), the full history, and only the actions the officer's roles allow, each asking for
// its inputs. Acting on a case someone changed meanwhile says so and shows the current case.
import { useState } from 'preact/hooks';
import { useCase } from '../../shared/case';
import { api, problem, type Schemas } from '../../shared/api';
import { Notice, Page } from '../../shared/ui';
import { Actions } from '../../shared/actions';
import { countdown } from './queue';

/** History lines other than transitions, in words. */
const EVENTS: Record<string, string> = {
  created: 'Draf dibuat',
  answers_changed: 'Isian formulir diubah',
  document_attached: 'Berkas diunggah',
  document_viewed: 'Berkas dilihat petugas',
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
        <button type="button" class="secondary" onClick={url ? () => setUrl(undefined) : open}>
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

export function CaseDetail({ id }: { id: string }) {
  const { view, history, error, reload: load } = useCase(id);
  const [notice, setNotice] = useState<string>();
  if (!view) return <Page title="Permohonan">{error ? <Notice kind="error">{error}</Notice> : <p>Memuat…</p>}</Page>;
  const names = Object.fromEntries(view.requirements.map((r) => [r.document, r.name]));
  return (
    <Page title={`${view.number ?? 'Draf'} · ${view.service_name}`}>
      {notice && <Notice kind="ok">{notice}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <p>
        Pemohon: <strong>{view.applicant.name}</strong> ({view.applicant.nik ?? 'tanpa NIK'})
      </p>
      <p>
        Status: <strong data-testid="status">{view.state_name}</strong>
        {view.state_due && <> · tenggat tahap ini {countdown(view.state_due)}</>}
      </p>
      <h2>Berkas</h2>
      <ul class="plain">
        {view.documents.map((d) => (
          <Preview key={d.upload_id} caseId={view.id} doc={d} name={names[d.document] ?? d.document} />
        ))}
      </ul>
      <h2>Tindakan</h2>
      {view.actions.length === 0 && <p>Tidak ada tindakan untuk peran Anda pada tahap ini.</p>}
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
          </li>
        ))}
      </ol>
    </Page>
  );
}
