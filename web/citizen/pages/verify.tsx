// Public: anyone holding a receipt checks it. The QR code carries a signed statement; scanning it
// with a phone's camera app copies the text, which is pasted here.
import { useState } from 'preact/hooks';
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
  return (
    <Page title="Periksa tanda terima">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          check(String(new FormData(e.currentTarget).get('code') ?? '').trim());
        }}
      >
        <div class="field">
          <label for="code">Kode QR pada tanda terima</label>
          <textarea id="code" name="code" rows={4} required defaultValue={given} />
          <small class="hint">Pindai kode QR dengan kamera ponsel, lalu tempel teksnya di sini.</small>
        </div>
        <button type="submit">Periksa</button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {result && (
        <Notice kind="ok">
          Tanda terima asli. Nomor {result.number}, {result.service}, diterima {result.received_on}
          {result.promised_on && <>, dijanjikan selesai {result.promised_on}</>}. Status: {result.state}
          {result.completed ? ' (sudah selesai)' : ''}.
        </Notice>
      )}
    </Page>
  );
}
