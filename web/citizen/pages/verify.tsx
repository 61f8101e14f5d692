// Public: anyone holding a receipt or a letter checks it. Its QR code is this page's address with
// the signed statement (`/cek?kode=...`): a phone camera opens it and the check runs at once; the
// statement or the address can also be pasted here.
import { useEffect, useState } from 'preact/hooks';
import { api, problem, type Schemas } from '../../shared/api';
import { Notice, Page } from '../../shared/ui';

export function Verify({ code: given }: { code: string }) {
  const [result, setResult] = useState<Schemas['ReceiptCheck']>();
  const [error, setError] = useState<string>();
  async function check(code: string) {
    setError(undefined);
    setResult(undefined);
    const { data, error } = await api
      .GET('/api/v1/receipts/verify', { params: { query: { code } } })
      .catch((e) => ({ data: undefined, error: e }));
    if (error || !data) setError(problem(error));
    else setResult(data);
  }
  useEffect(() => {
    if (given) void check(given);
  }, [given]);
  return (
    <Page title="Periksa tanda terima atau resi">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          check(String(new FormData(e.currentTarget).get('code') ?? '').trim());
        }}
      >
        <div class="field">
          <label for="code">Kode QR pada tanda terima atau resi</label>
          <textarea id="code" name="code" rows={4} required defaultValue={given} />
          <small class="hint">Memindai kode QR dengan kamera ponsel membuka halaman ini dan langsung memeriksanya; kode atau tautannya juga dapat ditempel di sini.</small>
        </div>
        <button type="submit">Periksa</button>
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
