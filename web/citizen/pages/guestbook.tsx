// The guest book (buku tamu) of the kecamatan WhatsApp service (seed 001). The link the
// kecamatan's WhatsApp number sends opens it without an account: the link itself is the person's
// key to their one case. They say who they are (NIK), what they need and send photos of their
// documents; afterwards the same link shows how the case stands and what happens next.
import { useState } from 'preact/hooks';
import { api, problem, type Schemas } from '../../shared/api';
import { Failed, Field, Notice, Page, text, useLoad } from '../../shared/ui';
import { size, takes, upload } from '../../shared/upload';

type View = Schemas['GuestBookView'];

export function GuestBook({ id, keyCode }: { id: string; keyCode: string }) {
  const [shown, setShown] = useState<View>();
  const loaded = useLoad(() => api.GET('/api/v1/guest-book/{id}/{key}', { params: { path: { id, key: keyCode } } }), [id, keyCode]);
  if (!loaded) return <Page title="Buku tamu">Memuat…</Page>;
  if (loaded.error) {
    // A link this service did not make (mistyped, cut off) cannot be fixed by trying again.
    const unknown = loaded.error === 'Tautan buku tamu tidak dikenal';
    return (
      <Page title="Buku tamu">
        {unknown ? (
          <Notice kind="error">
            Tautan buku tamu ini tidak dikenal. Periksa apakah tautannya tersalin utuh, atau kirim pesan lagi ke nomor WhatsApp
            layanan kecamatan Anda untuk mendapat tautan baru.
          </Notice>
        ) : (
          <Failed error={loaded.error} retry={loaded.retry} />
        )}
      </Page>
    );
  }
  const view = shown ?? loaded.data!;
  return view.open ? <Entry id={id} keyCode={keyCode} view={view} done={setShown} /> : <Standing view={view} />;
}

/** The office the person wrote to, and how to reach it. */
function Office({ view }: { view: View }) {
  const o = view.office;
  return (
    <section class="card" aria-labelledby="kantor">
      <h2 id="kantor">{o.name}</h2>
      {o.address && <p>{o.address}</p>}
      {o.whatsapp && (
        <p>
          WhatsApp layanan: <a href={`https://wa.me/${o.whatsapp.number.replace(/\D/g, '')}`}>{o.whatsapp.number}</a>
        </p>
      )}
      <p>Pengaduan: {o.complaint}</p>
    </section>
  );
}

function Standing({ view }: { view: View }) {
  return (
    <Page title="Permohonan melalui WhatsApp">
      <p>
        Nomor registrasi <strong>{view.number}</strong>
        {view.nik_masked && <> atas nama {view.name} (NIK {view.nik_masked})</>}.
      </p>
      <section class="card" aria-labelledby="status" data-testid="status">
        <h2 id="status">Status: {view.state_name}</h2>
        <p>{view.next_step}</p>
      </section>
      {view.service && (
        <section class="card" aria-labelledby="isian">
          <h2 id="isian">Yang Anda kirim</h2>
          <dl class="people">
            <div>
              <dt>Layanan yang dimohon</dt>
              <dd>{view.services.find((s) => s.code === view.service)?.name}</dd>
            </div>
            <div>
              <dt>Keperluan</dt>
              <dd>{view.purpose}</dd>
            </div>
            <div>
              <dt>Berkas</dt>
              <dd>{view.files.length} berkas</dd>
            </div>
          </dl>
        </section>
      )}
      <Office view={view} />
    </Page>
  );
}

