// One application: its status and promised date, the reason when it was returned, the
// declaration (changed here with the same form while it is the reporter's turn), the documents
// it needs for these answers (uploaded here then), filing it or deleting the draft, its history
// and the receipt.
import { useEffect, useState } from 'preact/hooks';
import { useCase } from '../../shared/case';
import { Appointment } from '../../shared/appointment';
import { api, kept, problem, type Schemas } from '../../shared/api';
import { downloadReceipt, Issued, Requirement } from '../../shared/requirements';
import { Actions } from '../../shared/actions';
import { Declared } from '../../shared/declared';
import { DeclarationFields, ErrorSummary, formProblems, idOf, type Problem, useDeclaration } from '../../shared/declaration';
import { go } from '../../shared/nav';
import { Confirm, Failed, KeptNotice, Notice, Page, useLoad, useSubmit } from '../../shared/ui';

const when = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Makassar' });

/** The reason given with a transition (returned, cancelled), if any. */
function reason(h: Schemas['HistoryEntry']): string | undefined {
  return h.event === 'transition' ? (h.inputs.reason ?? undefined) : undefined;
}

/** The documents these answers do not need: a collapsed note, not upload slots. */
function NotNeeded({ list }: { list: Schemas['RequirementStatus'][] }) {
  if (list.length === 0) return null;
  return (
    <details class="not-needed">
      <summary>Berkas yang tidak diperlukan untuk isian Anda ({list.length})</summary>
      <ul>
        {list.map((r) => (
          <li key={r.document}>
            {r.name}
            {r.condition && <> — hanya {r.condition}</>}
            {r.uploaded && <> (sudah diunggah, tidak dipakai)</>}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Where the changed answers of this version of a case wait in the browser until saved. */
const keptAt = (view: Schemas['CaseView']) => `kasus.${view.id}.${view.version}`;

/**
 * The declaration's form, prefilled with the case's answers (or those changed here and not yet
 * saved); saved with PUT answers, by itself once the connection returns when sent without one.
 */
function EditAnswers({ view, fields, me, found, done, cancel }: {
  view: Schemas['CaseView'];
  fields: Schemas['Field'][];
  me: Schemas['Me'];
  found?: Problem[];
  done: () => void;
  cancel: () => void;
}) {
  const key = keptAt(view);
  const [restored] = useState(() => kept.get(key) !== undefined);
  const declaration = useDeclaration(fields, view.answers, found, key);
  // Filed again while open and refused again: the new problems replace the old.
  useEffect(() => void (found && declaration.setProblems(found)), [found]);
  const { busy, error, onSubmit, waiting } = useSubmit(async () => {
    if (!declaration.complete()) return;
    const { error } = await api.PUT('/api/v1/cases/{id}/answers', {
      params: { path: { id: view.id } },
      body: { version: view.version, answers: declaration.answers() },
    });
    if (!error) {
      kept.drop(key);
      return done();
    }
    const problems = formProblems(error);
    if (!problems) return problem(error);
    declaration.setProblems(problems);
  }, true);
  return (
    <form class="card" onSubmit={onSubmit} noValidate aria-label="Ubah isian formulir">
      <ErrorSummary problems={declaration.problems} />
      {error && <Notice kind="error">{error}</Notice>}
      <KeptNotice waiting={waiting} restored={restored} />
      <DeclarationFields
        fields={fields}
        raw={declaration.raw}
        setRaw={declaration.setRaw}
        problems={declaration.problems}
        family={me.family ?? []}
        reporter={me.nik}
        level={3}
      />
      <div class="actions">
        <button type="submit" disabled={busy || waiting}>
          {waiting ? 'Menunggu koneksi…' : busy ? 'Menyimpan…' : 'Simpan isian'}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            kept.drop(key);
            cancel();
          }}
        >
          Batal
        </button>
      </div>
    </form>
  );
}

/** The declaration as filed, and while it is editable the form to change it. */
function Declaration({ view, opened, setOpened, changed }: {
  view: Schemas['CaseView'];
  /** Open with these problems (from a refused filing), or without any. */
  opened?: Problem[] | true;
  setOpened: (o?: Problem[] | true) => void;
  changed: () => void;
}) {
  // The form needs the service's fields and the family, only while the answers may change.
  const idle = <T,>() => Promise.resolve<{ data?: T }>({});
  const service = useLoad<Schemas['ServiceView']>(
    () => (view.editable ? api.GET('/api/v1/catalogue/{service}', { params: { path: { service: view.service } } }) : idle()),
    [view.service, view.editable],
  );
  const me = useLoad<Schemas['Me']>(() => (view.editable ? api.GET('/api/v1/me') : idle()), [view.editable]);
  const fields = service?.data?.fields ?? [];
  const ready = view.editable && fields.length > 0 && me?.data;
  const failed = service?.error ? service : me?.error ? me : undefined;
  // Services without a declaration (KIA, KK) have nothing to show here.
  if (view.declaration.length === 0 && !ready) return null;
  // Changes not yet saved, kept in the browser: the form opens again with them.
  const resumed = kept.get(keptAt(view)) !== undefined;
  return (
    <section aria-labelledby="isian">
      <h2 id="isian">Isian formulir</h2>
      {(opened || resumed) && ready ? (
        <EditAnswers
          view={view}
          fields={fields}
          me={me.data!}
          found={opened === true ? undefined : opened}
          done={() => {
            setOpened(undefined);
            changed();
          }}
          cancel={() => setOpened(undefined)}
        />
      ) : (
        <>
          <Declared sections={view.declaration} />
          {failed && <Failed error={failed.error!} retry={failed.retry} />}
          {ready && (
            <button type="button" class="secondary" onClick={() => setOpened(true)}>
              Ubah isian
            </button>
          )}
        </>
      )}
    </section>
  );
}

const day = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'Asia/Makassar' });

/** Deleting a draft never filed, after the reporter confirms it. */
function DeleteDraft({ view }: { view: Schemas['CaseView'] }) {
  return (
    <Confirm
      label="Hapus draf"
      question="Hapus draf ini?"
      yes="Ya, hapus draf"
      run={async () => {
        const { error, response } = await api.DELETE('/api/v1/cases/{id}', {
          params: { path: { id: view.id }, query: { version: view.version } },
        });
        if (error || !response.ok) return problem(error);
        go(`/permohonan?pesan=${encodeURIComponent(`Draf ${view.service_name} dihapus.`)}`);
      }}
    >
      <p>Isian dan berkas yang sudah diunggah ikut terhapus dan tidak dapat dikembalikan.</p>
    </Confirm>
  );
}

const SCORES = ['Tidak baik', 'Kurang baik', 'Baik', 'Sangat baik'];

/** The satisfaction survey of a completed case: each element scored 1 to 4. */
function Survey({ id, elements, done }: { id: string; elements: string[]; done: () => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const scores = elements.map((_, i) => Number(form.get(`u${i}`)));
    if (scores.some((s) => !s)) return 'Beri nilai untuk setiap unsur.';
    const { error } = await api.POST('/api/v1/cases/{id}/survey', { params: { path: { id } }, body: { scores } });
    if (error) return problem(error);
    done();
  });
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h2>Survei kepuasan</h2>
      <p>Bagaimana pelayanan kami? Penilaian Anda membantu kami memperbaiki layanan.</p>
      {error && <Notice kind="error">{error}</Notice>}
      {elements.map((element, i) => (
        <fieldset class="field" key={element}>
          <legend>{element}</legend>
          <div class="options">
            {SCORES.map((label, s) => (
              <label class="option" key={label}>
                <input type="radio" name={`u${i}`} value={s + 1} required />
                <span>{label}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <button type="submit" disabled={busy}>
        Kirim penilaian
      </button>
    </form>
  );
}

/** The reporter's statement, as the server keeps it with the case when filing. */
const STATEMENT =
  'Saya menyatakan bahwa data dan dokumen yang saya sampaikan benar dan sesuai aslinya, dan saya bertanggung jawab secara hukum atas kebenarannya.';

/**
 * Check your answers: every answer and document of the draft, with the way back to change them,
 * then the statement that they are true and the filing itself.
 */
function Review({
  view,
  needed,
  busy,
  error,
  back,
  change,
  file,
}: {
  view: Schemas['CaseView'];
  needed: Schemas['RequirementStatus'][];
  busy: boolean;
  error?: string;
  back: () => void;
  change: () => void;
  file: () => void;
}) {
  const [problems, setProblems] = useState<Problem[]>();
  const missing = problems?.[0];
  const hint = `${idOf('pernyataan')}-error`;
  return (
    <Page title="Periksa kembali sebelum mengajukan">
      <ErrorSummary problems={problems} />
      {error && <Notice kind="error">{error}</Notice>}
      <p class="meta">
        {view.service_name} · Pemohon: {view.applicant.name}
      </p>
      <section aria-labelledby="periksa-isian">
        <h2 id="periksa-isian">Isian formulir</h2>
        <Declared sections={view.declaration} />
        <button type="button" class="secondary" onClick={change}>
          Ubah isian
        </button>
      </section>
      <section aria-labelledby="periksa-berkas">
        <h2 id="periksa-berkas">Berkas persyaratan</h2>
        <ul>
          {needed.map((r) => (
            <li key={r.document}>
              {r.name}: {r.uploaded ? 'sudah diunggah' : r.status === 'required' ? 'belum diunggah (wajib)' : 'tidak diunggah'}
            </li>
          ))}
        </ul>
        <button type="button" class="secondary" onClick={back}>
          Ubah berkas
        </button>
      </section>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const stated = (e.currentTarget.elements.namedItem('pernyataan') as HTMLInputElement).checked;
          if (stated) file();
          else setProblems([{ field: 'pernyataan', message: 'Centang pernyataan kebenaran data untuk dapat mengajukan.' }]);
        }}
      >
        <h2>Pernyataan</h2>
        <div class={`field${missing ? ' has-error' : ''}`}>
          {missing && (
            <p id={hint} class="error-message">
              {missing.message}
            </p>
          )}
          <label class="option">
            <input
              type="checkbox"
              id={idOf('pernyataan')}
              name="pernyataan"
              aria-invalid={missing ? true : undefined}
              aria-describedby={missing ? hint : undefined}
            />
            <span>{STATEMENT}</span>
          </label>
        </div>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Mengajukan…' : 'Ajukan permohonan'}
          </button>
          <button type="button" class="secondary" onClick={back}>
            Kembali ke draf
          </button>
        </div>
      </form>
    </Page>
  );
}

export function CasePage({ id }: { id: string }) {
  const { view, history, error, setError, reload: load } = useCase(id);
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<Problem[] | true>();
  const [fileError, setFileError] = useState<string>();
  const [reviewing, setReviewing] = useState(false);
  // Files of the family accepted before, offered while the reporter may still attach files.
  const [offers, setOffers] = useState<Schemas['Reusable'][]>([]);
  useEffect(() => {
    if (!view?.editable) return setOffers([]);
    api
      .GET('/api/v1/cases/{id}/reusable', { params: { path: { id } } })
      .then(({ data }) => setOffers(data ?? []))
      // Only an offer: without a connection there is none.
      .catch(() => setOffers([]));
  }, [id, view?.editable, view?.version]);

  if (!view) return <Page title="Permohonan">{error ? <Failed error={error} retry={load} /> : <p>Memuat…</p>}</Page>;
  const draft = !view.submitted_at;
  const returned = !draft && view.editable;
  const deletable = draft && !view.number && !view.outcome && view.editable;
  const needed = view.requirements.filter((r) => r.status !== 'not_applicable');
  const notNeeded = view.requirements.filter((r) => r.status === 'not_applicable');
  const lastReason = [...history].reverse().map(reason).find(Boolean);
  // The numbers of the documents issued, and who collected them, as the history records them.
  const inputs = [...history].reverse().flatMap((h) => (h.event === 'transition' ? [h.inputs] : []));
  const numbers = inputs.find((i) => (i.document_numbers ?? []).length > 0)?.document_numbers ?? [];
  const collected = inputs.find((i) => i.collected_by)?.collected_by;
  const look = (then: () => void) => () => {
    then();
    window.scrollTo(0, 0);
  };
  if (reviewing && draft && view.editable) {
    return (
      <Review
        view={view}
        needed={needed}
        busy={busy}
        error={fileError}
        back={look(() => setReviewing(false))}
        change={look(() => {
          setReviewing(false);
          setEditing(true);
        })}
        file={file}
      />
    );
  }

  async function file() {
    setBusy(true);
    setFileError(undefined);
    const reply = await api
      .POST('/api/v1/cases/{id}/submit', {
        params: { path: { id } },
        body: { version: view!.version, declared: true },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      })
      .catch((e: unknown) => ({ error: e, data: undefined }));
    setBusy(false);
    const problems = formProblems(reply.error);
    // Answers missing or wrong: the form opens with each problem beside its field.
    if (problems) {
      setReviewing(false);
      setEditing(problems);
    }
    // Said beside the button, where the reporter is looking.
    else if (reply.error || !reply.data) setFileError(problem(reply.error));
    else {
      setReviewing(false);
      setDone(`Permohonan diajukan. Nomor registrasi: ${reply.data.number}.`);
      await load();
      window.scrollTo(0, 0);
    }
  }

  return (
    <Page title={view.service_name}>
      {done && <Notice kind="ok">{done}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <p class="meta">
        {view.number ? `Nomor registrasi ${view.number}${view.check_code ? ` · kode cek ${view.check_code}` : ''}` : 'Draf'}
        {view.subject_name !== view.applicant.name && <> · Atas nama: {view.subject_name}</>} · Pemohon: {view.applicant.name}
      </p>
      <p>
        Status: <strong data-testid="status">{view.state_name}</strong>
        {view.service_due && !view.outcome && <> · dijanjikan selesai {when.format(new Date(view.service_due))}</>}
      </p>
      <section class="next" aria-labelledby="sekarang">
        <h2 id="sekarang">Yang terjadi sekarang</h2>
        <p data-testid="next-step">{view.next_step}</p>
      </section>
      {numbers.length > 0 && (
        <p>
          Dokumen terbit: {numbers.map((d) => `${d.document} No. ${d.number}`).join('; ')}
          {collected && <> · diambil oleh {collected.name}</>}
        </p>
      )}
      <Appointment
        view={view}
        done={(message) => {
          setDone(message);
          load();
        }}
      />
      {view.number && (
        <section class="office" aria-labelledby="kantor" data-testid="office">
          <h2 id="kantor">Kantor yang melayani</h2>
          <p>
            <strong>{view.office_card.name}</strong>
            {view.office_card.address && <><br />{view.office_card.address}</>}
            <br />Jam layanan: {view.office_hours}
            {view.office_card.phone && <><br />Telepon: <a href={`tel:${view.office_card.phone}`}>{view.office_card.phone}</a></>}
            {view.office_card.email && <><br />Email: <a href={`mailto:${view.office_card.email}`}>{view.office_card.email}</a></>}
            <br />Pengaduan: {view.office_card.complaint}
          </p>
        </section>
      )}
      {returned && lastReason && (
        <Notice kind="error">
          Dikembalikan untuk dilengkapi: {lastReason}. Perbaiki isian atau berkas lalu kirim kembali di bagian Tindakan.
        </Notice>
      )}
      <Declaration
        view={view}
        opened={editing}
        setOpened={setEditing}
        changed={() => {
          setDone('Isian formulir disimpan.');
          load();
        }}
      />
      <h2>Berkas persyaratan</h2>
      <ul class="plain">
        {needed.map((r) => (
          <Requirement
            key={r.document}
            caseId={id}
            r={r}
            editable={view.editable}
            changed={load}
            version={view.version}
            offers={offers}
          />
        ))}
      </ul>
      <NotNeeded list={notNeeded} />
      {draft && view.editable && fileError && <Notice kind="error">{fileError}</Notice>}
      {draft && view.editable && (
        <div class="actions">
          <button type="button" onClick={look(() => setReviewing(true))}>
            Periksa kembali dan ajukan
          </button>
          {deletable && <DeleteDraft view={view} />}
        </div>
      )}
      {deletable && view.erased_after && (
        <p class="hint" data-testid="draf-dihapus">
          Draf yang tidak diubah selama 30 hari dihapus otomatis beserta berkasnya: draf ini pada {day.format(new Date(view.erased_after))} bila
          belum diubah atau diajukan.
        </p>
      )}
      {view.actions.length > 0 && (
        <section aria-labelledby="tindakan">
          <h2 id="tindakan">Tindakan</h2>
          <Actions
            view={view}
            done={(message) => {
              setDone(message);
              load();
            }}
          />
        </section>
      )}
      <Issued view={view} />
      {view.number && (
        <p class="actions">
          <button type="button" class="secondary" onClick={() => downloadReceipt(id, view.number, 'slip').catch((e) => setError(problem(e)))}>
            Unduh tanda terima permohonan (PDF)
          </button>
          {view.receipt_code && (
            <button type="button" class="secondary" onClick={() => downloadReceipt(id, view.number, 'resi').catch((e) => setError(problem(e)))}>
              Unduh resi pengambilan dokumen (PDF)
            </button>
          )}
        </p>
      )}
      {view.survey_elements && (
        <Survey
          id={id}
          elements={view.survey_elements}
          done={() => {
            setDone('Terima kasih atas penilaian Anda.');
            load();
          }}
        />
      )}
      <h2>Riwayat</h2>
      <ol>
        {history
          .filter((h) => h.event === 'transition' || h.event === 'appointment')
          .map((h) => (
            <li key={h.at}>
              {when.format(new Date(h.at))}:{' '}
              {h.event === 'appointment' ? (
                h.note
              ) : (
                <>
                  {h.action_name} → <strong>{h.state_name}</strong>
                  {reason(h) && <> — {reason(h)}</>}
                </>
              )}
            </li>
          ))}
      </ol>
    </Page>
  );
}
