// The month's figures of the officer's Dinas: how often each step was taken per service, and
// the share of services delivered within their time standard, drawn as bars.
import { useEffect, useState } from 'preact/hooks';
import { api, problem, type Schemas } from '../../shared/api';
import { Notice, Page } from '../../shared/ui';

function thisMonth() {
  return new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', timeZone: 'Asia/Makassar' }).format(new Date());
}

export function Figures() {
  const [month, setMonth] = useState(thisMonth());
  const [figures, setFigures] = useState<Schemas['Figures']>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api
      .GET('/api/v1/figures', { params: { query: { month } } })
      .then(({ data, error }) => (error ? setError(problem(error)) : (setError(undefined), setFigures(data))))
      .catch((e) => setError(problem(e)));
  }, [month]);
  const most = Math.max(1, ...(figures?.services.flatMap((s) => Object.values(s.actions)) ?? []));
  return (
    <Page title="Angka layanan">
      <div class="field">
        <label for="bulan">Bulan</label>
        <input id="bulan" type="month" value={month} onChange={(e) => setMonth(e.currentTarget.value)} />
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {figures?.services.length === 0 && <p>Belum ada kegiatan pada bulan ini.</p>}
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
          <table class="bars">
            <caption>Tindakan per tahap</caption>
            <tbody>
              {Object.entries(s.actions).map(([action, n]) => (
                <tr key={action}>
                  <th scope="row">{action}</th>
                  <td>
                    <span class="bar" style={{ width: `${(n / most) * 100}%` }} />
                    {n}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Page>
  );
}
