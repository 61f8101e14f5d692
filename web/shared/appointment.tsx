// The appointment of a case that waits for the person at a desk (or on a video call), as both apps
// show it: the booked slot with "move" and "cancel" (and, for officers once the hour has come,
// "did not come"), or the desk's coming working days to choose a slot from, with the places left.
import { useState } from 'preact/hooks';
import { api, problem, type Schemas } from './api';
import { Notice, useLoad, useSubmit } from './ui';

export function Appointment({
  view,
  officer,
  done,
}: {
  view: Schemas['CaseView'];
  officer?: boolean;
  done: (message: string) => void;
}) {
  const [choosing, setChoosing] = useState(false);
  const [error, setError] = useState<string>();
  const booked = view.appointment?.status === 'booked' ? view.appointment : undefined;
  if (!view.appointment_visit && !booked) return null;

  async function change(what: 'cancel' | 'no-show') {
    setError(undefined);
    const path = what === 'cancel' ? '/api/v1/cases/{id}/appointment/cancel' : '/api/v1/cases/{id}/appointment/no-show';
    try {
      const { error } = await api.POST(path, { params: { path: { id: view.id } }, body: { version: view.version } });
      if (error) setError(problem(error));
      else done(what === 'cancel' ? 'Janji temu dibatalkan.' : 'Ketidakhadiran dicatat; sesinya dibebaskan.');
    } catch (e) {
      setError(problem(e));
    }
  }

  return (
    <section aria-labelledby="janji-temu">
      <h2 id="janji-temu">Janji temu</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {booked && !choosing && (
        <>
          <p data-testid="janji-temu">
            <strong>{view.appointment_label}</strong>
          </p>
          {view.appointment_visit && (
            <div class="actions">
              <button type="button" class="secondary" onClick={() => setChoosing(true)}>
                Pindah jadwal
              </button>
              <button type="button" class="secondary" onClick={() => change('cancel')}>
                Batalkan janji temu
              </button>
              {officer && new Date(booked.start) <= new Date() && (
                <button type="button" class="secondary" onClick={() => change('no-show')}>
                  Catat tidak hadir
                </button>
              )}
            </div>
          )}
        </>
      )}
      {(choosing || !booked) && view.appointment_visit && (
        <Slots
          view={view}
          cancel={booked ? () => setChoosing(false) : undefined}
          done={(message) => {
            setChoosing(false);
            done(message);
          }}
        />
      )}
    </section>
  );
}

/** The desk's coming days: one day at a time, its slots as choices, full ones shown but closed. */
function Slots({ view, cancel, done }: { view: Schemas['CaseView']; cancel?: () => void; done: (message: string) => void }) {
  const offer = useLoad(() => api.GET('/api/v1/cases/{id}/slots', { params: { path: { id: view.id } } }), [view.version]);
  const [day, setDay] = useState(0);
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const start = String(form.get('slot') ?? '');
    if (!start) return 'Pilih jam janji temu.';
    const { error } = await api.POST('/api/v1/cases/{id}/appointment', {
      params: { path: { id: view.id } },
      body: { start, version: view.version },
    });
    if (error) return problem(error);
    done('Janji temu tercatat. Kami mengirim SMS dan email berisi jadwalnya, dan mengingatkan sehari sebelumnya.');
  });
  if (!offer) return <p>Memuat jadwal…</p>;
  if (offer.error || !offer.data) return <Notice kind="error">{offer.error ?? 'Jadwal tidak dapat dimuat'}</Notice>;
  const o = offer.data;
  const chosen = o.days[day];
  return (
    <form onSubmit={onSubmit} noValidate>
      <p>
        {o.visit_label} di <strong>{o.place}</strong> ({o.office_name}), {o.minutes} menit. Pilih hari, lalu jam.
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      <div class="field">
        <label for="slot-day">Hari</label>
        <select id="slot-day" value={day} onChange={(e) => setDay(Number((e.currentTarget as HTMLSelectElement).value))}>
          {o.days.map((d, i) => (
            <option key={d.date} value={i}>
              {d.label}
              {d.slots.every((s) => s.free === 0) && ' (penuh)'}
            </option>
          ))}
        </select>
      </div>
      {chosen && (
        <fieldset class="field slots">
          <legend>Jam ({chosen.label})</legend>
          {chosen.slots.map((s) => (
            <label key={s.start} class={s.free === 0 ? 'full' : undefined}>
              <input type="radio" name="slot" value={s.start} disabled={s.free === 0} /> {s.time}
              <small>{s.free === 0 ? 'penuh' : `${s.free} tempat`}</small>
            </label>
          ))}
        </fieldset>
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Memesan…' : 'Pesan jadwal ini'}
        </button>
        {cancel && (
          <button type="button" class="secondary" onClick={cancel}>
            Tetap jadwal lama
          </button>
        )}
      </div>
    </form>
  );
}
