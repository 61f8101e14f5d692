import { Page } from '../../shared/ui';

export function Home() {
  return (
    <Page title="Layanan kependudukan dari rumah">
      <p>
        Laporkan kelahiran, kematian, pindah datang, KK atau KTP-el yang hilang atau rusak, KIA, dan perubahan data,
        lalu pantau permohonan Anda sampai dokumen siap diambil. Pemberitahuan dikirim melalui SMS dan email.
      </p>
      <div class="actions">
        <a class="button" href="/daftar">
          Daftar akun
        </a>
        <a class="button secondary" href="/masuk">
          Masuk
        </a>
        <a class="button secondary" href="/layanan">
          Lihat layanan dan persyaratannya
        </a>
      </div>
      <p>
        Penduduk Sulawesi Selatan di luar Kabupaten Gowa dapat{' '}
        <a href="/daftar/provinsi">mendaftar untuk layanan Dinas Dukcapil Provinsi</a>: permintaan data dan informasi,
        aktivasi IKD, dan pengaduan.
      </p>
    </Page>
  );
}
