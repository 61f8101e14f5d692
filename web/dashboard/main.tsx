// The officer dashboard: the queue of one's roles, a case with its documents and the actions one
// may take, the counter's intake of walk-in applicants, the pickup counter, the month's figures and
// the monthly reports to the province, the day's appointments per desk,
// a resident's account recovered at the counter, the audit log. Pages are addressed after `#`.
import '../shared/style.css';
import { render } from 'preact';
import { session } from '../shared/api';
import { useHere } from '../shared/nav';
import { SESSION_ENDED_NOTICE, Shell, SignOut, useSessionEnd } from '../shared/ui';
import { Appointments } from './pages/appointments';
import { AuditLog } from './pages/audit';
import { CaseDetail } from './pages/case';
import { Figures } from './pages/figures';
import { GuestBook } from './pages/guestbook';
import { Intake } from './pages/intake';
import { Login } from './pages/login';
import { Pickup } from './pages/pickup';
import { Queue } from './pages/queue';
import { Recovery } from './pages/recovery';
import { Reports } from './pages/reports';

function App() {
  const [at, refresh] = useHere();
  useSessionEnd(refresh);
  const [first, second, third] = at.parts;
  const signedIn = session.get() !== null;
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
        </>
      }
      menu={
        signedIn && (
          <>
            <a href="#/">Antrian</a>
            <a href="#/loket">Loket: permohonan baru</a>
            <a href="#/pengambilan">Pengambilan dokumen</a>
            <a href="#/janji-temu">Janji temu</a>
            <a href="#/buku-tamu">Buku tamu WhatsApp</a>
            <a href="#/pemulihan-akun">Pemulihan akun</a>
            <a href="#/angka">Angka layanan</a>
            <a href="#/laporan">Laporan bulanan</a>
            <a href="#/log-audit">Log audit</a>
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