/** Withdrawing the request, asked once more before it is done. */
function Withdraw({ id, keyCode, view, done }: { id: string; keyCode: string; view: View; done: (v: View) => void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string>();
  if (!view.may_withdraw) return null;
  async function confirm() {
    setError(undefined);
    const { data, error } = await api
      .POST('/api/v1/guest-book/{id}/{key}/withdraw', { params: { path: { id, key: keyCode } }, body: { version: view.version } })
      .catch((e: unknown) => ({ data: undefined, error: e }));
    if (data) done(data);
    else setError(problem(error));
  }
  return (
    <section class="card" aria-labelledby="tarik">
      <h2 id="tarik">Tidak jadi mengajukan?</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {asking ? (
        <>
          <p>Permohonan {view.number} akan dibatalkan dan tidak diproses. Lanjutkan?</p>
          <div class="actions">
            <button type="button" onClick={confirm}>
              Ya, tarik permohonan
            </button>
            <button type="button" class="secondary" onClick={() => setAsking(false)}>
              Batal
            </button>
          </div>
        </>
      ) : (
        <button type="button" class="secondary" onClick={() => setAsking(true)}>
          Tarik permohonan
        </button>
      )}
    </section>
  );
}

type Problem = { field: string; message: string };

function Entry({ id, keyCode, view, done }: { id: string; keyCode: string; view: View; done: (v: View) => void }) {
  const [sent, setSent] = useState<string[]>(view.files.map((f, i) => `Berkas ${i + 1} (${size(f.size)})`));
  const [share, setShare] = useState<number>();
  const [fileError, setFileError] = useState<string>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const err = (field: string) => problems.find((p) => p.field === field)?.message;

  async function choose(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setFileError(undefined);
    setShare(0);
    try {
      const target = { document: view.document, max_bytes: view.max_upload_bytes };
      const presigner = (body: Schemas['Presign']) =>
        api.POST('/api/v1/guest-book/{id}/{key}/uploads', { params: { path: { id, key: keyCode } }, body });
      await upload(id, target, file, setShare, presigner);
      setSent((s) => [...s, `${file.name} (${size(file.size)})`]);
      input.value = '';
    } catch (thrown) {
      setFileError(problem(thrown));
    } finally {
      setShare(undefined);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setProblems([]);
    try {
      const body = {
        // Returned to be completed: the NIK given before stands unless another is typed.
        nik: text(form, 'nik') || undefined,
        service: text(form, 'service'),
        purpose: text(form, 'purpose'),
        declared: form.get('declared') === 'ya',
      };
      // The version the server holds now: each file sent changed it.
      const now = await api.GET('/api/v1/guest-book/{id}/{key}', { params: { path: { id, key: keyCode } } });
      const { data, error } = await api.POST('/api/v1/guest-book/{id}/{key}', {
        params: { path: { id, key: keyCode } },
        body: { ...body, version: now.data?.version ?? view.version },
      });
      if (data) return done(data);
      const listed = (error as { problems?: Problem[] } | undefined)?.problems;
      const found = Array.isArray(listed) && listed.length ? listed : [{ field: '', message: problem(error) }];
      setProblems(found);
      requestAnimationFrame(() => document.getElementById('ringkasan-galat')?.focus());
    } catch (thrown) {
      setProblems([{ field: '', message: problem(thrown) }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Buku tamu layanan WhatsApp">
      <p>
        Terima kasih telah menghubungi {view.office.name}. Nomor registrasi Anda <strong>{view.number}</strong>. Isi buku tamu ini
        agar petugas dapat memeriksa permohonan Anda.
      </p>
      {view.returned_because && <Notice kind="error">Dikembalikan petugas: {view.returned_because}</Notice>}
      {problems.length > 0 && (
        <div class="notice error" id="ringkasan-galat" tabIndex={-1} role="alert" aria-labelledby="judul-galat">
          <h2 id="judul-galat">Ada yang perlu diperbaiki</h2>
          <ul>
            {problems.map((p) => (
              <li key={p.field + p.message}>{p.field ? <a href={`#isian-${p.field}`}>{p.message}</a> : p.message}</li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <Field
          label="NIK"
          name="nik"
          id="isian-nik"
          inputMode="numeric"
          maxLength={16}
          autoComplete="off"
          required={!view.nik_masked}
          hint={view.nik_masked ? `Sudah diisi: ${view.nik_masked}. Kosongkan bila tidak berubah.` : '16 angka pada KTP-el atau KK Anda'}
          aria-invalid={err('nik') ? 'true' : undefined}
        />
        {err('nik') && <p class="error-message">{err('nik')}</p>}
        <div class="field">
          <label for="isian-service">Layanan yang dimohon</label>
          <select id="isian-service" name="service" required defaultValue={view.service ?? ''} aria-invalid={err('service') ? 'true' : undefined}>
            <option value="">Pilih layanan</option>
            {view.services.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </select>
          {err('service') && <p class="error-message">{err('service')}</p>}
        </div>
        <div class="field">
          <label for="isian-purpose">Keperluan</label>
          <textarea
            id="isian-purpose"
            name="purpose"
            rows={3}
            maxLength={500}
            required
            defaultValue={view.purpose ?? ''}
            aria-invalid={err('purpose') ? 'true' : undefined}
          />
          <small class="hint">Mis. KTP-el hilang, mohon dicetak ulang.</small>
          {err('purpose') && <p class="error-message">{err('purpose')}</p>}
        </div>
        <div class="field" id="isian-files">
          <label for="berkas">{view.document_name}</label>
          <small class="hint">
            {takes(view.max_upload_bytes)} Paling banyak {view.max_files} berkas (mis. KK, KTP-el, surat); setiap berkas langsung
            terkirim setelah dipilih.
          </small>
          <input
            id="berkas"
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            onChange={choose}
            disabled={share !== undefined || sent.length >= view.max_files}
          />
          {share !== undefined && (
            <p class="upload-progress">
              <progress max={1} value={share} aria-label="Mengunggah berkas" />
            </p>
          )}
          {fileError && <p class="error-message">{fileError}</p>}
          {sent.length > 0 && (
            <div data-testid="terkirim">
              <p>
                Terkirim: {sent.length} dari paling banyak {view.max_files} berkas.
              </p>
              <ul>
                {sent.map((name) => (
                  <li key={name}>{name}</li>
                ))}
              </ul>
            </div>
          )}
          {err('files') && <p class="error-message">{err('files')}</p>}
        </div>
        <div class={`field${err('declared') ? ' has-error' : ''}`}>
          {err('declared') && <p class="error-message">{err('declared')}</p>}
          <label class="option">
            <input type="checkbox" id="isian-declared" name="declared" value="ya" aria-invalid={err('declared') ? 'true' : undefined} />
            <span>{view.statement}</span>
          </label>
        </div>
        <button type="submit" disabled={busy || share !== undefined}>
          {busy ? 'Mengirim…' : 'Kirim buku tamu'}
        </button>
      </form>
      <Withdraw id={id} keyCode={keyCode} view={view} done={done} />
      <Office view={view} />
    </Page>
  );
}
