// The kecamatan's guest book (buku tamu, seed 001): who wrote to its WhatsApp number, what they
// need, and each step of their case with who took it and how long it took against its time
// standard. Without a search it lists the open entries; a registration number, NIK or WhatsApp
// number finds closed ones too.
import { useState } from 'preact/hooks';
import { api, type Schemas } from '../../shared/api';
import { Notice, Page, useLoad } from '../../shared/ui';

const when = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Makassar' });

/** Office time in words: "45 dtk", "12 mnt", "3 jam 5 mnt". */
function took(seconds: number): string {
  if (seconds < 60) return `${seconds} dtk`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} mnt` : `${Math.floor(minutes / 60)} jam ${minutes % 60} mnt`;
}

function Steps({ steps }: { steps: Schemas['StepTime'][] }) {
  return (
    <ol class="steps">
      {steps.map((s) => (
        <li key={s.state + s.entered_at}>
          <strong>{s.state_name}</strong>: {took(s.seconds)}
          {s.standard_seconds != null && <> dari standar {took(s.standard_seconds)}</>}
          {s.kept === false && <span class="late"> (melewati standar)</span>}
          {s.left_at == null && ' (sedang berjalan)'}
          {s.by && <> · oleh {s.by}</>}
        </li>
      ))}
    </ol>
  );
}

export function GuestBook() {
  const [query, setQuery] = useState('');
  const list = useLoad(() => api.GET('/api/v1/guest-book', { params: { query: query ? { q: query } : {} } }), [query]);
  return (
    <Page title="Buku tamu WhatsApp" wide>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(String(new FormData(e.currentTarget).get('q') ?? '').trim());
        }}
      >
        <div class="field">
          <label for="cari-buku-tamu">Cari nomor registrasi, NIK atau nomor WhatsApp</label>
          <input id="cari-buku-tamu" name="q" defaultValue={query} />
        </div>
        <div class="actions">
          <button type="submit">Cari</button>
          {query && (
            <button type="button" class="secondary" onClick={() => setQuery('')}>
              Tampilkan yang masih berjalan
            </button>
          )}
        </div>
      </form>
      {!list && <p>Memuat…</p>}
      {list?.error && <Notice kind="error">{list.error}</Notice>}
      {list?.data && list.data.length === 0 && <p>{query ? 'Tidak ditemukan.' : 'Tidak ada buku tamu yang masih berjalan.'}</p>}
      {list?.data?.map((entry) => (
        <section class="card" key={entry.case_id} aria-labelledby={`tamu-${entry.case_id}`} data-testid="buku-tamu">
          <h2 id={`tamu-${entry.case_id}`}>
            <a href={`#/kasus/${entry.case_id}`}>{entry.number ?? entry.case_id}</a> · {entry.name}
          </h2>
          <p class="meta">
            Menyapa {when.format(new Date(entry.greeted_at))} dari {entry.whatsapp ?? '-'}
            {entry.nik_masked && <> · NIK {entry.nik_masked}</>} · {entry.state_name}
          </p>
          {entry.service_wanted && (
            <p>
              <strong>Layanan:</strong> {entry.service_wanted}
              {entry.purpose && <> · {entry.purpose}</>}
            </p>
          )}
          <Steps steps={entry.steps} />
        </section>
      ))}
    </Page>
  );
}
