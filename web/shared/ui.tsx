// Small components both apps share: labelled fields, buttons, notices.
import type { ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';

type InputProps = JSX.IntrinsicElements['input'] & { label: string; hint?: string };

/** A text input with its label and, when given, a hint read out with it. */
export function Field({ label, hint, ...input }: InputProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

/** An error or a confirmation, announced to screen readers. */
export function Notice({ kind, children }: { kind: 'error' | 'ok'; children: ComponentChildren }) {
  return (
    <p class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

export function Page({ title, children }: { title: string; children: ComponentChildren }) {
  document.title = `${title} · Layanan Adminduk Online`;
  return (
    <section aria-labelledby="judul">
      <h1 id="judul">{title}</h1>
      {children}
    </section>
  );
}
