// Starting an application: which variant, for whom (from the family in the register), and the
// service's own form. The draft then takes the documents (see case.tsx).
import { useEffect, useState } from 'preact/hooks';
import { api, problem, type Schemas } from '../../shared/api';
import { Notice, Page, text, useSubmit } from '../../shared/ui';
import { go } from '../../shared/nav';

type Field = Schemas['Field'];

function FormField({ field }: { field: Field }) {
  const id = `f-${field.name}`;
  const common = { id, name: field.name, required: field.required ?? false };
  const input = (() => {
    switch (field.kind) {
      case 'date':
        return <input type="date" {...common} />;
      case 'number':
        return <input type="number" inputMode="numeric" {...common} />;
      case 'nik':
      case 'no_kk':
        return <input inputMode="numeric" maxLength={16} pattern="\d{16}" {...common} />;
      case 'choice':
        return (
          <select {...common}>
            <option value="">Pilih…</option>
            {field.options?.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        );
      case 'choices':
        return null;
      default:
        return <input {...common} />;
    }
  })();
  if (field.kind === 'choices') {
    return (
      <fieldset class="field">
        <legend>{field.label}</legend>
        {field.options?.map((o) => (
          <label key={o.value}>
            <input type="checkbox" name={field.name} value={o.value} /> {o.label}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <div class="field">
      <label for={id}>
        {field.label}
        {field.required ? '' : ' (tidak wajib)'}
      </label>
      {input}
      {field.help && <small class="hint">{field.help}</small>}
    </div>
  );
}

export function Apply({ code }: { code: string }) {
  const [service, setService] = useState<Schemas['ServiceView']>();
  const [me, setMe] = useState<Schemas['Me']>();
  const [loadError, setLoadError] = useState<string>();
  useEffect(() => {
    Promise.all([api.GET('/api/v1/catalogue/{service}', { params: { path: { service: code } } }), api.GET('/api/v1/me')])
      .then(([s, m]) => {
        if (s.error || m.error) setLoadError(problem(s.error ?? m.error));
        setService(s.data);
        setMe(m.data);
      })
      .catch((e) => setLoadError(problem(e)));
  }, [code]);

  const family = me?.family?.filter((m) => m.may_report_for) ?? [];
  // Services for the family (seed 000) ask for whom; public ones (complaints, PPID) are the
  // reporter's own.
  const forFamily = service?.requesters.includes('pengguna_pribadi') ?? false;
  const submission = useSubmit(async (form) => {
    if (!service) return;
    const answers: Record<string, unknown> = {};
    for (const f of service.fields ?? []) {
      const values = form.getAll(f.name).map(String).filter((v) => v !== '');
      if (f.kind === 'choices') answers[f.name] = values;
      else if (values.length) answers[f.name] = f.kind === 'number' ? Number(values[0]) : values[0];
    }
    const body = {
      service: service.code,
      variant: text(form, 'variant') || service.variants[0].code,
      applicant_nik: forFamily ? text(form, 'applicant') : undefined,
      answers,
    };
    const { data, error } = await api.POST('/api/v1/cases', { body, headers: { 'Idempotency-Key': crypto.randomUUID() } });
    if (error || !data) return problem(error);
    go(`/permohonan/${data.id}`);
  });
  const { busy, onSubmit } = submission;
  const error = loadError ?? submission.error;
  return (
    <Page title={service ? `Ajukan: ${service.name}` : 'Ajukan permohonan'}>
      {error && <Notice kind="error">{error}</Notice>}
      {service && me && (
        <form onSubmit={onSubmit} noValidate>
          {service.variants.length > 1 && (
            <fieldset class="field">
              <legend>Jenis layanan</legend>
              {service.variants.map((v, i) => (
                <label key={v.code}>
                  <input type="radio" name="variant" value={v.code} defaultChecked={i === 0} /> {v.name}
                </label>
              ))}
            </fieldset>
          )}
          {forFamily && (
          <div class="field">
            <label for="applicant">Untuk siapa</label>
            <select id="applicant" name="applicant" required>
              {family.map((m) => (
                <option key={m.nik} value={m.nik}>
                  {m.name} ({m.shdk_label})
                </option>
              ))}
            </select>
            <small class="hint">Anggota keluarga dalam KK Anda yang boleh Anda laporkan.</small>
          </div>
          )}
          {(service.fields ?? []).map((f) => (
            <FormField key={f.name} field={f} />
          ))}
          <button type="submit" disabled={busy}>
            {busy ? 'Menyimpan…' : 'Buat draf dan lanjut ke berkas'}
          </button>
        </form>
      )}
    </Page>
  );
}
