// The audit log for the Dinas's admin and inspector: who did or read what, on whom, when and from
// where (UU 27/2022), newest first, filtered by action, actor, subject and days, and saved as CSV.
import { useState } from 'preact/hooks';
import { api, asJson, problem, type Schemas } from '../../shared/api';
import { Notice, Page, saveCsv, useLoad } from '../../shared/ui';

type Filter = { action?: string; actor?: string; subject?: string; from?: string; to?: string };

/** What an entry's action code means, in words; an unknown one shows its code. */
const ACTIONS: Record<string, string> = {
  case_viewed: 'Membuka permohonan',
  document_viewed: 'Melihat berkas',
  case_search: 'Mencari permohonan',
  pickup_lookup: 'Mencari tanda terima pengambilan',
  register_lookup: 'Mencari data register',
  personal_data_exported: 'Mengunduh data pribadi sendiri',
  machine_call: 'Panggilan sistem',
  batch_verification: 'Verifikasi NIK massal',
  integration_answer: 'Jawaban sistem terkait',
  login: 'Masuk',
  login_failed: 'Gagal masuk',
  logout: 'Keluar',
  refresh_token_reused: 'Token sesi dipakai ulang',
  account_registered: 'Mendaftar akun',
  account_activated: 'Mengaktifkan akun',
  password_reset: 'Mengatur ulang kata sandi',
  account_recovered_at_counter: 'Memulihkan akun di loket',
  officer_created: 'Membuat akun petugas',
  officer_roles_changed: 'Mengubah peran petugas',
  officer_office_changed: 'Memindahkan kantor petugas',
  officer_disabled: 'Menonaktifkan petugas',
  officer_enabled: 'Mengaktifkan petugas',
  officer_totp_reset: 'Mengatur ulang TOTP petugas',
  institution_created: 'Membuat instansi',
  pks_renewed: 'Memperbarui PKS',
  institution_user_created: 'Membuat akun Pengguna Instansi',
  institution_user_disabled: 'Menonaktifkan Pengguna Instansi',
  institution_user_enabled: 'Mengaktifkan Pengguna Instansi',
  client_created: 'Membuat klien mesin',
  client_secret_rotated: 'Mengganti rahasia klien',
  client_scopes_changed: 'Mengubah cakupan klien',
  client_disabled: 'Menonaktifkan klien mesin',
  client_enabled: 'Mengaktifkan klien mesin',
  webhook_set: 'Memasang webhook',
  webhook_removed: 'Melepas webhook',
  report_submitted: 'Mengirim laporan bulanan',
  message_resent: 'Mengirim ulang pesan gagal',
};

const when = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Asia/Makassar' });

export function AuditLog() {
  const [filter, setFilter] = useState<Filter>({});
  const [error, setError] = useState<string>();
  const query = { ...filter, limit: 200 };
  const state = useLoad(() => asJson(api.GET('/api/v1/admin/audit', { params: { query } })), [JSON.stringify(filter)]);
  const entries: Schemas['AuditLine'][] = state?.data ?? [];
  async function exportCsv() {
    const { data, error } = await api.GET('/api/v1/admin/audit', {
      params: { query: { ...query, limit: 1000, format: 'csv' } },
      parseAs: 'text',
    });
    if (error || data === undefined) return setError(problem(error));
    saveCsv('log-audit.csv', data);
  }
  return (
    <Page title="Log audit" wide>
      <p>Siapa membaca atau mengubah data pribadi, kapan, dari mana, dan untuk permohonan apa. NIK selalu disamarkan.</p>
      <form
        role="search"
        aria-label="Saring log audit"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
          setError(undefined);
          setFilter({ action: value('action'), actor: value('actor'), subject: value('subject'), from: value('from'), to: value('to') });
        }}
      >
        <div class="field">
          <label for="audit-tindakan">Tindakan</label>
          <select id="audit-tindakan" name="action" defaultValue={filter.action ?? ''}>
            <option value="">Semua tindakan</option>
            {Object.entries(ACTIONS).map(([code, words]) => (
              <option key={code} value={code}>
                {words}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-pelaku">Pelaku (ID akun atau klien)</label>
          <input id="audit-pelaku" name="actor" defaultValue={filter.actor} />
        </div>
        <div class="field">
          <label for="audit-subjek">Subjek (ID permohonan, NIK tersamar, nomor)</label>
          <input id="audit-subjek" name="subject" defaultValue={filter.subject} />
        </div>
        <div class="field">
          <label for="audit-dari">Dari tanggal</label>
          <input id="audit-dari" name="from" type="date" defaultValue={filter.from} />
        </div>
        <div class="field">
          <label for="audit-sampai">Sampai tanggal</label>
          <input id="audit-sampai" name="to" type="date" defaultValue={filter.to} />
        </div>
        <div class="actions">
          <button type="submit">Saring</button>
          <button type="button" class="secondary" onClick={() => void exportCsv()}>
            Unduh CSV
          </button>
        </div>
      </form>
      {(state?.error || error) && <Notice kind="error">{state?.error ?? error}</Notice>}
      {!state && <p>Memuat…</p>}
      {state?.data && entries.length === 0 && <p>Tidak ada entri untuk saringan ini.</p>}
      {entries.length > 0 && (
        <div class="scroll">
        <table class="data">
          <caption>{entries.length} entri terbaru</caption>
          <thead>
            <tr>
              <th scope="col">Waktu (WITA)</th>
              <th scope="col">Pelaku</th>
              <th scope="col">Tindakan</th>
              <th scope="col">Subjek</th>
              <th scope="col">Alamat</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={e.at + i} data-testid="entri-audit">
                <td>{when.format(new Date(e.at))}</td>
                <td>
                  {e.actor_name ?? 'Anonim'} <small>({e.actor})</small>
                </td>
                <td>{ACTIONS[e.action] ?? e.action}</td>
                <td>
                  {e.subject}
                  {typeof e.detail === 'object' && e.detail && 'number' in e.detail && e.detail.number ? (
                    <small> · {String(e.detail.number)}</small>
                  ) : null}
                </td>
                <td>{e.client_address ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </Page>
  );
}
