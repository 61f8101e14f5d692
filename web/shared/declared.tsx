// A case's declaration as both apps read it: its sections with each answer in words, and for a
// data change the register's value beside the new one ("Semula: … / Menjadi: …").
import type { Schemas } from './api';

export function Declared({ sections, level = 3 }: { sections: Schemas['DeclaredSection'][]; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  if (sections.length === 0) return <p class="meta">Belum ada isian formulir.</p>;
  return (
    <>
      {sections.map((s, i) => (
        <section class="declared" key={s.title} aria-labelledby={`isian-${i}`}>
          <Heading id={`isian-${i}`}>{s.title}</Heading>
          <dl>
            {s.fields.map((f) => (
              <div key={f.name}>
                <dt>{f.label}</dt>
                <dd>
                  {f.on_record != null ? (
                    <>
                      <span class="was">Semula: {f.on_record}</span>
                      <br />
                      <strong>Menjadi: {f.value}</strong>
                    </>
                  ) : (
                    f.value
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
