// Starting a draft, as the citizen site and the counter's intake both do: the service's variants
// to choose from, and the request whose declaration problems go beside their fields.
import { api, problem, type Schemas } from './api';
import { formProblems, type useDeclaration } from './declaration';

/** The service's variants, when there is a choice; the first, or the one `chosen` before, checked. */
export function VariantChoice({ service, chosen }: { service: Schemas['ServiceView']; chosen?: string }) {
  if (service.variants.length < 2) return null;
  const checked = service.variants.some((v) => v.code === chosen) ? chosen : service.variants[0].code;
  return (
    <fieldset class="field">
      <legend>Jenis layanan</legend>
      {service.variants.map((v) => (
        <label class="option" key={v.code}>
          <input type="radio" name="variant" value={v.code} defaultChecked={v.code === checked} />
          <span>{v.name}</span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Creates the draft (retried safely with one idempotency key); the new case's id, or the problem
 * to show (the declaration's own problems are put beside their fields).
 */
export async function startDraft(
  body: Schemas['NewCase'],
  declaration: ReturnType<typeof useDeclaration>,
): Promise<{ id: string } | { message?: string }> {
  const { data, error } = await api.POST('/api/v1/cases', { body, headers: { 'Idempotency-Key': crypto.randomUUID() } });
  if (data) return { id: data.id };
  const problems = formProblems(error);
  if (!problems) return { message: problem(error) };
  declaration.setProblems(problems);
  return {};
}
