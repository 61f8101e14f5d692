// The signed-in resident's family as the register has it; NIKs in full only for those they may
// report for.
import { api } from '../../shared/api';
import { Failed, Page, useLoad } from '../../shared/ui';

const born = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'UTC' });

export function Family() {
  const state = useLoad(() => api.GET('/api/v1/me'), []);
  const me = state?.data;
  return (
    <Page title="Keluarga saya">
      {!state && <p>Memuat…</p>}
      {state?.error && <Failed error={state.error} retry={state.retry} />}
      {me && <p class="meta">Menurut data kependudukan Dukcapil. Data yang keliru dapat diajukan perbaikannya.</p>}
      <ul class="plain">
        {me?.family?.map((m) => (
          <li class="card" key={m.nik}>
            <h2>{m.name}</h2>
            <p class="meta">
              {m.shdk_label} · NIK {m.nik}
              {m.birth_date && <> · lahir {born.format(new Date(m.birth_date))}</>}
            </p>
            {!m.may_report_for && <p class="hint">Anggota ini melaporkan layanannya sendiri.</p>}
          </li>
        ))}
      </ul>
    </Page>
  );
}
