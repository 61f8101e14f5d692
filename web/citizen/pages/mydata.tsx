// The resident's own data (UU 27/2022): who read or processed it, when and for which case, and the
// whole of it to download as a PDF to keep or as JSON for another service.
import { useState } from 'preact/hooks';
import { api, problem } from '../../shared/api';
import { Failed, Notice, Page, useLoad } from '../../shared/ui';

const date = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Makassar' });

/** Saves what the API answered as a file. */
function save(name: string, blob: Blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

export function MyData() {
  const state = useLoad(() => api.GET('/api/v1/me/data'), []);
  const [error, setError] = useState<string>();
  const data = state?.data;
  async function pdf() {
    const { data, error } = await api.GET('/api/v1/me/data.pdf', { parseAs: 'blob' });
    if (error || !data) return setError(problem(error));
    save('data-pribadi.pdf', data);
  }
  function json() {
    if (data) save('data-pribadi.json', new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  }
  return (
    <Page title="Data pribadi saya">
      <p>
        Sesuai UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi, Anda berhak mengetahui data Anda yang kami simpan
        dan siapa yang memprosesnya.
      </p>
      {!state && <p>Memuat…</p>}
      {state?.error && <Failed error={state.error} retry={state.retry} />}
      {error && <Notice kind="error">{error}</Notice>}
      {data && (
        <>
          <div class="actions">
            <button type="button" onClick={() => void pdf()}>
              Unduh PDF
            </button>
            <button type="button" class="secondary" onClick={json}>
              Unduh JSON
            </button>
          </div>
          <p class="hint">Berisi akun, data kependudukan Anda dan keluarga, {data.cases.length} permohonan beserta isian, berkas dan riwayatnya.</p>
          <h2>Siapa yang memproses data Anda</h2>
          {data.processing.length === 0 && <p>Belum ada petugas atau sistem lain yang membuka data Anda.</p>}
          <ul class="plain">
            {data.processing.map((p, i) => (
              <li class="card" key={p.at + i} data-testid="pemrosesan">
                <p>
                  <strong>{p.what}</strong>
                </p>
                <p class="meta">
                  {date.format(new Date(p.at))} · oleh {p.by}
                  {p.case_id && (
                    <>
                      {' '}
                      · <a href={`/permohonan/${p.case_id}`}>lihat permohonan</a>
                    </>
                  )}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
