// The officer dashboard: the queue of one's roles, a case with its documents and the actions one
// may take, the counter's intake of walk-in applicants, the pickup counter, the month's figures and
// the monthly reports to the province, the day's appointments per desk,
// a resident's account recovered at the counter, the audit log, and for the admin the officers,
// institutions with their PKS and staff, machine clients and messages given up on. Pages are addressed after `#`.
import '../shared/style.css';
import { render } from 'preact';
import { api, type Schemas, session } from '../shared/api';
import { useHere } from '../shared/nav';
import { SESSION_ENDED_NOTICE, Shell, SignOut, useLoad, useSessionEnd } from '../shared/ui';
import { Appointments } from './pages/appointments';
import { AuditLog } from './pages/audit';
import { CaseDetail } from './pages/case';
import { Clients } from './pages/clients';
import { Figures } from './pages/figures';
import { GuestBook } from './pages/guestbook';
import { Institutions, Unit } from './pages/institutions';
import { Intake } from './pages/intake';
import { Login } from './pages/login';
import { FailedMessages } from './pages/messages';
import { Officers } from './pages/officers';
import { Pickup } from './pages/pickup';
import { Queue } from './pages/queue';
import { Recovery } from './pages/recovery';
import { Reports } from './pages/reports';

type Screen = Schemas['Screen'];

/** Where each screen is and what the menu calls it; which screens an officer has, and in what
 * order, the API says (`screens` of /api/v1/me), by the rules of the routes behind them. */
const SCREENS: Record<Screen, [string, string]> = {
  queue: ['#/', 'Antrian'],
  intake: ['#/loket', 'Loket: permohonan baru'],
  pickup: ['#/pengambilan', 'Pengambilan dokumen'],
  appointments: ['#/janji-temu', 'Janji temu'],
  guest_book: ['#/buku-tamu', 'Buku tamu WhatsApp'],
  recovery: ['#/pemulihan-akun', 'Pemulihan akun'],
  figures: ['#/angka', 'Angka layanan'],
  reports: ['#/laporan', 'Laporan bulanan'],
  officers: ['#/petugas', 'Petugas'],
  institutions: ['#/instansi', 'Instansi dan PKS'],
  clients: ['#/klien', 'Klien sistem'],
  failed_messages: ['#/pesan-gagal', 'Pesan gagal'],
  audit: ['#/log-audit', 'Log audit'],
};

function App() {
  const [at, refresh] = useHere();
  useSessionEnd(refresh);
  const [first, second, third] = at.parts;
  const signedIn = session.get() !== null;
  // The menu offers the screens the officer's work includes; the API refuses the rest all the same.
  const me = useLoad(() => (signedIn ? api.GET('/api/v1/me') : Promise.resolve({ data: undefined })), [signedIn]);
  const page = !signedIn ? (
    <Login signedIn={refresh} notice={session.ended() ? SESSION_ENDED_NOTICE : undefined} />
  ) : first === 'kasus' && second ? (
    <CaseDetail id={second} />
  ) : first === 'loket' ? (
    <Intake />
  ) : first === 'pengambilan' ? (
    <Pickup />
  ) : first === 'janji-temu' ? (
    <Appointments />
  ) : first === 'buku-tamu' ? (
    <GuestBook />
  ) : first === 'pemulihan-akun' ? (
    <Recovery />
  ) : first === 'angka' ? (
    <Figures />
  ) : first === 'log-audit' ? (
    <AuditLog />
  ) : first === 'petugas' ? (
    <Officers />
  ) : first === 'instansi' && second ? (
    <Unit id={second} />
  ) : first === 'instansi' ? (
    <Institutions />
  ) : first === 'klien' ? (
    <Clients />
  ) : first === 'pesan-gagal' ? (
    <FailedMessages />
  ) : first === 'laporan' ? (
    <Reports office={second} month={third} query={at.query} />
  ) : (
    <Queue />
  );
  return (
    <Shell
      title={
        <>
          <strong>Dasbor Petugas</strong> <small>Layanan Adminduk Online</small>
          {me?.data && (
            <small class="signed-in" data-testid="masuk-sebagai">
              {me.data.name} · {me.data.office}
            </small>
          )}
        </>
      }
      menu={
        signedIn && (
          <>
            {(me?.data?.screens ?? []).map((screen) => (
              <a key={screen} href={SCREENS[screen][0]}>
                {SCREENS[screen][1]}
              </a>
            ))}
            <SignOut done={refresh} />
          </>
        )
      }
    >
      {page}
    </Shell>
  );
}

render(<App />, document.getElementById('app')!);
