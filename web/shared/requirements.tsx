// A case's documents as both apps handle them: the upload slot of each requirement (with the
// family's earlier files offered again, and at a counter the tablet's camera), the documents the
// office produced, and the receipt.
import { useState } from 'preact/hooks';
import { api, problem, type Schemas } from './api';
import { ACCEPTED, upload } from './upload';
import { Notice } from './ui';

/** A file of the family accepted in an earlier case, attached again without uploading. */
function Reuse({ caseId, version, offer, changed }: {
  caseId: string;
  version: number;
  offer: Schemas['Reusable'];
  changed: () => void;
}) {
  const [error, setError] = useState<string>();
  async function take() {
    const { error } = await api.POST('/api/v1/cases/{id}/reuse', {
      params: { path: { id: caseId } },
      body: { version, upload_id: offer.upload_id },
    });
    if (error) setError(problem(error));
    else changed();
  }
  return (
    <div class="actions">
      <button type="button" class="secondary" onClick={take}>
        Pakai berkas dari permohonan {offer.from_number ?? offer.from_case}
      </button>
      {error && <Notice kind="error">{error}</Notice>}
    </div>
  );
}

export function Requirement({ caseId, r, editable, changed, version, offers, camera }: {
  caseId: string;
  r: Schemas['RequirementStatus'];
  editable: boolean;
  changed: () => void;
  version: number;
  offers: Schemas['Reusable'][];
  /** At a counter: a second picker that opens the tablet's camera. */
  camera?: boolean;
}) {
  const [file, setFile] = useState<File>();
  const [share, setShare] = useState<number>();
  const [error, setError] = useState<string>();
  const id = `berkas-${r.document}`;
  async function send(e: Event) {
    if (!file) return;
    const inputs = (e.currentTarget as HTMLElement).closest('li')?.querySelectorAll<HTMLInputElement>('input[type=file]');
    setError(undefined);
    setShare(0);
    try {
      await upload(caseId, r, file, setShare);
      setShare(undefined);
      setFile(undefined);
      // Sent: the picker is empty again, so it does not show a file still waiting.
      inputs?.forEach((input) => (input.value = ''));
      changed();
    } catch (e) {
      setShare(undefined);
      setError(e instanceof Error ? e.message : problem(e));
    }
  }
  return (
    <li class="card">
      <p>
        <strong>{r.name}</strong> {r.status === 'required' ? '(wajib)' : '(bila ada)'}
        {r.uploaded && <> · ✓ sudah diunggah</>}
      </p>
      {r.condition && <p class="hint">Diperlukan {r.condition}.</p>}
      {editable &&
        !r.uploaded &&
        offers
          .filter((o) => o.document === r.document)
          .map((o) => <Reuse key={o.upload_id} caseId={caseId} version={version} offer={o} changed={changed} />)}
      {editable && (
        <>
          <div class="field">
            <label for={id}>{r.uploaded ? 'Ganti berkas' : 'Pilih berkas'} (PDF, JPEG atau PNG)</label>
            <input
              id={id}
              type="file"
              accept={Object.keys(ACCEPTED).join(',')}
              onChange={(e) => setFile(e.currentTarget.files?.[0])}
            />
          </div>
          {camera && (
            <div class="field">
              <label for={`${id}-kamera`}>atau foto dengan kamera</label>
              <input
                id={`${id}-kamera`}
                type="file"
                accept="image/jpeg,image/png"
                capture="environment"
                onChange={(e) => setFile(e.currentTarget.files?.[0])}
              />
            </div>
          )}
          <div class="actions">
            <button
              type="button"
              class="secondary"
              disabled={!file || share !== undefined}
              onClick={send}
              aria-label={`${error ? 'Coba lagi unggah' : 'Unggah'} ${r.name}`}
            >
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

/** Which of a filed case's two documents: the registration slip, or the pickup receipt. */
export type Receipt = 'slip' | 'resi';

/** Downloads the slip or the pickup receipt (each QR code is a signed statement anyone can check). */
export async function downloadReceipt(id: string, number: string | null | undefined, kind: Receipt) {
  const path = kind === 'slip' ? '/api/v1/cases/{id}/slip.pdf' : '/api/v1/cases/{id}/receipt.pdf';
  const { data, error } = await api.GET(path, { params: { path: { id } }, parseAs: 'blob' });
  if (!data) throw new Error(problem(error));
  const link = document.createElement('a');
  link.href = URL.createObjectURL(data);
  link.download = `${kind === 'slip' ? 'tanda-terima' : 'resi-pengambilan'}-${number ?? id}.pdf`;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Downloads one of the case's files through its short-lived link. */
async function download(caseId: string, doc: Schemas['AttachedDocument']) {
  const { data, error } = await api.GET('/api/v1/cases/{id}/documents/{upload}', {
    params: { path: { id: caseId, upload: doc.upload_id } },
  });
  if (error || !data) throw new Error(problem(error));
  const file = await fetch(data.url);
  if (!file.ok) throw new Error('Dokumen tidak dapat diunduh. Coba lagi.');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await file.blob());
  link.download = `${doc.document}.${doc.content_type === 'application/pdf' ? 'pdf' : 'jpg'}`;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** The documents the office produced for this case (the certified KK, a letter), to download. */
export function Issued({ view }: { view: Schemas['CaseView'] }) {
  const [error, setError] = useState<string>();
  const issued = view.issued ?? [];
  if (issued.length === 0) return null;
  return (
    <section aria-labelledby="hasil">
      <h2 id="hasil">Dokumen hasil layanan</h2>
      {error && <Notice kind="error">{error}</Notice>}
      <ul class="plain">
        {issued.map((d) => (
          <li key={d.upload_id} class="card actions">
            <strong>{d.document}</strong>
            <button type="button" class="secondary" onClick={() => download(view.id, d).catch((e) => setError(e.message))}>
              Unduh
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
