// The officer dashboard: the queue of one's roles, a case with its documents and the actions one
// may take, the counter's intake of walk-in applicants, the pickup counter, the month's figures and
// the monthly reports to the province, the day's appointments per desk,
// a resident's account recovered at the counter, the audit log, and for the admin the officers,
// institutions with their PKS and staff, machine clients and messages given up on. Pages are addressed after `#`.
import '../shared/style.css';
import { render } from 'preact';
import { api, session } from '../shared/api';
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

function App() {
  const [at, refresh] = useHere();
  useSessionEnd(refresh);
  const [first, second, third] = at.parts;
  const signedIn = session.get() !== null;
  // The menu offers what the officer's roles allow; the API refuses the rest all the same.
  const me = useLoad(() => (signedIn ? api.GET('/api/v1/me') : Promise.resolve({ data: undefined })), [signedIn]);
  const roles = me?.data?.roles ?? [];
  const admin = roles.includes('admin');
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
            <a href="#/">Antrian</a>
            <a href="#/loket">Loket: permohonan baru</a>
            <a href="#/pengambilan">Pengambilan dokumen</a>
            <a href="#/janji-temu">Janji temu</a>
            <a href="#/buku-tamu">Buku tamu WhatsApp</a>
            <a href="#/pemulihan-akun">Pemulihan akun</a>
            <a href="#/angka">Angka layanan</a>
            <a href="#/laporan">Laporan bulanan</a>
            {admin && <a href="#/petugas">Petugas</a>}
            {admin && <a href="#/instansi">Instansi dan PKS</a>}
            {admin && <a href="#/klien">Klien sistem</a>}
            {admin && <a href="#/pesan-gagal">Pesan gagal</a>}
            {(admin || roles.includes('inspektur')) && <a href="#/log-audit">Log audit</a>}
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
