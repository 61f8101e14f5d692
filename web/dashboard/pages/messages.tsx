// Messages given up on after every retry (a provider down for hours, a mailbox that refuses): the
// admin sees what failed, to whom (masked) and why, and sends them again once the channel works.
// One-time codes are never sent again; the resident asks for a new one.
import { useState } from 'preact/hooks';
import { api, problem } from '../../shared/api';
import { Confirm, Failed, Notice, Page, useLoad } from '../../shared/ui';

const when = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Makassar' });
const CHANNELS: Record<string, string> = { sms: 'SMS', email: 'Email', whatsapp: 'WhatsApp' };
/** A template's key in words ("kode_aktivasi": "Kode aktivasi"), where an SMS has no subject. */
const words = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, ' ');

export function FailedMessages() {
  const [reload, setReload] = useState(0);
  const [done, setDone] = useState<string>();
  const list = useLoad(() => api.GET('/api/v1/admin/messages/failed'), [reload]);
  const messages = list?.data ?? [];
  return (
    <Page title="Pesan gagal terkirim" wide>
      <p>
        Pesan SMS, email atau WhatsApp yang tetap gagal setelah dicoba ulang selama sekitar enam jam. Periksa penyedianya, lalu kirim
        ulang. Isi pesan tidak ditampilkan; kode sekali pakai tidak dikirim ulang (warga meminta kode baru).
      </p>
      {done && <Notice kind="ok">{done}</Notice>}
      {list?.error && <Failed error={list.error} retry={list.retry} />}
      {!list && <p>Memuat…</p>}
      {list?.data && messages.length === 0 && <p>Tidak ada pesan gagal. Semua pesan terkirim.</p>}
      {messages.length > 0 && (
        <table class="data">
          <caption>{messages.length} pesan gagal</caption>
          <thead>
            <tr>
              <th scope="col">Pesan</th>
              <th scope="col">Penerima</th>
              <th scope="col">Gagal sejak</th>
              <th scope="col">Jawaban penyedia</th>
              <th scope="col">Tindakan</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id} data-testid="pesan-gagal">
                <td>
                  {CHANNELS[m.channel] ?? m.channel} · {m.subject ?? words(m.template)}
                  <br />
                  <small>dibuat {when.format(new Date(m.created_at))}</small>
                </td>
                <td>{m.recipient}</td>
                <td>
                  {when.format(new Date(m.dead_at))}
                  <br />
                  <small>{m.attempts} percobaan</small>
                </td>
                <td>
                  <small>{m.error}</small>
                </td>
                <td>
                  {m.resendable ? (
                    <Confirm
                      label="Kirim ulang"
                      name={`${m.subject ?? words(m.template)} ke ${m.recipient}`}
                      question="Kirim ulang pesan ini?"
                      yes="Ya, kirim ulang"
                      danger={false}
                      run={async () => {
                        const { error } = await api.POST('/api/v1/admin/messages/{id}/resend', { params: { path: { id: m.id } } });
                        if (error) return problem(error);
                        setDone(`Pesan ke ${m.recipient} dijadwalkan dikirim ulang.`);
                        setReload((n) => n + 1);
                      }}
                    >
                      <p>Pesan dikirim lagi dalam satu menit dan dicoba ulang bila gagal.</p>
                    </Confirm>
                  ) : (
                    <small>Kode sekali pakai: tidak dikirim ulang</small>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
