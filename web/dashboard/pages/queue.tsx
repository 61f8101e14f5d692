import { useEffect, useState } from 'preact/hooks';
import { api, problem, type Schemas } from '../../shared/api';
import { go } from '../../shared/nav';
import { Field, Notice, Page, text, useLoad, useSubmit } from '../../shared/ui';

/** "sisa 3 jam 20 menit" or "lewat 45 menit": the time to a deadline, as an officer reads it. */
export function countdown(due: string, now = Date.now()): string {
  const minutes = Math.round((new Date(due).getTime() - now) / 60_000);
  const span = Math.abs(minutes);
  const days = Math.floor(span / 1440);
  const hours = Math.floor((span % 1440) / 60);
  const parts = [days && `${days} hari`, hours && `${hours} jam`, `${span % 60} menit`].filter(Boolean);
  return `${minutes >= 0 ? 'sisa' : 'lewat'} ${parts.join(' ')}`;
}

/** Who a case is about and who applied, as a list names them ("Bayi, pemohon Andi"). */
function who(c: Schemas['CaseSummary']): string {
  return c.subject_name === c.applicant_name ? c.applicant_name : `${c.subject_name}, pemohon ${c.applicant_name}`;
}

/** The queue is read again every minute, so countdowns, badges and new work stay current. */
const REFRESH_MS = 60_000;

/** Cases per page of the queue. */
const PAGE = 25;

export function Queue() {
  const [minute, setMinute] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setMinute((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  // The cursors of the pages before this one; the first page has none.
  const [trail, setTrail] = useState<string[]>([]);
  const after = trail[trail.length - 1];
  const loaded = useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/queue', { params: { query: { after, limit: PAGE } } });
    return { data: data && { after, queue: data }, error };
  }, [minute, after]);
  // The page asked for, never the one before it while the next one loads; an error is for the
  // page asked for.
  const page = loaded?.data;
  const queue = page && page.after === after ? page.queue : undefined;
  const [found, setFound] = useState<Schemas['CaseSummary'][]>();
  const { error: searchError, onSubmit: search } = useSubmit(async (form) => {
    const { data, error } = await api.GET('/api/v1/search', { params: { query: { q: text(form, 'q') } } });
    if (error || !data) return problem(error);
    if (data.length === 1) return go(`/kasus/${data[0].id}`);
    setFound(data);
  });
  const error = searchError ?? loaded?.error;
  return (
    <Page title="Antrian">
      <form role="search" class="actions" onSubmit={search}>
        <Field label="Cari nomor registrasi atau NIK pemohon" name="q" placeholder="7306-2026-000123" required />
        <button type="submit" class="secondary">
          Cari
        </button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {found && (
        <section aria-labelledby="hasil">
          <h2 id="hasil">Hasil pencarian</h2>
          {found.length === 0 && <p role="status">Tidak ada permohonan yang cocok di kantor Anda.</p>}
          <ul>
            {found.map((c) => (
              <li key={c.id}>
                <a href={`#/kasus/${c.id}`}>
                  {c.number ?? 'Draf'} · {c.service_name} · {who(c)} · {c.state_name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {!queue && !error && <p>Memuat antrian…</p>}
      {queue && (
        <>
          <p class="meta">
            {queue.office_name} · {queue.total} permohonan · {queue.near_deadline} mendekati tenggat ·{' '}
            {queue.past_deadline} lewat tenggat
          </p>
          {queue.items.length === 0 && <p>Tidak ada pekerjaan untuk peran Anda saat ini.</p>}
          {(trail.length > 0 || queue.next) && queue.items.length > 0 && (
            <p class="meta">
              Menampilkan {trail.length * PAGE + 1}–{trail.length * PAGE + queue.items.length} dari {queue.total}, yang
              paling dekat tenggatnya lebih dulu
            </p>
          )}
          <ul class="plain">
            {queue.items.map((c) => (
              <li class="card" key={c.id}>
                <h2>
                  <a href={`#/kasus/${c.id}`}>
                    {c.number ?? c.id} · {c.service_name}
                  </a>
                </h2>
                <p class="meta">
                  {c.subject_name !== c.applicant_name && <>Atas nama {c.subject_name} · </>}
                  Pemohon {c.applicant_name} ({c.applicant_nik ?? 'tanpa NIK'}) · {c.state_name}
                </p>
                {c.possible_duplicate && (
                  <p>
                    <strong class="badge warn">Kemungkinan laporan ganda</strong> periksa permohonan lain atas peristiwa yang sama
                  </p>
                )}
                {c.state_due && (
                  <p>
                    {c.past_deadline ? (
                      <strong class="badge bad">Lewat tenggat</strong>
                    ) : c.near_deadline ? (
                      <strong class="badge warn">Mendekati tenggat</strong>
                    ) : null}{' '}
                    Tenggat tahap ini: {countdown(c.state_due)}
                  </p>
                )}
              </li>
            ))}
          </ul>
          {(trail.length > 0 || queue.next) && (
            <nav class="actions" aria-label="Halaman antrian">
              {trail.length > 0 && (
                <button type="button" class="secondary" onClick={() => setTrail(trail.slice(0, -1))}>
                  Halaman sebelumnya
                </button>
              )}
              {queue.next && (
                <button type="button" class="secondary" onClick={() => setTrail([...trail, queue.next!])}>
                  Halaman berikutnya
                </button>
              )}
            </nav>
          )}
        </>
      )}
    </Page>
  );
}
