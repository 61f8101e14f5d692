// Public: anyone holding a receipt or a letter checks it. Its QR code is this page's address with
// the signed statement (`/cek?kode=...`): a phone camera opens it and the check runs at once; the
// statement or the address can also be pasted here.
import { useEffect, useState } from 'preact/hooks';
import { api, problem, type Schemas } from '../../shared/api';
import { Field, Notice, Page } from '../../shared/ui';

export function Verify({ code: given }: { code: string }) {
  const [result, setResult] = useState<Schemas['ReceiptCheck']>();
  const [error, setError] = useState<string>();
  async function check(query: { code: string } | { number: string; check: string }) {
    setError(undefined);
    setResult(undefined);
    const { data, error } = await api
      .GET('/api/v1/receipts/verify', { params: { query } })
      .catch((e) => ({ data: undefined, error: e }));
    if (error || !data) setError(problem(error));
    else setResult(data);
  }
  useEffect(() => {
    if (given) void check({ code: given });
  }, [given]);
  return (
    <Page title="Periksa tanda terima atau resi">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void check({ code: String(new FormData(e.currentTarget).get('code') ?? '').trim() });
        }}
      >
        <div class="field">
          <label for="code">Kode QR pada tanda terima atau resi</label>
          <textarea id="code" name="code" rows={4} required defaultValue={given} />
          <small class="hint">Memindai kode QR dengan kamera ponsel membuka halaman ini dan langsung memeriksanya; kode atau tautannya juga dapat ditempel di sini.</small>
        </div>
        <button type="submit">Periksa</button>
      </form>
      <form
        class="card"
        aria-labelledby="tanpa-kamera"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          void check({ number: String(form.get('number') ?? '').trim(), check: String(form.get('check') ?? '').trim() });
        }}
      >
        <h2 id="tanpa-kamera">Tanpa kamera</h2>
        <Field label="Nomor registrasi" name="number" required hint="Mis. 7306-2026-000123" />
        <Field label="Kode cek" name="check" required autoComplete="off" hint="8 huruf dan angka di samping nomor registrasi, mis. 7K3M-Q9TD" />
        <button type="submit">Periksa nomor</button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {result && (
        <Notice kind="ok">
          {result.document ? `${result.document} asli` : result.kind === 'resi' ? 'Resi pengambilan dokumen asli' : 'Tanda terima permohonan asli'}. Nomor {result.number}, {result.service}, diterima {result.received_on}
          {result.promised_on && <>, dijanjikan selesai {result.promised_on}</>}. Status: {result.state}
          {result.completed ? ' (sudah selesai)' : ''}.
        </Notice>
      )}
    </Page>
  );
}
