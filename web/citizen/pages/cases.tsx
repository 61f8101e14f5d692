import { api } from '../../shared/api';
import { Failed, Notice, Page, useLoad } from '../../shared/ui';

const date = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Makassar' });

/** The reporter's applications; `notice` confirms what was just done (a draft deleted). */
export function Cases({ notice }: { notice?: string }) {
  const state = useLoad(() => api.GET('/api/v1/cases'), []);
  return (
    <Page title="Permohonan saya">
      {notice && <Notice kind="ok">{notice}</Notice>}
      {!state && <p>Memuat…</p>}
      {state?.error && <Failed error={state.error} retry={state.retry} />}
      {state?.data?.length === 0 && (
        <>
          <p>Belum ada permohonan. Pilih layanan untuk memulai.</p>
          <a class="button" href="/layanan">
            Pilih layanan
          </a>
        </>
      )}
      <ul class="plain">
        {state?.data?.map((c) => (
          <li class="card" key={c.id}>
            <h2>
              <a href={`/permohonan/${c.id}`}>{c.service_name}</a>
            </h2>
            <p class="meta">
              {c.number ?? 'Draf'} · {c.subject_name !== c.applicant_name ? `${c.subject_name} · pemohon ${c.applicant_name}` : c.applicant_name}
            </p>
            <p>
              Status: <strong>{c.state_name}</strong>
              {c.service_due && !c.closed && <> · dijanjikan selesai {date.format(new Date(c.service_due))}</>}
            </p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
