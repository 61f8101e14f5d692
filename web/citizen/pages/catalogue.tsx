import { api, session, type Schemas } from '../../shared/api';
import { Notice, Page, useLoad } from '../../shared/ui';

type ServiceView = Schemas['ServiceView'];

/** Where a service that does not start online is asked for. */
const COUNTER: Partial<Record<Schemas['Channel'], string>> = {
  loket_desa: 'loket Adminduk Online di kantor desa/kelurahan tempat Anda terdaftar',
  loket_kecamatan: 'loket Adminduk Online di kantor kecamatan',
  loket_dinas: 'loket pelayanan Dinas Dukcapil',
  datang_langsung: 'kantor layanan, dengan datang langsung',
};

/** Services meant for residents (not those of institutions or of a Dinas to the province). */
const forResidents = (s: ServiceView) => s.requesters.some((r) => r === 'pengguna_pribadi' || r === 'masyarakat');
/** Whether a resident starts it here (online, or the WhatsApp channel's form). */
const online = (s: ServiceView) => forResidents(s) && s.channels.some((c) => c === 'online' || c === 'whatsapp');
/** The counters a service is asked for at, in words. */
const counters = (s: ServiceView) => s.channels.map((c) => COUNTER[c]).filter(Boolean).join(', atau ');

const NEED: Record<Schemas['Need'], string> = {
  mandatory: 'Wajib',
  conditional: 'Bila berlaku',
  if_available: 'Jika ada',
};

export function Catalogue() {
  const state = useLoad(() => api.GET('/api/v1/catalogue'), []);
  return (
    <Page title="Layanan">
      {!state && <p>Memuat daftar layanan…</p>}
      {state?.error && <Notice kind="error">{state.error}</Notice>}
      <ul class="plain">
        {state?.data?.filter(forResidents).map((s: ServiceView) => (
          <li class="card" key={s.code}>
            <h2>
              <a href={`/layanan/${s.code}`}>{s.name}</a>
            </h2>
            <p class="meta">
              {s.fee_label} · selesai dalam {s.time_standard_label}
              {!online(s) && <> · diajukan di loket</>}
            </p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function Service({ code }: { code: string }) {
  const state = useLoad(() => api.GET('/api/v1/catalogue/{service}', { params: { path: { service: code } } }), [code]);
  const s = state?.data;
  return (
    <Page title={s?.name ?? 'Layanan'}>
      {!state && <p>Memuat…</p>}
      {state?.error && <Notice kind="error">{state.error}</Notice>}
      {s && (
        <>
          <p>{s.description}</p>
          {online(s) ? (
            <p>
              {session.get() ? (
                <a href={`/ajukan/${s.code}`}>Ajukan permohonan</a>
              ) : (
                <a href="/masuk">Masuk untuk mengajukan permohonan</a>
              )}
            </p>
          ) : (
            <Notice kind="ok">
              Layanan ini tidak diajukan melalui situs ini: datang ke {counters(s) || 'kantor layanan'} dengan membawa persyaratan
              di bawah ini. Petugas menginput dan mengunggah berkas Anda, dan Anda menerima SMS di setiap tahap; permohonannya
              tampil di akun Anda.
            </Notice>
          )}
          <p class="meta">
            Biaya: {s.fee_label} · Waktu penyelesaian: {s.time_standard_label}
          </p>
          <h2>Siapa yang dapat melapor</h2>
          <ul>
            {s.reporter_rules.summary.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {s.variants.map((v) => (
            <section class="card" key={v.code} aria-labelledby={`v-${v.code}`}>
              <h2 id={`v-${v.code}`}>{v.name}</h2>
              <p class="meta">Waktu penyelesaian: {v.time_standard_label}</p>
              <h3>Persyaratan</h3>
              <ul>
                {v.requirements.map((r) => (
                  <li key={r.document}>
                    {r.name} <strong>({NEED[r.need]}{r.condition ? `: ${r.condition}` : ''})</strong>
                    {r.note && <span class="hint"> — {r.note}</span>}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </Page>
  );
}
