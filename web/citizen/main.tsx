// The citizen site: one page at a time (see nav.ts), with the menu and a skip link.
import '../shared/style.css';
import { render } from 'preact';
import { api, session } from '../shared/api';
import { Activate } from './pages/activate';
import { Apply } from './pages/apply';
import { CasePage } from './pages/case';
import { Cases } from './pages/cases';
import { Catalogue, Service } from './pages/catalogue';
import { Home } from './pages/home';
import { Login } from './pages/login';
import { Reset } from './pages/reset';
import { Register, RegisterInProvince } from './pages/register';
import { Family } from './pages/family';
import { MyData } from './pages/mydata';
import { GuestBook } from './pages/guestbook';
import { Verify } from './pages/verify';
import { useHere } from '../shared/nav';
import { SESSION_ENDED_NOTICE, Shell, SignOut, useLoad, useSessionEnd } from '../shared/ui';

function App() {
  const [here, refresh] = useHere();
  useSessionEnd(refresh);
  const signedIn = session.get() !== null;
  // One registered with the province on their own statement has no family here and complains to
  // the province.
  const me = useLoad(() => (signedIn ? api.GET('/api/v1/me') : Promise.resolve({ data: undefined })), [signedIn]);
  const declared = me?.data?.declared !== undefined;
  const signIn = (why: string) => <Login notice={session.ended() ? SESSION_ENDED_NOTICE : why} refresh={refresh} />;
  const [first, second] = here.parts;
  // The office whose service this is: the province's for one who registers or is registered with it.
  const office =
    declared || (first === 'daftar' && second === 'provinsi')
      ? 'Dinas Dukcapil Provinsi Sulawesi Selatan'
      : 'Dinas Dukcapil Kabupaten Gowa';
  const page = (() => {
    switch (first) {
      case 'daftar':
        return second === 'provinsi' ? <RegisterInProvince /> : <Register />;
      case 'aktivasi':
        return <Activate login={here.query.get('login') ?? here.query.get('nik') ?? ''} />;
      case 'masuk':
        return <Login notice={here.query.get('pesan') ?? undefined} />;
      case 'lupa-sandi':
        return <Reset />;
      case 'layanan':
        return second ? <Service code={second} /> : <Catalogue />;
      case 'permohonan':
        if (!signedIn) return signIn('Masuk dulu untuk melihat permohonan Anda.');
        return second ? <CasePage id={second} /> : <Cases notice={here.query.get('pesan') ?? undefined} />;
      case 'buku-tamu':
        return <GuestBook id={second ?? ''} keyCode={here.parts[2] ?? ''} />;
      case 'cek':
        return <Verify code={here.query.get('kode') ?? ''} />;
      case 'keluarga':
        return signedIn ? <Family /> : signIn('Masuk dulu untuk melihat keluarga Anda.');
      case 'data-saya':
        return signedIn ? <MyData /> : signIn('Masuk dulu untuk melihat data pribadi Anda.');
      case 'ajukan':
        return signedIn && second ? <Apply code={second} /> : signIn('Masuk dulu untuk mengajukan permohonan.');
      default:
        return <Home />;
    }
  })();
  return (
    <Shell
      title={
        <>
          <strong>Layanan Adminduk Online</strong> <small>{office}</small>
        </>
      }
      menu={
        <>
          <a href="/">Beranda</a>
          <a href="/layanan">Layanan</a>
          <a href="/cek">Cek tanda terima</a>
          {signedIn ? (
            <>
              <a href="/permohonan">Permohonan saya</a>
              {!declared && <a href="/keluarga">Keluarga</a>}
              <a href="/data-saya">Data saya</a>
              <a href={declared ? '/ajukan/PENGADUAN_PROVINSI' : '/ajukan/PENGADUAN_KABUPATEN'}>Pengaduan</a>
              <SignOut done={refresh} />
            </>
          ) : (
            <>
              <a href="/masuk">Masuk</a>
              <a href="/daftar">Daftar</a>
            </>
          )}
        </>
      }
    >
      {page}
    </Shell>
  );
}

render(<App />, document.getElementById('app')!);

// The app shell kept for a phone without a connection (public/sw.js); where a browser allows it.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => undefined);
