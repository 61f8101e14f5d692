// A service's declaration as a form: every field kind with its own input, grouped under its
// section, each field shown only while its condition holds (live, as the answers change). What
// the person types is kept as text (`Raw`) and turned into the API's answers when sent; the
// same form starts a case (apply.tsx) and changes its answers while it is editable (case.tsx).
// Errors follow GOV.UK: a summary at the top that takes the focus and links to each field, and
// the message beside the field. Paths are the server's: `nama_anak`, `ibu_luar.nama`,
// `saksi.2.nik` (entries of a group count from 1).
import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { kept, type Schemas } from './api';

type Field = Schemas['Field'];
type Condition = Schemas['Condition'];
type Member = Schemas['FamilyMember'];
type MemberFilter = Schemas['MemberFilter'];

/** What the person has typed or picked, as text; turned into answers by `toAnswers`. */
export type Raw = string | string[] | RawEntry | RawEntry[];
export type RawEntry = { [name: string]: Raw };
export type Answers = Record<string, unknown>;

/** One thing to fix: the field's path (when the server or the check names one) and the words. */
export type Problem = { field?: string; code?: string; message: string };

// --- Dates and people ----------------------------------------------------------------------

/** Today in Gowa (WITA), as YYYY-MM-DD. */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(new Date());
}

/** A date of the API (YYYY-MM-DD) as people here write it, DD/MM/YYYY; anything else as it is. */
export function written(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}

/**
 * A date as typed (28/11/2026, 28-11-2026, 28.11.2026, 28 11 2026, 1/2/2026 or 28112026) as
 * the API takes it, YYYY-MM-DD; undefined when it is no date (31/02/2026 is none).
 */
