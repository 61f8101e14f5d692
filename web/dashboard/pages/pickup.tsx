// The pickup counter: scan the receipt's QR code (a scanner types it) or type the registration
// number; the page shows whose case it is, what is handed over and whether it was collected
// already; the collector is recorded with the NIK from their KTP-el (the applicant, or a member of
// the same KK, checked against the register) or as an attorney whose F-1.07 is scanned here.
import { useState } from 'preact/hooks';
import { api, problem, type Schemas } from '../../shared/api';
import { Field, Notice, Page, text, useSubmit } from '../../shared/ui';
import { Collector, collector } from '../../shared/actions';
import { upload } from '../../shared/upload';

const when = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Makassar' });

const RELATION: Record<Schemas['CollectorRelation'], string> = {
  applicant: 'pemohon sendiri',
  kk_member: 'anggota keluarga dalam KK',
  attorney: 'penerima kuasa',
};

function HandOver({ found, receipt, done }: { found: Schemas['PickupView']; receipt: string; done: (message: string) => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const collected_by = collector(form);
    const scan = form.get('power_of_attorney_scan');
    if (collected_by.relation === 'attorney' && scan instanceof File && scan.size > 0) {
      await upload(found.case_id, { document: 'surat_kuasa_pengambilan', purpose: 'power_of_attorney' }, scan, () => {});
    }
    const { data, error } = await api.POST('/api/v1/pickup', { body: { receipt, collected_by } });
    if (error || !data) return problem(error);
    done(`Dokumen ${data.number} diserahkan kepada ${collected_by.name}.`);
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      {error && <Notice kind="error">{error}</Notice>}
      <Collector />
      <div class="field">
        <label for="pindai-kuasa">Pindaian Surat Kuasa F-1.07 (bagi penerima kuasa)</label>
        <input id="pindai-kuasa" name="power_of_attorney_scan" type="file" accept="application/pdf,image/jpeg,image/png" capture="environment" />
        {found.power_of_attorney && <small class="hint">Surat kuasa sudah dipindai pada permohonan ini.</small>}
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Menyerahkan…' : 'Serahkan dokumen'}
      </button>
    </form>
  );
}

export function Pickup() {
  const [found, setFound] = useState<{ view: Schemas['PickupView']; receipt: string }>();
  const [done, setDone] = useState<string>();
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    setDone(undefined);
    setFound(undefined);
    const receipt = text(form, 'receipt');
    const { data, error } = await api.GET('/api/v1/pickup', { params: { query: { receipt } } });
    if (error || !data) return problem(error);
    setFound({ view: data, receipt });
  });
  const view = found?.view;
  return (
    <Page title="Pengambilan dokumen">
      {done && <Notice kind="ok">{done}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={onSubmit} noValidate>
        <Field
          label="Kode QR resi pengambilan dokumen atau nomor registrasi"
          name="receipt"
          autoComplete="off"
          required
          hint="Pindai kode QR, atau ketik nomor seperti 7306-2026-000123"
        />
        <button type="submit" disabled={busy}>
          Periksa
        </button>
      </form>
      {view && (
        <section class="card" aria-labelledby="resi">
          <h2 id="resi">
            {view.number} · {view.service_name}
          </h2>
          <dl class="people">
            <div>
              <dt>Pemohon</dt>
              <dd data-testid="pickup-applicant">
                {view.applicant_name} (NIK {view.applicant_nik ?? '-'})
              </dd>
            </div>
            {view.subject_name !== view.applicant_name && (
              <div>
                <dt>Atas nama</dt>
                <dd>{view.subject_name}</dd>
              </div>
            )}
            <div>
              <dt>Status</dt>
              <dd>{view.state_name}</dd>
            </div>
            <div>
              <dt>Dokumen yang diserahkan</dt>
              <dd>{view.documents.join('; ')}</dd>
            </div>
          </dl>
          <p class="hint">
            Dapat diambil oleh pemohon, anggota keluarga dalam KK yang sama (periksa KTP-el), atau penerima kuasa dengan Surat
            Kuasa F-1.07.
          </p>
          {view.collected && (
            <Notice kind="error">
              Sudah diambil oleh {view.collected.by.name} ({RELATION[view.collected.by.relation]}) pada{' '}
              {when.format(new Date(view.collected.at))}.
            </Notice>
          )}
          {!view.collected && !view.ready && <Notice kind="error">Belum siap diambil.</Notice>}
          {view.ready && (
            <HandOver
              key={view.case_id}
              found={view}
              receipt={found.receipt}
              done={(message) => {
                setFound(undefined);
                setDone(message);
              }}
            />
          )}
        </section>
      )}
    </Page>
  );
}
