// A case's documents as both apps handle them: the upload slot of each requirement (with the
// family's earlier files offered again, and at a counter the tablet's camera), the documents the
// office produced, and the receipt.
import { useState } from 'preact/hooks';
import { api, problem, Said, type Schemas } from './api';
import { ACCEPTED, prepare, size, takes, upload } from './upload';
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
    const { error } = await api
      .POST('/api/v1/cases/{id}/reuse', { params: { path: { id: caseId } }, body: { version, upload_id: offer.upload_id } })
      .catch((e: unknown) => ({ error: e }));
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

/**
 * One requirement's slot: the file starts uploading as soon as it is chosen (a photo over the
 * limit made smaller first), with its progress, and a retry of the same file when sending failed.
 */
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
  /** The file being sent (and what was done to it), kept to try again. */
  const [file, setFile] = useState<{ ready: File; note: string }>();
  const [share, setShare] = useState<number>();
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState<string>();
  const id = `berkas-${r.document}`;
  async function send({ ready, note }: { ready: File; note: string }) {
    setError(undefined);
    setSent(undefined);
    setShare(0);
    try {
      await upload(caseId, r, ready, setShare);
      setFile(undefined);
      setSent(`✓ ${ready.name} terunggah (${size(ready.size)}${note}).`);
      changed();
    } catch (e) {
      setError(problem(e));
    } finally {
      setShare(undefined);
    }
  }
  async function choose(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const chosen = input.files?.[0];
    // Emptied at once: the slot names the file it sends, and the same file can be chosen again.
    input.value = '';
    if (!chosen) return;
    setFile(undefined);
    try {
      const ready = await prepare(chosen, r.max_bytes);
      const sending = { ready, note: ready === chosen ? '' : `, diperkecil dari ${size(chosen.size)}` };
      setFile(sending);
      await send(sending);
    } catch (e) {
      setSent(undefined);
      setError(problem(e));
    }
  }
  const picker = { type: 'file', onChange: choose, disabled: share !== undefined, 'aria-describedby': `${id}-hint` } as const;
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
            <label for={id}>{r.uploaded ? 'Ganti berkas' : 'Pilih berkas'}</label>
            <small id={`${id}-hint`} class="hint">
              {takes(r.max_bytes)} Berkas langsung diunggah setelah dipilih.
            </small>
            <input id={id} accept={Object.keys(ACCEPTED).join(',')} {...picker} />
          </div>
          {camera && (
            <div class="field">
              <label for={`${id}-kamera`}>atau foto dengan kamera</label>
              <input id={`${id}-kamera`} accept="image/jpeg,image/png" capture="environment" {...picker} />
            </div>
          )}
          {share !== undefined && (
            <p class="upload-progress">
              <progress max={1} value={share} aria-label={`Mengunggah ${r.name}`} />
              <span aria-hidden="true">{Math.round(share * 100)}%</span>
            </p>
          )}
          <p class="hint" aria-live="polite">
            {sent}
          </p>
          {error && <Notice kind="error">{error}</Notice>}
          {error && file && share === undefined && (
            <button type="button" class="secondary" onClick={() => send(file)} aria-label={`Coba lagi unggah ${r.name}`}>
              Coba lagi
            </button>
          )}
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
  if (!data) throw new Said(problem(error));
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
  if (error || !data) throw new Said(problem(error));
  const file = await fetch(data.url);
  if (!file.ok) throw new Said('Dokumen tidak dapat diunduh. Coba lagi.');
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
            <button type="button" class="secondary" onClick={() => download(view.id, d).catch((e) => setError(problem(e)))}>
              Unduh
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