export function isoDate(typed: string): string | undefined {
  const text = typed.trim();
  const m = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(text) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * Digits typed at the end of a date get their slashes (2811 is 28/11): a phone's number pad has
 * no slash key.
 */
function slashed(typed: string): string {
  if (!/^[\d/]*$/.test(typed)) return typed;
  const d = typed.replace(/\D/g, '').slice(0, 8);
  return [d.slice(0, 2), d.slice(2, 4), d.slice(4)].filter(Boolean).join('/');
}

/** Whole years from `born` to `on` (both YYYY-MM-DD). */
export function ageOn(born: string, on: string): number {
  const [by, bm, bd] = born.split('-').map(Number);
  const [ty, tm, td] = on.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Sex from a NIK: its day digits are 40 more for a woman. 1 Laki-laki, 2 Perempuan. */
export function sexOf(nik: string): 1 | 2 {
  return Number(nik.slice(6, 8)) > 40 ? 2 : 1;
}

/**
 * Whether a member of the family may be picked under `filter`. Members whose NIK the server
 * masks (those the reporter may not report for) cannot be named, so they are never offered.
 */
export function offered(m: Member, filter: MemberFilter | null | undefined, reporter: string | null | undefined, on = today()): boolean {
  if (!/^\d{16}$/.test(m.nik) || !m.birth_date) return false;
  if (!filter) return true;
  const age = ageOn(m.birth_date, on);
  return (
    (!filter.shdk?.length || filter.shdk.includes(m.shdk)) &&
    (filter.sex == null || filter.sex === sexOf(m.nik)) &&
    (filter.min_age == null || age >= filter.min_age) &&
    (filter.below_age == null || age < filter.below_age) &&
    !(filter.not_reporter && m.nik === reporter)
  );
}

// --- Conditions ----------------------------------------------------------------------------

type Facts = Record<string, string[]>;

/** What conditions read: the options chosen in choice, choices and yes/no fields (`ya`/`tidak`). */
function factsOf(fields: Field[], raw: RawEntry): Facts {
  const facts: Facts = {};
  for (const f of fields) {
    const v = raw[f.name];
    const known = (s: string) => f.options?.some((o) => o.value === s) ?? false;
    if (f.kind === 'choice' && typeof v === 'string' && known(v)) facts[f.name] = [v];
    if (f.kind === 'choices' && Array.isArray(v)) facts[f.name] = (v as string[]).filter(known);
    if (f.kind === 'yes_no' && (v === 'ya' || v === 'tidak')) facts[f.name] = [v];
  }
  return facts;
}

/** Whether a condition holds; those about the applicant (age, marriage, citizenship) count as true here. */
function holds(c: Condition, facts: Facts): boolean {
  if ('answer' in c) return facts[c.answer.field]?.includes(c.answer.is) ?? false;
  if ('any' in c) return c.any.some((x) => holds(x, facts));
  if ('all' in c) return c.all.every((x) => holds(x, facts));
  if ('not' in c) return !holds(c.not, facts);
  return true;
}

/** The fields asked with these answers. */
export function shownFields(fields: Field[], raw: RawEntry): Field[] {
  const facts = factsOf(fields, raw);
  return fields.filter((f) => !f.when || holds(f.when, facts));
}

// --- Parts of composite answers (as the server checks them) ---------------------------------

const SEX: Schemas['FieldOption'][] = [
  { value: '1', label: 'Laki-laki' },
  { value: '2', label: 'Perempuan' },
];
const CITIZENSHIP: Schemas['FieldOption'][] = [
  { value: '1', label: 'WNI' },
  { value: '2', label: 'WNA' },
];

const PERSON: Field[] = [
  { name: 'nama', label: 'Nama lengkap', kind: 'text', required: true, chars: 'name', max_length: 100 },
  { name: 'jenis_kelamin', label: 'Jenis kelamin', kind: 'choice', required: true, options: SEX },
  { name: 'tanggal_lahir', label: 'Tanggal lahir', kind: 'date', required: true },
  { name: 'kewarganegaraan', label: 'Kewarganegaraan', kind: 'choice', required: true, options: CITIZENSHIP },
  { name: 'nik', label: 'NIK (bila ada)', kind: 'nik' },
];

const ADDRESS: Field[] = [
  { name: 'alamat', label: 'Alamat (jalan, nomor, dusun)', kind: 'text', required: true, max_length: 200 },
  { name: 'rt', label: 'RT', kind: 'text', required: true, chars: 'digits', max_length: 3 },
  { name: 'rw', label: 'RW', kind: 'text', required: true, chars: 'digits', max_length: 3 },
  {
    name: 'kode_desa',
    label: 'Kode desa/kelurahan',
    kind: 'text',
    required: true,
    chars: 'reference',
    max_length: 13,
    help: '10 angka, misalnya 73.06.08.1001',
  },
  { name: 'nama_desa', label: 'Nama desa/kelurahan', kind: 'text', chars: 'name', max_length: 100 },
  { name: 'kode_pos', label: 'Kode pos', kind: 'text', chars: 'digits', min_length: 5, max_length: 5 },
];

/** The parts of a composite field (person, address) or the sub-fields of a group's entries. */
function partsOf(f: Field): Field[] {
  return f.kind === 'person' ? PERSON : f.kind === 'address' ? ADDRESS : (f.fields ?? []);
}

// --- Raw text <-> answers ------------------------------------------------------------------

const isEntry = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The form's starting text: from saved answers, or empty with a group's least number of entries. */
export function fromAnswers(fields: Field[], answers: Answers): RawEntry {
  const raw: RawEntry = {};
  for (const f of fields) {
    const v = answers[f.name];
    switch (f.kind) {
      case 'choices':
        raw[f.name] = Array.isArray(v) ? v.map(String) : [];
        break;
      case 'yes_no':
        raw[f.name] = v === true ? 'ya' : v === false ? 'tidak' : '';
        break;
      case 'person':
      case 'address':
        raw[f.name] = fromAnswers(partsOf(f), isEntry(v) ? v : {});
        break;
      case 'group': {
        const entries = Array.isArray(v) ? v.filter(isEntry) : [];
        const least = Math.max(f.min_items ?? 0, f.required ? 1 : 0);
        while (entries.length < least) entries.push({});
        raw[f.name] = entries.map((e) => fromAnswers(f.fields ?? [], e));
        break;
      }
      case 'date':
        raw[f.name] = v == null ? '' : written(String(v));
        break;
      default:
        raw[f.name] = v == null ? '' : String(v);
    }
  }
  return raw;
}

function blank(v: Raw | undefined): boolean {
  if (v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0 || v.every((x) => blank(x));
  return Object.values(v).every(blank);
}

/** One field's answer as the API takes it, or undefined when empty. */
function answerOf(f: Field, v: Raw | undefined): unknown {
  if (blank(v) && f.kind !== 'group') return undefined;
  switch (f.kind) {
    case 'number': {
      const text = String(v).trim().replace(',', '.');
      const n = Number(text);
      // Not a number: sent as typed, so the server names the problem beside the field.
      return text !== '' && Number.isFinite(n) ? n : text;
    }
    case 'yes_no':
      return v === 'ya';
    case 'date':
      // Not a date: sent as typed, so the server names the problem beside the field.
      return isoDate(String(v)) ?? String(v).trim();
    case 'choices':
      return v;
    case 'person':
    case 'address':
      return toAnswers(partsOf(f), v as RawEntry, false);
    case 'group': {
      const entries = (v as RawEntry[] | undefined) ?? [];
      if (entries.every(blank) && !f.required) return undefined;
      return entries.map((e) => toAnswers(f.fields ?? [], e, false));
    }
    default:
      return String(v).trim();
  }
}

/** The answers to send: the fields asked now (others are dropped), empty ones left out. */
export function toAnswers(fields: Field[], raw: RawEntry, onlyShown = true): Answers {
  const out: Answers = {};
  for (const f of onlyShown ? shownFields(fields, raw) : fields) {
    const a = answerOf(f, raw[f.name]);
    if (a !== undefined) out[f.name] = a;
  }
  return out;
}

/** The required answers missing, in the server's words and paths, before anything is sent. */
export function missing(fields: Field[], raw: RawEntry): Problem[] {
  const out: Problem[] = [];
  const need = (path: string, message: string) => out.push({ field: path, code: 'FIELD_REQUIRED', message });
  for (const f of shownFields(fields, raw)) {
    const v = raw[f.name];
    if (f.kind === 'group') {
      const entries = (v as RawEntry[] | undefined) ?? [];
      if (!f.required && entries.every(blank)) continue;
      if (entries.length < (f.min_items ?? 0)) need(f.name, `${f.label} paling sedikit ${f.min_items} entri`);
      entries.forEach((e, i) => {
        for (const sub of f.fields ?? []) {
          if (sub.required && blank(e[sub.name])) need(`${f.name}.${i + 1}.${sub.name}`, `${f.label} ${i + 1}: ${sub.label} wajib diisi`);
        }
      });
    } else if (blank(v)) {
      if (f.required) need(f.name, `${f.label} wajib diisi`);
    } else if (f.kind === 'person' || f.kind === 'address') {
      for (const part of partsOf(f)) {
        if (part.required && blank((v as RawEntry)[part.name])) need(`${f.name}.${part.name}`, `${f.label}: ${part.label} wajib diisi`);
      }
    }
  }
  return out;
}

/** The field problems of a refused form (422 FORM_INVALID), if that is what the error is. */
export function formProblems(error: unknown): Problem[] | undefined {
  if (!isEntry(error) || error.code !== 'FORM_INVALID') return undefined;
  const listed = Array.isArray(error.problems) ? (error.problems as Problem[]) : [];
  return listed.length ? listed : [{ message: String(error.message) }];
}

// --- The form's state ----------------------------------------------------------------------

/**
 * A declaration being filled: its text, the problems shown, the required check and the answers.
 * With `keep`, the text is kept in the browser as it is typed, and taken from there when the form
 * opens again (see `kept`).
 */
export function useDeclaration(fields: Field[], answers: Answers = {}, found?: Problem[], keep?: string) {
  const [raw, setRaw] = useState<RawEntry>(() => (keep && kept.get<RawEntry>(keep)) || fromAnswers(fields, answers));
  const [problems, setProblems] = useState<Problem[] | undefined>(found);
  return {
    raw,
    setRaw(next: RawEntry) {
      setRaw(next);
      if (keep) kept.set(keep, next);
    },
    problems,
    setProblems,
    /** Shows what is missing; true when nothing is. */
    complete(): boolean {
      const found = missing(fields, raw);
      setProblems(found.length ? found : undefined);
      return found.length === 0;
    },
    answers: () => toAnswers(fields, raw),
  };
}

// --- Rendering -----------------------------------------------------------------------------

/** The element id of a field's path: `saksi.2.nik` is `f-saksi-2-nik`. */
export const idOf = (path: string) => `f-${path.replace(/\./g, '-')}`;

/** Puts the focus on a field (its first control when it is a group of them) and shows it. */
function focusField(path: string) {
  const el = document.getElementById(idOf(path));
  const control = el?.matches('input, select, textarea') ? el : el?.querySelector<HTMLElement>('input, select, textarea, button');
  control?.focus();
  (el?.closest('.field') ?? el)?.scrollIntoView({ block: 'center' });
}

/** GOV.UK's error summary: at the top, takes the focus when it appears, links to each field. */
export function ErrorSummary({ problems }: { problems?: Problem[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [problems]);
  if (!problems?.length) return null;
  return (
    <div class="error-summary" ref={box} tabIndex={-1} role="alert" aria-labelledby="ringkasan-kesalahan">
      <h2 id="ringkasan-kesalahan">Ada isian yang perlu diperbaiki</h2>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.field}-${i}`}>
            {p.field ? (
              <a
                href={`#${idOf(p.field)}`}
                onClick={(e) => {
                  // The address after `#` chooses the page: move the focus without following it.
                  e.preventDefault();
                  focusField(p.field!);
                }}
              >
                {p.message}
              </a>
            ) : (
              p.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

type Context = { errors: Map<string, string>; family: Member[]; reporter?: string | null; today: string };
const Ctx = createContext<Context>({ errors: new Map(), family: [], today: '' });
/** The heading of the section drawn now: a field named the same does not repeat it visibly. */
const SectionTitle = createContext<string | undefined>(undefined);

const fmt = (n: number) => n.toLocaleString('id-ID');

/** What a field's hint says: its help, and the range and unit of a number. */
function hintOf(f: Field): string | undefined {
  const parts: string[] = [];
  if (f.help) parts.push(f.help);
  if (f.kind === 'number') {
    const unit = f.unit ? ` ${f.unit}` : '';
    if (f.min != null && f.max != null) parts.push(`Antara ${fmt(f.min)} dan ${fmt(f.max)}${unit}`);
    else if (f.min != null) parts.push(`Paling sedikit ${fmt(f.min)}${unit}`);
    else if (f.max != null) parts.push(`Paling banyak ${fmt(f.max)}${unit}`);
    if (f.decimals) parts.push(`paling banyak ${f.decimals} angka di belakang koma`);
  }
  if (f.kind === 'date') parts.push('Tanggal/bulan/tahun, mis. 17/08/2025');
  if (f.kind === 'nik' || f.kind === 'registered_nik') parts.push('16 angka NIK');
  if (f.kind === 'no_kk') parts.push('16 angka nomor KK');
  return parts.length ? parts.join('; ') : undefined;
}

/** The label as shown: optional fields say so, numbers name their unit. */
function labelOf(f: Field): string {
  const unit = f.kind === 'number' && f.unit ? ` (${f.unit})` : '';
  const optional = f.required || /\(bila ada\)/.test(f.label) ? '' : ' (tidak wajib)';
  return `${f.label}${unit}${optional}`;
}

/** The frame of one field: label or legend, hint, the error beside it, the control. */
function Frame({ f, path, group, children }: { f: Field; path: string; group: boolean; children: (describedBy: string | undefined, invalid: boolean) => ComponentChildren }) {
  const { errors } = useContext(Ctx);
  const section = useContext(SectionTitle);
  const id = idOf(path);
  const hint = hintOf(f);
  const error = errors.get(path);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const said = (
    <>
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <p id={`${id}-error`} class="error-message">
          <span class="visually-hidden">Kesalahan: </span>
          {error}
        </p>
      )}
    </>
  );
  if (group) {
    return (
      <fieldset class={`field${error ? ' has-error' : ''}`} id={id} aria-describedby={describedBy}>
        <legend class={section === f.label && path === f.name ? 'visually-hidden' : undefined}>{labelOf(f)}</legend>
        {said}
        {children(undefined, !!error)}
      </fieldset>
    );
  }
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{labelOf(f)}</label>
      {said}
      {children(describedBy, !!error)}
    </div>
  );
}

type LeafProps = { f: Field; path: string; value: Raw | undefined; set: (v: Raw) => void };

/** Option lists this short are radio buttons; longer ones a select. */
const RADIO_MAX = 4;

function Options({ path, value, set, options, multiple }: Omit<LeafProps, 'f'> & { options: Schemas['FieldOption'][]; multiple: boolean }) {
  const id = idOf(path);
  const chosen = Array.isArray(value) ? (value as string[]) : [];
  return (
    <div class="options">
      {options.map((o) => (
        <label class="option" key={o.value}>
          <input
            type={multiple ? 'checkbox' : 'radio'}
            name={id}
            value={o.value}
            checked={multiple ? chosen.includes(o.value) : value === o.value}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              if (!multiple) return set(o.value);
              set(on ? [...chosen, o.value] : chosen.filter((c) => c !== o.value));
            }}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  );
}

function Select({ id, value, set, options, placeholder, describedBy, invalid, required }: {
  id: string;
  value: string;
  set: (v: string) => void;
  options: Schemas['FieldOption'][];
  placeholder: string;
  describedBy?: string;
  invalid: boolean;
  required: boolean;
}) {
  return (
    <select
      id={id}
      value={value}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      aria-required={required || undefined}
      onChange={(e) => set(e.currentTarget.value)}
    >
      <option value="">{placeholder}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** A field with one control (or one set of options). */
function Leaf({ f, path, value, set }: LeafProps) {
  const ctx = useContext(Ctx);
  const id = idOf(path);
  const text = typeof value === 'string' ? value : '';
  const yesNo = [
    { value: 'ya', label: 'Ya' },
    { value: 'tidak', label: 'Tidak' },
  ];
  const options = f.kind === 'yes_no' ? yesNo : (f.options ?? []);
  if (f.kind === 'choices' || f.kind === 'yes_no' || (f.kind === 'choice' && options.length <= RADIO_MAX)) {
    return (
      <Frame f={f} path={path} group>
        {() => <Options path={path} value={value} set={set} options={options} multiple={f.kind === 'choices'} />}
      </Frame>
    );
  }
  return (
    <Frame f={f} path={path} group={false}>
      {(describedBy, invalid) => {
        const common = {
          id,
          value: text,
          'aria-describedby': describedBy,
          'aria-invalid': invalid || undefined,
          'aria-required': f.required || undefined,
          onInput: (e: Event) => set((e.currentTarget as HTMLInputElement).value),
        };
        switch (f.kind) {
          case 'choice':
            return <Select id={id} value={text} set={set} options={options} placeholder="Pilih…" describedBy={describedBy} invalid={invalid} required={!!f.required} />;
          case 'family_member': {
            const members = ctx.family.filter((m) => offered(m, f.member, ctx.reporter, ctx.today));
            const choices = members.map((m) => ({ value: m.nik, label: `${m.name} (${m.shdk_label})` }));
            return (
              <>
                <Select id={id} value={text} set={set} options={choices} placeholder="Pilih anggota keluarga…" describedBy={describedBy} invalid={invalid} required={!!f.required} />
                {members.length === 0 && <small class="hint">Tidak ada anggota keluarga dalam KK Anda yang dapat dipilih di sini.</small>}
              </>
            );
          }
          case 'number': {
            const decimals = f.decimals ?? 0;
            return (
              <span class="with-unit">
                <input
                  type="number"
                  inputMode={decimals ? 'decimal' : 'numeric'}
                  step={decimals ? (1 / 10 ** decimals).toFixed(decimals) : 1}
                  min={f.min ?? undefined}
                  max={f.max ?? undefined}
                  {...common}
                />
                {f.unit && <span aria-hidden="true">{f.unit}</span>}
              </span>
            );
          }
          case 'date':
            return (
              <input
                class="short"
                inputMode="numeric"
                autoComplete="off"
                maxLength={10}
                {...common}
                // Slashes only while typing at the end: an edit in the middle stays as typed.
                onInput={(e) => {
                  const input = e.currentTarget;
                  set(input.selectionStart === input.value.length ? slashed(input.value) : input.value);
                }}
              />
            );
          case 'time':
            return <input type="time" {...common} />;
          case 'date_time':
            return <input type="datetime-local" max={f.future ? undefined : `${ctx.today}T23:59`} {...common} />;
          case 'nik':
          case 'no_kk':
          case 'registered_nik':
            return <input inputMode="numeric" autoComplete="off" maxLength={16} pattern="\d{16}" {...common} />;
          default:
            if (f.chars === 'free') return <textarea rows={4} maxLength={f.max_length ?? undefined} {...common} />;
            return (
              <input
                // A few characters (RT, RW, kode pos) need no full-width box.
                class={f.max_length != null && f.max_length <= 5 ? 'short' : undefined}
                inputMode={f.chars === 'digits' ? 'numeric' : undefined}
                maxLength={f.max_length ?? undefined}
                autoComplete="off"
                {...common}
              />
            );
        }
      }}
    </Frame>
  );
}

/** A person outside the register or an address: its parts in one fieldset. */
function Composite({ f, path, value, set }: LeafProps) {
  const entry = (value ?? {}) as RawEntry;
  return (
    <Frame f={f} path={path} group>
      {() =>
        partsOf(f).map((part) => (
          <Leaf key={part.name} f={part} path={`${path}.${part.name}`} value={entry[part.name]} set={(v) => set({ ...entry, [part.name]: v })} />
        ))
      }
    </Frame>
  );
}

/** Repeated entries of the same sub-fields, added and removed within min_items..max_items. */
function Group({ f, path, value, set }: LeafProps) {
  const entries = (Array.isArray(value) ? value : []) as RawEntry[];
  const least = f.min_items ?? 0;
  const most = f.max_items ?? Infinity;
  const name = f.label.toLowerCase();
  function add() {
    set([...entries, fromAnswers(f.fields ?? [], {})]);
    // Once drawn, the new entry's first input takes the focus.
    const first = f.fields?.[0]?.name;
    if (first) setTimeout(() => focusField(`${path}.${entries.length + 1}.${first}`));
  }
  return (
    <Frame f={f} path={path} group>
      {() => (
        <>
          {entries.map((entry, i) => (
            <fieldset class="entry" key={i}>
              <legend>
                {f.label} {i + 1}
              </legend>
              {(f.fields ?? []).map((sub) => (
                <AnyField
                  key={sub.name}
                  f={sub}
                  path={`${path}.${i + 1}.${sub.name}`}
                  value={entry[sub.name]}
                  set={(v) => set(entries.map((e, j) => (j === i ? { ...e, [sub.name]: v } : e)))}
                />
              ))}
              {entries.length > least && (
                <button type="button" class="secondary" onClick={() => set(entries.filter((_, j) => j !== i))}>
                  Hapus<span class="visually-hidden"> {name} {i + 1}</span>
                </button>
              )}
            </fieldset>
          ))}
          {entries.length < most && (
            <button type="button" class="secondary" onClick={add}>
              Tambah {name}
            </button>
          )}
        </>
      )}
    </Frame>
  );
}

function AnyField(props: LeafProps) {
  switch (props.f.kind) {
    case 'person':
    case 'address':
      return <Composite {...props} />;
    case 'group':
      return <Group {...props} />;
    default:
      return <Leaf {...props} />;
  }
}

/**
 * The declaration's inputs under their section headings, only those asked with the answers so
 * far. `family` and `reporter` are the signed-in resident's (GET /me), for family-member fields.
 */
export function DeclarationFields({ fields, raw, setRaw, problems, family, reporter, level = 2 }: {
  fields: Field[];
  /** The level of the section headings (3 inside a page's own section). */
  level?: 2 | 3;
  raw: RawEntry;
  setRaw: (raw: RawEntry) => void;
  problems?: Problem[];
  family: Member[];
  reporter?: string | null;
}) {
  const errors = new Map<string, string>();
  for (const p of problems ?? []) if (p.field && !errors.has(p.field)) errors.set(p.field, p.message);
  const sections: { title?: string; fields: Field[] }[] = [];
  for (const f of shownFields(fields, raw)) {
    const title = f.section ?? undefined;
    const at = sections.find((s) => s.title === title);
    if (at) at.fields.push(f);
    else sections.push({ title, fields: [f] });
  }
  const Heading = level === 2 ? 'h2' : 'h3';
  const body = (list: Field[]) =>
    list.map((f) => <AnyField key={f.name} f={f} path={f.name} value={raw[f.name]} set={(v) => setRaw({ ...raw, [f.name]: v })} />);
  return (
    <Ctx.Provider value={{ errors, family, reporter, today: today() }}>
      {sections.map((s, i) =>
        s.title ? (
          <section class="form-section" key={s.title} aria-labelledby={`bagian-${i}`}>
            <Heading id={`bagian-${i}`}>{s.title}</Heading>
            <SectionTitle.Provider value={s.title}>{body(s.fields)}</SectionTitle.Provider>
          </section>
        ) : (
          body(s.fields)
        ),
      )}
    </Ctx.Provider>
  );
}
