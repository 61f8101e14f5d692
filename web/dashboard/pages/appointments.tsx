// The day's appointments at the officer's office, one list per desk (KTP-el recording, IKD
// activation call, document pickup): who is expected when, for which case, and what became of each
// booking. A case's page books, moves, cancels and records a no-show.
import { useState } from 'preact/hooks';
import { api, type Schemas } from '../../shared/api';
import { Notice, Page, useLoad } from '../../shared/ui';

const hour = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Makassar' });
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(new Date());

const STATUS: Record<Schemas['BookingStatus'], string> = {
  booked: 'dijadwalkan',
  attended: 'sudah dilayani',
  cancelled: 'dibatalkan',
  no_show: 'tidak hadir',
};

export function Appointments() {
  const [date, setDate] = useState(today());
  const list = useLoad(() => api.GET('/api/v1/appointments', { params: { query: { date } } }), [date]);
  return (
    <Page title="Janji temu" wide>
      <div class="field">
        <label for="tanggal-janji">Tanggal</label>
        <input id="tanggal-janji" type="date" value={date} onChange={(e) => setDate((e.currentTarget as HTMLInputElement).value)} />
      </div>
      {!list && <p>Memuat…</p>}
      {list?.error && <Notice kind="error">{list.error}</Notice>}
      {list?.data && (
        <>
          <p class="meta">
            {list.data.office_name} · {list.data.label}
          </p>
          {list.data.desks.length === 0 && <p>Kantor ini tidak menerima janji temu.</p>}
          {list.data.desks.map((desk) => (
            <section key={desk.visit} aria-labelledby={`meja-${desk.visit}`}>
              <h2 id={`meja-${desk.visit}`}>{desk.visit_label}</h2>
              <p class="meta">
                {desk.place} · {desk.capacity} orang per sesi · {desk.bookings.length} janji temu
              </p>
              {desk.bookings.length === 0 ? (
                <p>Belum ada janji temu.</p>
              ) : (
                <div class="scroll" tabIndex={0} role="region" aria-label={`Daftar ${desk.visit_label}`}>
                  <table class="data">
                    <thead>
                      <tr>
                        <th scope="col">Jam</th>
                        <th scope="col">Nama</th>
                        <th scope="col">Nomor registrasi</th>
                        <th scope="col">Keterangan</th>
                      </tr>
                    </thead>
                    <tbody>
                      {desk.bookings.map((b) => (
                        <tr key={b.case_id}>
                          <td>
                            {hour.format(new Date(b.start))}–{hour.format(new Date(b.end))}
                          </td>
                          <td>{b.name}</td>
                          <td>
                            <a href={`#/kasus/${b.case_id}`}>{b.number ?? b.case_id}</a>
                          </td>
                          <td>{STATUS[b.status]}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          ))}
        </>
      )}
    </Page>
  );
}
