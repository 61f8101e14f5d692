// The pickup counter: scan the receipt's QR code (a scanner types it) or type the registration
// number, record who collected, and the case is done.
import { useState } from 'preact/hooks';
import { api, problem } from '../../shared/api';
import { Field, Notice, Page, text, useSubmit } from '../../shared/ui';
import { Collector, collector } from '../../shared/actions';

export function Pickup() {
  const [done, setDone] = useState<string>();
  const { busy, error, onSubmit } = useSubmit(async (form, target) => {
    setDone(undefined);
    const body = { receipt: text(form, 'receipt'), collected_by: collector(form) };
    const { data, error } = await api.POST('/api/v1/pickup', { body });
    if (error || !data) return problem(error);
    setDone(`Dokumen ${data.number} diserahkan kepada ${body.collected_by.name}.`);
    target.reset();
  });
  return (
    <Page title="Pengambilan dokumen">
      {done && <Notice kind="ok">{done}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={onSubmit} noValidate>
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
