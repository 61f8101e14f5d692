// The pickup counter: scan the receipt's QR code (a scanner types it) or type the registration
// number, record who collected, and the case is done.
import { useState } from 'preact/hooks';
import { api, problem } from '../../shared/api';
import { Field, Notice, Page } from '../../shared/ui';
import { Collector, collector } from './inputs';

export function Pickup() {
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const target = e.currentTarget as HTMLFormElement;
    const form = new FormData(target);
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    const body = { receipt: String(form.get('receipt') ?? '').trim(), collected_by: collector(form) };
    const { data, error } = await api.POST('/api/v1/pickup', { body });
    setBusy(false);
    if (error || !data) return setError(problem(error));
    setDone(`Dokumen ${data.number} diserahkan kepada ${body.collected_by.name}.`);
    target.reset();
  }
  return (
    <Page title="Pengambilan dokumen">
      {done && <Notice kind="ok">{done}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={submit} noValidate>
        <Field
          label="Kode QR tanda terima atau nomor registrasi"
          name="receipt"
          autoComplete="off"
          required
          hint="Pindai kode QR, atau ketik nomor seperti 7306-2026-000123"
        />
        <Collector />
        <button type="submit" disabled={busy}>
          Serahkan dokumen
        </button>
      </form>
    </Page>
  );
}
