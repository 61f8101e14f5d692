import { useState } from 'preact/hooks';
import { api, session, type Schemas } from '../../shared/api';
import { Failed, Page, useLoad } from '../../shared/ui';

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

/** The words a search looks in: the name, the other words people use, the topics. */
const words = (s: ServiceView) => [s.name, ...(s.keywords ?? []), ...s.topic_labels].join(' ').toLowerCase();

/** Every word typed must appear (so "akta hilang" finds the lost certificate). */
const matches = (s: ServiceView, query: string) =>
  query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => words(s).includes(w));

function ServiceItem({ s }: { s: ServiceView }) {
  return (
    <li class="card">
      <h3>
        <a href={`/layanan/${s.code}`}>{s.name}</a>
      </h3>
      <p class="meta">
        {s.fee_label} · selesai dalam {s.time_standard_label}
        {!online(s) && <> · diajukan di loket</>}
      </p>
    </li>
  );
}

export function Catalogue() {
  const state = useLoad(() => api.GET('/api/v1/catalogue'), []);
  const [query, setQuery] = useState('');
  const services = (state?.data ?? []).filter(forResidents);
  const found = services.filter((s) => matches(s, query));
  // Each service under its home topic; a search lists what it found in one list.
  const topics = [...new Map(services.map((s) => [s.topics[0], s.topic_labels[0]])).entries()];
  return (
    <Page title="Layanan">
      {!state && <p>Memuat daftar layanan…</p>}
      {state?.error && <Failed error={state.error} retry={state.retry} />}
      <div class="field">
        <label for="cari">Cari layanan</label>
        <input
          id="cari"
          type="search"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          aria-describedby="cari-hint"
          autoComplete="off"
        />
        <small id="cari-hint" class="hint">
          Misalnya: akta lahir, KTP hilang, pindah, meninggal
        </small>
      </div>
      {query.trim() ? (
        <section aria-labelledby="hasil">
          <h2 id="hasil" aria-live="polite">
            {found.length > 0 ? `${found.length} layanan ditemukan` : 'Tidak ada layanan yang cocok'}
          </h2>
          {found.length === 0 && <p>Coba kata lain, atau lihat semua layanan dengan mengosongkan kotak pencarian.</p>}
          <ul class="plain">
            {found.map((s) => (
              <ServiceItem s={s} key={s.code} />
            ))}
          </ul>
        </section>
      ) : (
        topics.map(([topic, label]) => (
          <section key={topic} aria-labelledby={`topik-${topic}`}>
            <h2 id={`topik-${topic}`}>{label}</h2>
            <ul class="plain">
              {services
                .filter((s) => s.topics[0] === topic)
                .map((s) => (
                  <ServiceItem s={s} key={s.code} />
                ))}
            </ul>
          </section>
        ))
      )}
    </Page>
  );
}

/** For the signed-in person: whether they file it here, and for whom in their family. */
function ForMe({ s }: { s: ServiceView }) {
  const state = useLoad(() => api.GET('/api/v1/catalogue/{service}/mine', { params: { path: { service: s.code } } }), [s.code]);
  const chances = state?.data;
  if (state?.error) return <Failed error={state.error} retry={state.retry} />;
  if (!chances) return <p>Memeriksa untuk siapa Anda dapat mengajukan…</p>;
  if (!chances.online) return <AtTheCounter s={s} reason={chances.reason ?? undefined} />;
  const can = chances.members.filter((m) => m.may_file);
  const cannot = chances.members.filter((m) => !m.may_file);
  return (
    <section class="card" aria-labelledby="untuk-siapa">
      <h2 id="untuk-siapa">Untuk siapa Anda dapat mengajukan</h2>
      {chances.members.length === 0 ? (
        <p>Anda dapat mengajukan layanan ini untuk diri Anda sendiri.</p>
      ) : (
        <ul>
          {can.map((m) => (
            <li key={m.name}>
              <strong>{m.name}</strong> ({m.shdk_label})
            </li>
          ))}
        </ul>
      )}
      {cannot.length > 0 && (
        <details class="not-needed">
          <summary>Anggota keluarga yang tidak dapat diajukan ({cannot.length})</summary>
          <ul>
            {cannot.map((m) => (
              <li key={m.name}>
                {m.name} ({m.shdk_label}): {m.why_not}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p>
        <a class="button" href={`/ajukan/${s.code}`}>
          Ajukan permohonan
        </a>
      </p>
    </section>
  );
}

/** A service that starts at a counter: which one, what to bring, when it is open. */
function AtTheCounter({ s, reason }: { s: ServiceView; reason?: string }) {
  const counter = counters(s);
  return (
    <section class="card" aria-labelledby="di-loket">
      <h2 id="di-loket">{counter ? 'Diajukan di loket' : 'Tidak dapat diajukan di sini'}</h2>
      {reason && !counter && <p>{reason}</p>}
      {counter && (
        <>
          <p>
            Datang ke {counter} dengan membawa persyaratan di bawah ini. Petugas menginput dan mengunggah berkas Anda, dan Anda
            menerima SMS di setiap tahap; permohonannya tampil di akun Anda.
          </p>
          {s.office_hours && (
            <p>
              Jam layanan: <strong>{s.office_hours}</strong>, kecuali hari libur.
            </p>
          )}
        </>
      )}
    </section>
  );
}

export function Service({ code }: { code: string }) {
  const state = useLoad(() => api.GET('/api/v1/catalogue/{service}', { params: { path: { service: code } } }), [code]);
  const s = state?.data;
  const signedIn = session.get() !== null;
  return (
    <Page title={s?.name ?? 'Layanan'}>
      {!state && <p>Memuat…</p>}
      {state?.error && <Failed error={state.error} retry={state.retry} />}
      {s && (
        <>
          <p>{s.description}</p>
          {!online(s) ? (
            <AtTheCounter s={s} />
          ) : signedIn ? (
            <ForMe s={s} />
          ) : (
            <p>
              <a class="button" href={`/ajukan/${s.code}`}>
                Masuk untuk mengajukan permohonan
              </a>
            </p>
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
