// The counter's intake of a walk-in applicant (seeds 003, 004): find the person in the register
// by NIK or No. KK, choose a service this officer may file, fill its declaration (the same form as
// the citizen site), record the applicant's phone and e-mail for the messages of each step, and
// create the draft; its documents (scanner or the tablet's camera), filing and the slip follow on
// the case page.
import { useState } from 'preact/hooks';
import { api, problem, type Schemas } from '../../shared/api';
import { DeclarationFields, ErrorSummary, offered, useDeclaration } from '../../shared/declaration';
import { startDraft, VariantChoice } from '../../shared/draft';
import { go } from '../../shared/nav';
import { Field, Notice, Page, text, useLoad, useSubmit } from '../../shared/ui';

type Service = Schemas['ServiceView'];
type Family = Schemas['RegisterFamily'];
/** Who the case is for: a family of the register, or (province services) a NIK from elsewhere. */
type Applicant = { family: Family } | { outside: string };

/** Step 1: the applicant's family from the register. */
function FindPerson({ found, province }: { found: (a: Applicant) => void; province: boolean }) {
  const [outside, setOutside] = useState<string>();
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    setOutside(undefined);
    const q = text(form, 'q');
    const { data, error } = await api.GET('/api/v1/register/lookup', { params: { query: { q } } });
    if (error && 'code' in error && error.code === 'NOT_IN_REGISTER' && province) setOutside(q);
    if (error || !data) return problem(error);
    found({ family: data });
  });
  return (
    <form onSubmit={onSubmit} noValidate class="card">
      {error && <Notice kind="error">{error}</Notice>}
      {outside && (
        <p>
          <button type="button" class="secondary" onClick={() => found({ outside })}>
            Lanjutkan untuk layanan provinsi: pemohon ber-NIK {outside} dari luar database ini
          </button>
        </p>
      )}
      <Field
        label="NIK atau No. KK pemohon"
        name="q"
        inputMode="numeric"
        autoComplete="off"
        required
        hint="16 angka, dari KTP-el atau Kartu Keluarga yang dibawa pemohon"
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Mencari…' : 'Cari di database kependudukan'}
      </button>
    </form>
  );
}

/** Step 2: the service, the applicant among the family, the declaration and the contact. */
function IntakeForm({ service, applicant }: { service: Service; applicant: Applicant }) {
  const fields = service.fields ?? [];
  const declaration = useDeclaration(fields);
  const family = 'family' in applicant ? applicant.family : undefined;
  const members = (family?.members ?? []).filter((m) => offered(m, service.subject?.member, undefined));
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    if (!declaration.complete()) return;
    const body = {
      service: service.code,
      variant: text(form, 'variant') || service.variants[0].code,
      applicant_nik: 'outside' in applicant ? applicant.outside : text(form, 'applicant'),
      applicant_name: 'outside' in applicant ? text(form, 'applicant_name') : undefined,
      answers: declaration.answers(),
      contact: { phone: text(form, 'phone') || undefined, email: text(form, 'email') || undefined },
    };
    const started = await startDraft(body, declaration);
    if ('id' in started) go(`/kasus/${started.id}`);
    else return started.message;
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <ErrorSummary problems={declaration.problems} />
      {error && <Notice kind="error">{error}</Notice>}
      <VariantChoice service={service} />
      {family ? (
        <fieldset class="field">
          <legend>{service.subject?.applicant_label ?? 'Pemohon'}</legend>
          {members.map((m) => (
            <label class="option" key={m.nik}>
              <input type="radio" name="applicant" value={m.nik} required defaultChecked={m.nik === (family.found_nik ?? members[0]?.nik)} />
              <span>
                {m.name} ({m.shdk_label}) · NIK {m.nik}
              </span>
            </label>
          ))}
          {members.length === 0 && <Notice kind="error">Tidak ada anggota keluarga ini yang dapat menjadi pemohon layanan ini.</Notice>}
        </fieldset>
      ) : (
        <Field label="Nama pemohon sesuai KTP-el" name="applicant_name" required autoComplete="off" />
      )}
      <DeclarationFields
        fields={fields}
        raw={declaration.raw}
        setRaw={declaration.setRaw}
        problems={declaration.problems}
        family={family?.members ?? []}
        reporter={undefined}
      />
      <fieldset class="field">
        <legend>Kontak pemohon untuk pemberitahuan</legend>
        <p class="hint">SMS dan email setiap tahap dikirim ke sini, bukan ke akun petugas.</p>
        <Field label="Nomor ponsel" name="phone" type="tel" inputMode="tel" autoComplete="off" hint="Contoh 0812 3456 7890" />
        <Field label="Email (bila ada)" name="email" type="email" autoComplete="off" />
      </fieldset>
      <button type="submit" disabled={busy || (family !== undefined && members.length === 0)}>
        {busy ? 'Menyimpan…' : 'Buat draf dan lanjut ke berkas'}
      </button>
    </form>
  );
}

export function Intake() {
  const state = useLoad(
    () =>
      Promise.all([api.GET('/api/v1/me'), api.GET('/api/v1/catalogue')]).then(([me, catalogue]) => ({
        data: me.data && catalogue.data && { me: me.data, catalogue: catalogue.data },
        error: me.error ?? catalogue.error,
      })),
    [],
  );
  const [applicant, setApplicant] = useState<Applicant>();
  const [code, setCode] = useState<string>();
  if (!state?.data) {
    return <Page title="Loket: permohonan baru">{state?.error ? <Notice kind="error">{state.error}</Notice> : <p>Memuat…</p>}</Page>;
  }
  const { me, catalogue } = state.data;
  // Someone outside this register can ask only for the province's services.
  const services = catalogue.filter(
    (s) => me.may_file?.includes(s.code) && (!applicant || 'family' in applicant || s.office === 'provinsi'),
  );
  const service = services.find((s) => s.code === code);
  return (
    <Page title="Loket: permohonan baru">
      {services.length === 0 && <Notice kind="error">Peran Anda tidak mengajukan permohonan atas nama pemohon.</Notice>}
      {services.length > 0 && !applicant && (
        <FindPerson found={setApplicant} province={services.some((s) => s.office === 'provinsi')} />
      )}
      {applicant && (
        <>
          <div class="card">
            <p>
              {'family' in applicant ? (
                <>
                  <strong>No. KK {applicant.family.no_kk}</strong> · {applicant.family.address} RT {applicant.family.rt}/RW{' '}
                  {applicant.family.rw}
                </>
              ) : (
                <strong>NIK {applicant.outside} (di luar database kependudukan ini)</strong>
              )}
            </p>
            <button type="button" class="secondary" onClick={() => (setApplicant(undefined), setCode(undefined))}>
              Cari pemohon lain
            </button>
          </div>
          <div class="field">
            <label for="layanan">Layanan</label>
            <select id="layanan" value={code ?? ''} onChange={(e) => setCode(e.currentTarget.value || undefined)}>
              <option value="">Pilih layanan…</option>
              {services.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          {service && <IntakeForm key={service.code} service={service} applicant={applicant} />}
        </>
      )}
    </Page>
  );
}
