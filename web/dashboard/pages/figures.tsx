// The figures of the officer's Dinas: the open cases per service and state now; for the month,
// how often each step was taken, the share delivered within the time standard and the
// satisfaction index. Counts are drawn as bars.
import { useState } from 'preact/hooks';
import { api } from '../../shared/api';
import { Notice, Page, useLoad } from '../../shared/ui';

function thisMonth() {
  return new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', timeZone: 'Asia/Makassar' }).format(new Date());
}

export function Figures() {
  const [month, setMonth] = useState(thisMonth());
  const state = useLoad(() => api.GET('/api/v1/figures', { params: { query: { month } } }), [month]);
  const [figures, error] = [state?.data, state?.error];
  const counts = figures?.services.flatMap((s) => [...Object.values(s.actions), ...Object.values(s.open_by_state)]);
  const most = Math.max(1, ...(counts ?? []));
  const bars = (caption: string, rows: Record<string, number>) =>
    Object.keys(rows).length > 0 && (
      <table class="bars">
        <caption>{caption}</caption>
        <tbody>
          {Object.entries(rows).map(([label, n]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>
                <span class="bar" style={{ width: `${(n / most) * 85}%` }} />
                {n}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  return (
    <Page title="Angka layanan">
      <div class="field">
        <label for="bulan">Bulan</label>
        <input id="bulan" type="month" value={month} onChange={(e) => setMonth(e.currentTarget.value)} />
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {figures?.services.length === 0 && <p>Belum ada permohonan terbuka atau kegiatan pada bulan ini.</p>}
      {figures?.services.map((s) => (
        <section class="card" key={s.service} aria-labelledby={`s-${s.service}`}>
          <h2 id={`s-${s.service}`}>{s.name}</h2>
          <p>
            Selesai tepat waktu: <strong>{s.delivered_on_time}</strong>, terlambat: <strong>{s.delivered_late}</strong>
            {s.share_on_time != null && <> ({Math.round(s.share_on_time * 100)}% sesuai standar waktu)</>}
          </p>
          {s.satisfaction && (
            <p>
              Indeks kepuasan (IKM): <strong>{s.satisfaction.value.toFixed(2)}</strong> · mutu {s.satisfaction.grade} (
              {s.satisfaction.label}) dari {s.satisfaction.respondents} responden
            </p>
          )}
          {bars('Permohonan terbuka per tahap (saat ini)', s.open_by_state)}
          {bars(
            'Tindakan bulan ini',
            Object.fromEntries(Object.entries(s.actions).map(([code, n]) => [s.action_names[code] ?? code, n])),
          )}
        </section>
      ))}
    </Page>
  );
}
