// Starting an application: which variant, for whom (from the family in the register, as the
// service's subject allows), and the service's declaration (see shared/declaration.tsx). The
// draft then takes the documents (see case.tsx).
import { useEffect, useState } from 'preact/hooks';
import { api, problem, type Schemas } from '../../shared/api';
import { DeclarationFields, ErrorSummary, offered, useDeclaration } from '../../shared/declaration';
import { startDraft, VariantChoice } from '../../shared/draft';
import { Notice, Page, text, useSubmit } from '../../shared/ui';
import { go } from '../../shared/nav';

type Service = Schemas['ServiceView'];

function ApplyForm({ service, me }: { service: Service; me: Schemas['Me'] }) {
  const fields = service.fields ?? [];
  const declaration = useDeclaration(fields);
  const subject = service.subject;
  // Services for the family (seed 000) ask for whom; public ones (complaints, PPID) are the
  // reporter's own.
  const forFamily = service.requesters.includes('pengguna_pribadi');
  const family = (me.family ?? []).filter((m) => m.may_report_for && offered(m, subject?.member, me.nik));
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    if (!declaration.complete()) return;
    const body = {
      service: service.code,
      variant: text(form, 'variant') || service.variants[0].code,
      applicant_nik: forFamily ? text(form, 'applicant') : undefined,
      answers: declaration.answers(),
    };
    const started = await startDraft(body, declaration);
    if ('id' in started) go(`/permohonan/${started.id}`);
    else return started.message;
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <ErrorSummary problems={declaration.problems} />
      {error && <Notice kind="error">{error}</Notice>}
      <VariantChoice service={service} />
      {forFamily && (
        <div class="field">
          <label for="applicant">{subject?.applicant_label ?? 'Untuk siapa'}</label>
          <small id="applicant-hint" class="hint">
            Anggota keluarga dalam KK Anda yang boleh Anda laporkan.
          </small>
          <select id="applicant" name="applicant" required aria-describedby="applicant-hint">
            {family.map((m) => (
              <option key={m.nik} value={m.nik}>
                {m.name} ({m.shdk_label})
              </option>
            ))}
          </select>
          {family.length === 0 && <Notice kind="error">Tidak ada anggota keluarga dalam KK Anda yang dapat dipilih untuk layanan ini.</Notice>}
        </div>
      )}
      <DeclarationFields
        fields={fields}
        raw={declaration.raw}
        setRaw={declaration.setRaw}
        problems={declaration.problems}
        family={me.family ?? []}
        reporter={me.nik}
      />
      <button type="submit" disabled={busy || (forFamily && family.length === 0)}>
        {busy ? 'Menyimpan…' : 'Buat draf dan lanjut ke berkas'}
      </button>
    </form>
  );
}

export function Apply({ code }: { code: string }) {
  const [service, setService] = useState<Service>();
  const [me, setMe] = useState<Schemas['Me']>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    Promise.all([api.GET('/api/v1/catalogue/{service}', { params: { path: { service: code } } }), api.GET('/api/v1/me')])
      .then(([s, m]) => {
        if (s.error || m.error) setError(problem(s.error ?? m.error));
        setService(s.data);
        setMe(m.data);
      })
      .catch((e) => setError(problem(e)));
  }, [code]);
  return (
    <Page title={service ? `Ajukan: ${service.name}` : 'Ajukan permohonan'}>
      {error && <Notice kind="error">{error}</Notice>}
      {!error && !(service && me) && <p>Memuat…</p>}
      {service && me && <ApplyForm key={service.code} service={service} me={me} />}
    </Page>
  );
}
