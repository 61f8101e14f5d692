// What the admin's screens share: the choices their forms offer (roles, scopes, PKS services, in
// words, from the API), a secret shown once, checks before sending, the notice of a change, and
// an account's or a client's switch between active and disabled.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Schemas } from '../shared/api';
import { Confirm, text, useLoad } from '../shared/ui';

export type Choices = Schemas['Choices'] & {
  /** The words for a code of one list; the code itself when the list does not know it. */
  label: (list: 'roles' | 'scopes' | 'pks_services', code: string) => string;
};

/** The admin's choices, once loaded. */
export function useChoices(): Choices | undefined {
  const state = useLoad(() => api.GET('/api/v1/admin/choices'), []);
  const data = state?.data;
  if (!data) return undefined;
  return { ...data, label: (list, code) => data[list].find((c) => c.code === code)?.label ?? code };
}

/**
 * A secret the API shows once (a TOTP key, a client secret): it takes focus and says it will not
 * be shown again, so the admin copies it before going on.
 */
export function SecretShown({ title, lines }: { title: string; lines: [string, string][] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [lines]);
  return (
    <div class="card confirm" ref={box} tabIndex={-1} role="status" data-testid="rahasia">
      <h2>{title}</h2>
      <p>
        <strong>Salin sekarang: rahasia ini hanya ditampilkan sekali</strong> dan tidak tersimpan dalam bentuk yang dapat dibaca lagi.
      </p>
      <dl class="people">
        {lines.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <code>{value}</code>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/**
 * What is wrong with a form before it is sent, in words: the first required field left empty
 * (`required` names each field with its label), or an office code not written as one.
 */
export function beforeSending(form: FormData, required: Record<string, string>): string | undefined {
  const empty = Object.entries(required).find(([name]) => !text(form, name));
  if (empty) return `${empty[1]} wajib diisi.`;
  const office = text(form, 'office');
  if (office && !/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/.test(office)) {
    return 'Kode kantor ditulis seperti 73.06 (Dinas), 73.06.08 (kecamatan) atau 73.06.08.1001 (desa/kelurahan).';
  }
  return undefined;
}

/**
 * A page's changes: `reload` to load its list with, `done` the notice of the last change, and
 * `changed` to call after one (the notice, and a secret shown once, stand at the page's top).
 */
export function useChanges() {
  const [reload, setReload] = useState(0);
  const [done, setDone] = useState<string>();
  const changed = (message: string) => {
    setDone(message);
    setReload((n) => n + 1);
    window.scrollTo({ top: 0 });
  };
  return { reload, done, changed };
}

/** Whether an account or a client may act. */
export function Active({ disabled }: { disabled: boolean }) {
  return disabled ? <span class="badge bad">Nonaktif</span> : <span class="badge good">Aktif</span>;
}

/**
 * Disabling (asked twice, saying what follows) or enabling again the account or client `name`
 * (`what` is how a question names it: "akun Nur", "SIAK Gowa"); `set` answers a failure.
 */
export function Switch({
  name,
  what,
  disabled,
  set,
  children,
}: {
  name: string;
  what: string;
  disabled: boolean;
  set: (disabled: boolean) => Promise<string | undefined | void>;
  children: ComponentChildren;
}) {
  return disabled ? (
    <Confirm label="Aktifkan" name={name} question={`Aktifkan lagi ${what}?`} yes="Ya, aktifkan" danger={false} run={() => set(false)} />
  ) : (
    <Confirm label="Nonaktifkan" name={name} question={`Nonaktifkan ${what}?`} yes="Ya, nonaktifkan" run={() => set(true)}>
      {children}
    </Confirm>
  );
}
