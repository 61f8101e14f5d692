// Starting an application: which variant, for whom (from the family in the register, as the
// service's subject allows), and the service's declaration (see shared/declaration.tsx). The
// draft then takes the documents (see case.tsx). What is typed is kept in the browser until the
// draft exists, and a draft asked for without a connection is made once it returns.
import { useState } from 'preact/hooks';
import { api, kept, type Schemas } from '../../shared/api';
import { DeclarationFields, ErrorSummary, offered, useDeclaration } from '../../shared/declaration';
import { startDraft, VariantChoice } from '../../shared/draft';
import { Failed, KeptNotice, Notice, Page, text, useLoad, useSubmit } from '../../shared/ui';
import { go } from '../../shared/nav';

type Service = Schemas['ServiceView'];
/** The choices outside the declaration, kept beside it. */
type Choice = { variant?: string; applicant?: string };

function ApplyForm({ service, me }: { service: Service; me: Schemas['Me'] }) {
  const fields = service.fields ?? [];
  // Per account and service: another person signing in on this phone never sees them.
  const key = `ajukan.${me.user_id}.${service.code}`;
  const [choice] = useState(() => kept.get<Choice>(`${key}.pilihan`));
  const [restored] = useState(() => kept.get(key) !== undefined || choice !== undefined);
  const declaration = useDeclaration(fields, {}, undefined, key);
  const subject = service.subject;
  // Services for the family (seed 000) ask for whom; public ones (complaints, PPID) are the
  // reporter's own.
  const forFamily = service.requesters.includes('pengguna_pribadi');
  const family = (me.family ?? []).filter((m) => m.may_report_for && offered(m, subject?.member, me.nik));
  const { busy, error, onSubmit, waiting } = useSubmit(async (form) => {
    if (!declaration.complete()) return;
    const body = {
      service: service.code,
      variant: text(form, 'variant') || service.variants[0].code,
      applicant_nik: forFamily ? text(form, 'applicant') : undefined,
      answers: declaration.answers(),
    };
    const started = await startDraft(body, declaration);
    if (!('id' in started)) return started.message;
    kept.drop(key);
    kept.drop(`${key}.pilihan`);
    go(`/permohonan/${started.id}`);
  }, true);
  const keepChoice = (e: Event) => {
    const form = new FormData(e.currentTarget as HTMLFormElement);
    kept.set(`${key}.pilihan`, { variant: text(form, 'variant'), applicant: text(form, 'applicant') });
  };
  return (
    <form onSubmit={onSubmit} onChange={keepChoice} noValidate>
      <ErrorSummary problems={declaration.problems} />
      {error && <Notice kind="error">{error}</Notice>}
      <KeptNotice waiting={waiting} restored={restored} />
      <VariantChoice service={service} chosen={choice?.variant} />
      {forFamily && (
        <div class="field">
          <label for="applicant">{subject?.applicant_label ?? 'Untuk siapa'}</label>
          <small id="applicant-hint" class="hint">
            Anggota keluarga dalam KK Anda yang boleh Anda laporkan.
          </small>
          <select id="applicant" name="applicant" required aria-describedby="applicant-hint">
            {family.map((m) => (
              <option key={m.nik} value={m.nik} selected={m.nik === choice?.applicant}>
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
      <button type="submit" disabled={busy || waiting || (forFamily && family.length === 0)}>
        {waiting ? 'Menunggu koneksi…' : busy ? 'Menyimpan…' : 'Buat draf dan lanjut ke berkas'}
      </button>
    </form>
  );
}

export function Apply({ code }: { code: string }) {
  const loaded = useLoad(() => api.GET('/api/v1/catalogue/{service}', { params: { path: { service: code } } }), [code]);
  const mine = useLoad(() => api.GET('/api/v1/me'), []);
  const [service, me] = [loaded?.data, mine?.data];
  const failed = loaded?.error ? loaded : mine?.error ? mine : undefined;
  return (
    <Page title={service ? `Ajukan: ${service.name}` : 'Ajukan permohonan'}>
      {failed && <Failed error={failed.error!} retry={failed.retry} />}
      {!failed && !(service && me) && <p>Memuat…</p>}
      {service && me && <ApplyForm key={service.code} service={service} me={me} />}
    </Page>
  );
}
