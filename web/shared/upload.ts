// Uploading one file of a case (a requirement, a product, a power of attorney): checked here
// first (type, size; a photo over the limit made smaller), hashed (SHA-256), presigned, then sent
// with progress to wherever the server says: its own address locally, the bucket when deployed.
// A file sent to the bucket is attached once the server has checked it on arrival.
import { api, problem, Said, type Schemas } from './api';

export const ACCEPTED: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

/** A size as people read it: 5 MB, 480 KB. */
export function size(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${mb.toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** What a slot takes, said before the person chooses a file. */
export function takes(max?: number): string {
  return max ? `PDF, JPEG atau PNG, paling besar ${size(max)}; foto yang lebih besar diperkecil otomatis.` : 'PDF, JPEG atau PNG.';
}

/**
 * A photo over the limit drawn smaller and sent as JPEG: a phone camera's pictures are often
 * larger than a slot takes. Smaller by steps until it fits; never wider than a page needs to be
 * read, so a cheap phone's memory copes with the canvas.
 */
async function downscaled(file: File, max: number): Promise<File> {
  const image = await createImageBitmap(file).catch(() => {
    throw new Said('Foto tidak dapat dibaca. Pilih foto lain.');
  });
  // A JPEG's size follows its pixels; a PNG shrinks much by being a JPEG at all.
  let scale = Math.min(1, 2560 / Math.max(image.width, image.height), file.type === 'image/jpeg' ? Math.sqrt(max / file.size) : 1);
  const canvas = document.createElement('canvas');
  for (let step = 0; step < 8; step++, scale *= 0.8) {
    canvas.width = Math.max(1, Math.round(image.width * scale));
    canvas.height = Math.max(1, Math.round(image.height * scale));
    const paint = canvas.getContext('2d')!;
    // A transparent PNG on white, not on JPEG's black.
    paint.fillStyle = '#fff';
    paint.fillRect(0, 0, canvas.width, canvas.height);
    paint.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/jpeg', 0.85));
    if (blob && blob.size <= max) return new File([blob], file.name.replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg' });
  }
  throw new Said(`Foto tidak dapat diperkecil sampai ${size(max)}. Pilih foto lain.`);
}

/** The file as it will be sent: of a type taken, within the limit (a photo made smaller to fit). */
export async function prepare(file: File, max?: number): Promise<File> {
  if (!ACCEPTED[file.type]) throw new Said('Berkas harus PDF, JPEG atau PNG.');
  if (file.size === 0) throw new Said('Berkas ini kosong. Pilih berkas lain.');
  // Without a stated limit the server says what it takes.
  if (max === undefined || file.size <= max) return file;
  if (file.type !== 'application/pdf') return downscaled(file, max);
  throw new Said(`Ukuran berkas paling besar ${size(max)}.`);
}

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
      fail(new Said(message));
    };
    xhr.onerror = () => fail(new Said('Koneksi terputus saat mengunggah. Coba lagi.'));
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
    if (status && typeof status === 'object' && 'rejected' in status) throw new Said(status.rejected.message);
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Said('Berkas belum selesai diperiksa. Muat ulang halaman sebentar lagi.');
}

/** What a file is sent as: a requirement (the default), a product the office produced, an F-1.07. */
export type Target = { document: string; max_bytes?: number; purpose?: Schemas['UploadPurpose'] };

/** What asks the server for an upload URL: a case's reporter or officer (signed in), or a guest book's link. */
export type Presigner = (body: Schemas['Presign']) => Promise<{ data?: Schemas['Presigned']; error?: unknown }>;

/** A signed-in person's upload URL for a file of case `caseId`. */
const casePresigner = (caseId: string): Presigner => (body) =>
  api.POST('/api/v1/cases/{id}/uploads', { params: { path: { id: caseId } }, body });

/**
 * Sends a file (prepared first; one already prepared passes as it is). `presigner` names who asks
 * for the URL when it is not the signed-in person; a file sent to the bucket is then not waited
 * for here (the page reads the case again).
 */
export async function upload(
  caseId: string,
  target: Target,
  chosen: File,
  progress: (share: number) => void,
  presigner?: Presigner,
): Promise<void> {
  const file = await prepare(chosen, target.max_bytes);
  const body = {
    document: target.document,
    purpose: target.purpose,
    content_type: file.type,
    size: file.size,
    sha256: await sha256Hex(file),
  };
  const { data, error } = await (presigner ?? casePresigner(caseId))(body);
  if (error || !data) throw new Said(problem(error));
  await send(data, file, progress);
  if (!presigner && new URL(data.url, location.href).origin !== location.origin) await checked(caseId, data.upload_id);
}
