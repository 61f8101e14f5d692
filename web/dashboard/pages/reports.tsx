// Monthly Adminduk reports (seed 002). The province's officers see every kabupaten/kota's month
// in one table (who reported on time, late or not at all, with on-time rates, IKM and blank
// stock), open a report down to its services and steps, and export CSV. A Dinas kabupaten's
// Kepala Dinas reviews the report computed from the Dinas's own services here, fills in the blank
// stock the system cannot know, and submits it; a changed report is sent again as a new version.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, asJson, problem, type Schemas } from '../../shared/api';
import { go, link } from '../../shared/nav';
import { Notice, Page, saveCsv, useLoad, useSubmit } from '../../shared/ui';

type Report = Schemas['MonthlyReport'];
type Status = Schemas['ReportStatus'];

const STATUS: Record<Status, [string, string]> = {
  tepat_waktu: ['Tepat waktu', 'good'],
  terlambat: ['Terlambat', 'warn'],
  tidak_masuk: ['Tidak masuk', 'bad'],
  belum_jatuh_tempo: ['Belum jatuh tempo', 'neutral'],
};

function StatusBadge({ status }: { status: Status }) {
  const [label, kind] = STATUS[status];
  return <span class={`badge ${kind}`}>{label}</span>;
}

/** The month before this one (Makassar time): the latest a report can be about. */
function lastMonth() {
  const [y, m] = new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', timeZone: 'Asia/Makassar' })
    .format(new Date())
    .split('-')
    .map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const percent = (share?: number | null) => (share == null ? '–' : `${Math.round(share * 1000) / 10}%`);
const date = (iso: string) => new Date(iso).toLocaleString('id-ID', { dateStyle: 'medium', timeStyle: 'short' });
const share = (onTime = 0, late = 0) => (onTime + late > 0 ? onTime / (onTime + late) : null);
const words = (code: string) => code.replace(/_/g, ' ');

function MonthPicker({ month, chosen }: { month: string; chosen: (m: string) => void }) {
  return (
    <div class="field">
      <label for="bulan">Bulan laporan</label>
      <input id="bulan" type="month" value={month} onChange={(e) => e.currentTarget.value && chosen(e.currentTarget.value)} />
    </div>
  );
}

function Table({ caption, head, children }: { caption: string; head: string[]; children: ComponentChildren }) {
  return (
    // A wide table scrolls on its own, reachable by keyboard.
    <div class="scroll" tabIndex={0} role="region" aria-label={caption}>
      <table class="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A report's figures: services, each service's steps (opened on demand), documents, the rest. */
function Figures({ report, names }: { report: Report; names: Record<string, string> }) {
  const services = report.services ?? [];
  const steps = report.steps ?? [];
  const blanks = report.blanks;
  return (
    <>
      {services.length === 0 && <p>Tidak ada permohonan pada bulan ini.</p>}
      {services.length > 0 && (
        <Table caption="Permohonan per layanan" head={['Layanan', 'Diterima', 'Selesai', 'Ditolak', 'Batal', 'Tepat waktu']}>
          {services.map((s) => (
            <tr key={s.service}>
              <th scope="row">{names[s.service] ?? s.service}</th>
              <td>{s.received ?? 0}</td>
              <td>{s.completed ?? 0}</td>
              <td>{s.rejected ?? 0}</td>
              <td>{s.cancelled ?? 0}</td>
              <td>{percent(share(s.on_time, s.late))}</td>
            </tr>
          ))}
        </Table>
      )}
      {[...new Set(steps.map((s) => s.service))].map((service) => (
        <details class="card" key={service}>
          <summary>Ketepatan waktu per tahap: {names[service] ?? service}</summary>
          <table class="bars steps">
            <tbody>
              {steps
                .filter((s) => s.service === service)
                .map((s) => {
                  const rate = share(s.on_time, s.late);
                  return (
                    <tr key={s.step}>
                      <th scope="row">{words(s.step)}</th>
                      <td>
                        <span class="bar" style={{ width: `${(rate ?? 0) * 40}%` }} />
                        {percent(rate)} <small>({s.on_time ?? 0} tepat, {s.late ?? 0} terlambat)</small>
                      </td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </details>
      ))}
      {(report.documents ?? []).length > 0 && (
        <Table caption="Dokumen terbit" head={['Dokumen', 'Jumlah']}>
          {(report.documents ?? []).map((d) => (
            <tr key={d.product}>
              <th scope="row">{d.product}</th>
              <td>{d.count}</td>
            </tr>
          ))}
        </Table>
      )}
      <dl class="people">
        <div>
          <dt>IKM</dt>
          <dd>
            {report.satisfaction
              ? `${report.satisfaction.index.toFixed(2)} dari ${report.satisfaction.respondents} responden`
              : 'Belum ada survei'}
          </dd>
        </div>
        <div>
          <dt>Pengaduan</dt>
          <dd>
            {report.complaints?.received ?? 0} diterima, {report.complaints?.answered ?? 0} dijawab
          </dd>
        </div>
        <div>
          <dt>Blangko KTP-el</dt>
          <dd>
            {blanks?.received ?? 0} diterima, {blanks?.used ?? 0} terpakai, {blanks?.damaged ?? 0} rusak, stok akhir{' '}
            {blanks?.stock ?? 0}
          </dd>
        </div>
      </dl>
    </>
  );
}

/** The province's table of a month: every kabupaten/kota, missing and late reports marked. */
function ProvinceTable({ month }: { month: string }) {
  const state = useLoad(() => asJson(api.GET('/api/v1/reports', { params: { query: { month } } })), [month]);
  const [error, setError] = useState<string>();
  const rows = state?.data?.rows ?? [];
  const count = (s: Status) => rows.filter((r) => r.status === s).length;
  async function exportCsv() {
    const { data, error } = await api.GET('/api/v1/reports', { params: { query: { month, format: 'csv' } }, parseAs: 'text' });
    if (error || data === undefined) return setError(problem(error));
    saveCsv(`laporan-bulanan-${month}.csv`, data);
  }
  return (
    <Page title="Laporan bulanan kabupaten/kota" wide>
      <MonthPicker month={month} chosen={(m) => go(`/laporan?bulan=${m}`)} />
      {(state?.error || error) && <Notice kind="error">{state?.error ?? error}</Notice>}
      {state?.data && (
        <>
          <p>
            Batas pengiriman: <strong>{new Date(state.data.due).toLocaleDateString('id-ID', { dateStyle: 'long' })}</strong>.
            Tepat waktu: <strong>{count('tepat_waktu')}</strong> · terlambat: <strong>{count('terlambat')}</strong> · tidak
            masuk: <strong>{count('tidak_masuk')}</strong> · belum jatuh tempo: <strong>{count('belum_jatuh_tempo')}</strong>
          </p>
          <p>
            <button type="button" class="secondary" onClick={() => void exportCsv()}>
              Unduh CSV
            </button>
          </p>
          {rows.some((r) => r.share_on_time != null) && (
            <table class="bars">
              <caption>Layanan selesai sesuai standar waktu</caption>
              <tbody>
                {rows
                  .filter((r) => r.share_on_time != null)
                  .map((r) => (
                    <tr key={r.office}>
                      <th scope="row">{r.office_name}</th>
                      <td>
                        <span class="bar" style={{ width: `${(r.share_on_time ?? 0) * 70}%` }} />
                        {percent(r.share_on_time)}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
          <Table caption="Semua kabupaten/kota" head={['Kabupaten/kota', 'Status', 'Versi', 'Diterima', 'Tepat waktu', 'IKM', 'Stok blangko']}>
            {rows.map((r) => (
              <tr key={r.office}>
                <th scope="row">
                  <a href={link(`/laporan/${r.office}/${month}`)}>{r.office_name}</a>
                </th>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>{r.version ?? '–'}</td>
                <td>{r.received ?? '–'}</td>
                <td>{percent(r.share_on_time)}</td>
                <td>{r.satisfaction?.toFixed(2) ?? '–'}</td>
                <td>{r.blank_stock ?? '–'}</td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </Page>
  );
}

/** The Kepala Dinas's review: the computed report, the blank stock filled in, then sent. */
function Review({
  office,
  month,
  computed,
  blanks,
  names,
  sent,
}: {
  office: string;
  month: string;
  computed: Report;
  /** The blank figures to start from: the sent version's, or none yet. */
  blanks?: Schemas['Blanks'];
  names: Record<string, string>;
  sent: (version: number) => void;
}) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const number = (name: string) => Math.max(0, Math.floor(Number(form.get(name) ?? 0) || 0));
    const body: Report = {
      ...computed,
      blanks: { received: number('diterima'), used: number('terpakai'), damaged: number('rusak'), stock: number('stok') },
    };
    const { data, error } = await api.PUT('/api/v1/reports/{office}/{month}', { params: { path: { office, month } }, body });
    if (error || !data) return problem(error);
    sent(data.version);
  });
  const blank = (name: string, label: string, value?: number) => (
    <div class="field">
      <label for={`blangko-${name}`}>{label}</label>
      {/* A starting value, not a bound one: a redraw while the page loads keeps what was typed. */}
      <input id={`blangko-${name}`} name={name} type="number" min={0} inputMode="numeric" class="short" defaultValue={String(value ?? 0)} />
    </div>
  );
  return (
    <form class="card" onSubmit={onSubmit} noValidate aria-labelledby="tinjau">
      <h2 id="tinjau">Tinjau dan kirim laporan</h2>
      <p class="hint">
        Angka layanan di bawah dihitung dari permohonan di sistem ini. Lengkapi data blangko KTP-el, periksa, lalu kirim.
        Laporan yang sudah terkirim dapat diperbaiki dengan mengirim versi baru.
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      <Figures report={computed} names={names} />
      <fieldset>
        <legend>Blangko KTP-el bulan ini</legend>
        {blank('diterima', 'Diterima dari provinsi', blanks?.received)}
        {blank('terpakai', 'Terpakai (dihitung dari KTP-el yang terbit)', blanks?.used ?? computed.blanks?.used)}
        {blank('rusak', 'Rusak', blanks?.damaged)}
        {blank('stok', 'Stok akhir bulan', blanks?.stock)}
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? 'Mengirim…' : 'Kirim laporan'}
      </button>
    </form>
  );
}

/** One Dinas's report on a month: its status, versions and figures; the live figures beside. */
function ReportDetail({ office, month, version, kadis }: { office: string; month: string; version?: number; kadis: boolean }) {
  const [reloads, setReloads] = useState(0);
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState<number>();
  const query = version ? { version } : {};
  const state = useLoad(
    () => asJson(api.GET('/api/v1/reports/{office}/{month}', { params: { path: { office, month }, query } })),
    [office, month, version, reloads],
  );
  const computed = useLoad(
    () => api.GET('/api/v1/reports/{office}/{month}/computed', { params: { path: { office, month } } }),
    [office, month],
  );
  const catalogue = useLoad(() => api.GET('/api/v1/catalogue'), []);
  const names = Object.fromEntries((catalogue?.data ?? []).map((s) => [s.code, s.name]));
  const view = state?.data;
  const current = view?.current;
  async function exportCsv() {
    if (!current) return;
    const { data, error } = await api.GET('/api/v1/reports/{office}/{month}', {
      params: { path: { office, month }, query: { version: current.version, format: 'csv' } },
      parseAs: 'text',
    });
    if (error || data === undefined) return setError(problem(error));
    saveCsv(`laporan-${office}-${month}-v${current.version}.csv`, data);
  }
  const live = computed?.data;
  return (
    <Page title={view ? `Laporan ${view.office_name}` : 'Laporan bulanan'} wide>
      <MonthPicker month={month} chosen={(m) => go(`/laporan/${office}/${m}`)} />
      {(state?.error || error) && <Notice kind="error">{state?.error ?? error}</Notice>}
      {sent && <Notice kind="ok">Laporan versi {sent} terkirim ke Dinas Dukcapil Provinsi Sulawesi Selatan.</Notice>}
      {view && (
        <section class="card" aria-labelledby="status-laporan">
          <h2 id="status-laporan">
            Bulan {view.month} <StatusBadge status={view.status} />
          </h2>
          <p class="meta">
            Batas pengiriman {new Date(view.due).toLocaleDateString('id-ID', { dateStyle: 'long' })}
            {view.satisfaction_grade && <> · mutu pelayanan {view.satisfaction_grade}</>}
          </p>
          {view.versions.length > 0 ? (
            <ul>
              {view.versions.map((v) => (
                <li key={v.version}>
                  {v.version === current?.version ? (
                    <strong>Versi {v.version} (ditampilkan)</strong>
                  ) : (
                    <a href={link(`/laporan/${office}/${month}?versi=${v.version}`)}>Versi {v.version}</a>
                  )}
                  , dikirim {date(v.submitted_at)} melalui {v.channel === 'api' ? 'sistem (API)' : 'dasbor'}
                </li>
              ))}
            </ul>
          ) : (
            <p>Laporan bulan ini belum dikirim.</p>
          )}
          {current && (
            <button type="button" class="secondary" onClick={() => void exportCsv()}>
              Unduh CSV versi {current.version}
            </button>
          )}
        </section>
      )}
      {current && <Figures report={current.report} names={names} />}
      {kadis && live && view && (
        // Once a version is in, a correction is there to open, starting from what was sent.
        <details class="correction" open={view.versions.length === 0}>
          <summary>{view.versions.length === 0 ? 'Tinjau dan kirim' : 'Perbaiki laporan: kirim versi baru'}</summary>
          <Review
            office={office}
            month={month}
            computed={live}
            blanks={current?.report.blanks}
            names={names}
            sent={(v) => {
              setSent(v);
              setReloads((n) => n + 1);
            }}
          />
        </details>
      )}
      {!kadis && live && (live.services ?? []).length > 0 && (
        <section class="card" aria-labelledby="langsung">
          <h2 id="langsung">Angka langsung dari layanan di sistem ini</h2>
          <p class="hint">Dihitung dari permohonan bulan {month}; belum tentu sama dengan laporan yang dikirim.</p>
          <Figures report={live} names={names} />
        </section>
      )}
    </Page>
  );
}

/** `#/laporan`: the province's table, or one's own Dinas's report; `#/laporan/{office}/{month}`. */
export function Reports({ office, month, query }: { office?: string; month?: string; query: URLSearchParams }) {
  const me = useLoad(() => api.GET('/api/v1/me'), []);
  if (me?.error) return <Notice kind="error">{me.error}</Notice>;
  if (!me?.data) return <p>Memuat…</p>;
  const own = me.data.office ?? '';
  const kadis = (me.data.roles ?? []).includes('kadis');
  const chosen = month ?? query.get('bulan') ?? lastMonth();
  const version = Number(query.get('versi')) || undefined;
  if (office) return <ReportDetail office={office} month={chosen} version={version} kadis={kadis && office === own} />;
  if (!own.includes('.')) return <ProvinceTable month={chosen} />;
  if (own.split('.').length === 2) return <ReportDetail office={own} month={chosen} version={version} kadis={kadis} />;
  return (
    <Page title="Laporan bulanan">
      <p>Laporan bulanan dibaca dan dikirim di tingkat Dinas.</p>
    </Page>
  );
}
