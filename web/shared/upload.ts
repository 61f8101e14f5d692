// Uploading one file of a case (a requirement, a product, a power of attorney): checked here first (type, size), hashed (SHA-256), presigned,
// then sent with progress to wherever the server says: its own address locally, the bucket when
// deployed. A file sent to the bucket is attached once the server has checked it on arrival.
import { api, problem, type Schemas } from './api';

export const ACCEPTED: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

export class UploadError extends Error {}

async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function send(p: Schemas['Presigned'], file: File, progress: (share: number) => void): Promise<void> {
  return new Promise((done, fail) => {
    const xhr = new XMLHttpRequest();
    xhr.open(p.method, p.url);
    // The browser sets the length itself.
    for (const [name, value] of Object.entries(p.headers)) if (name !== 'content-length') xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    xhr.onload = () => {
      if (xhr.status < 300) return done();
      let message = `Unggahan ditolak (${xhr.status}).`;
      try {
        message = (JSON.parse(xhr.responseText) as { message?: string }).message ?? message;
      } catch {
        // Not our JSON (the bucket's XML): keep the status.
      }
      fail(new UploadError(message));
    };
    xhr.onerror = () => fail(new UploadError('Koneksi terputus saat mengunggah. Coba lagi.'));
    xhr.send(file);
  });
}

/** Waits until the server has checked a file that went straight to the bucket. */
async function checked(caseId: string, uploadId: string) {
  for (let i = 0; i < 30; i++) {
    const { data } = await api.GET('/api/v1/cases/{id}/uploads/{upload}', {
      params: { path: { id: caseId, upload: uploadId } },
    });
    const status = data?.status;
    if (status === 'received') return;
    if (status && typeof status === 'object' && 'rejected' in status) throw new UploadError(status.rejected.message);
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new UploadError('Berkas belum selesai diperiksa. Muat ulang halaman sebentar lagi.');
}

/** What a file is sent as: a requirement (the default), a product the office produced, an F-1.07. */
export type Target = { document: string; max_bytes?: number; purpose?: Schemas['UploadPurpose'] };

export async function upload(caseId: string, target: Target, file: File, progress: (share: number) => void): Promise<void> {
  if (!ACCEPTED[file.type]) throw new UploadError('Berkas harus PDF, JPEG atau PNG.');
  // Without a stated limit the server says what it takes.
  if (file.size === 0 || (target.max_bytes !== undefined && file.size > target.max_bytes)) {
    throw new UploadError(`Ukuran berkas paling besar ${Math.floor((target.max_bytes ?? 0) / (1024 * 1024))} MB.`);
  }
  const body = {
    document: target.document,
    purpose: target.purpose,
    content_type: file.type,
    size: file.size,
    sha256: await sha256Hex(file),
  };
  const { data, error } = await api.POST('/api/v1/cases/{id}/uploads', { params: { path: { id: caseId } }, body });
  if (error || !data) throw new UploadError(problem(error));
  await send(data, file, progress);
  if (new URL(data.url, location.href).origin !== location.origin) await checked(caseId, data.upload_id);
}
