//! Checking a declaration: every answer against its field's kind and limits, fields asked only
//! when their condition holds, people checked against the reporter's family and the register
//! the caller looked up. Pure: the register data comes in through [`Context`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;
use serde_json::Value;

use crate::age::age_in_years;
use crate::catalogue::{Facts, Field, FieldKind, MemberFilter, Service, TextChars};
use crate::codes::{Citizenship, MaritalStatus, Sex, Shdk};
use crate::ids::{Nik, NoKk};
use crate::region::{self, Lookup};

/// Answers as submitted: field name to a JSON value.
pub type Answers = BTreeMap<String, Value>;

/// Texts without their own `max_length`: one line, or several (`free`).
const MAX_LINE: u32 = 200;
const MAX_FREE: u32 = 2000;

/// One answer that cannot be accepted; `field` is its path (`saksi.1.nik`, `ibu_luar.nama`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

/// Someone in the register, as a declaration needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub nik: String,
    pub name: String,
    pub shdk: Shdk,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub alive: bool,
}

/// What the checks read besides the answers.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub today: NaiveDate,
    /// The reporter's own NIK, when they have one.
    pub reporter_nik: Option<&'a str>,
    /// The reporter's family in the register (residents; empty for others).
    pub family: &'a [Member],
    /// The register's entry for each NIK the answers name ([`named_niks`]); absent ones are not
    /// in the register.
    pub register: &'a BTreeMap<String, Member>,
    /// The applicant's situation, for conditions on age or marital status.
    pub applicant: Option<ApplicantFacts>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantFacts {
    pub age_years: u32,
    pub marital_status: MaritalStatus,
    pub citizenship: Citizenship,
    pub family: Vec<MaritalStatus>,
}

impl ApplicantFacts {
    /// What conditions read: this applicant with the chosen options.
    pub fn with_answers(self, answers: BTreeMap<String, BTreeSet<String>>) -> Facts {
        Facts {
            age_years: self.age_years,
            marital_status: self.marital_status,
            citizenship: self.citizenship,
            family: self.family,
            answers,
        }
    }
}

impl Context<'_> {
    /// A context without register data: what a form can be checked against on its own.
    pub fn bare(today: NaiveDate) -> Context<'static> {
        static EMPTY: std::sync::OnceLock<BTreeMap<String, Member>> = std::sync::OnceLock::new();
        Context { today, reporter_nik: None, family: &[], register: EMPTY.get_or_init(BTreeMap::new), applicant: None }
    }
}

/// The NIKs a declaration names in fields that are checked against the register.
pub fn named_niks(service: &Service, answers: &Answers) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut take = |f: &Field, v: &Value| {
        if matches!(f.kind, FieldKind::RegisteredNik | FieldKind::FamilyMember) {
            if let Some(s) = v.as_str() {
                out.insert(s.trim().to_string());
            }
        }
    };
    for f in &service.fields {
        let Some(v) = answers.get(&f.name) else { continue };
        take(f, v);
        if f.kind == FieldKind::Group {
            for entry in v.as_array().into_iter().flatten() {
                for sub in &f.fields {
                    if let Some(v) = entry.get(&sub.name) {
                        take(sub, v);
                    }
                }
            }
        }
    }
    out
}

/// Which fields apply to these answers: those without a condition and those whose condition
/// holds. What conditions read: the chosen options (and yes/no as `ya`/`tidak`).
pub fn choices_of(service: &Service, answers: &Answers) -> BTreeMap<String, BTreeSet<String>> {
    let mut choices = BTreeMap::new();
    for f in &service.fields {
        let Some(v) = answers.get(&f.name) else { continue };
        let option = |s: &str| f.options.iter().any(|o| o.value == s);
        let picked: BTreeSet<String> = match f.kind {
            FieldKind::Choice => v.as_str().filter(|s| option(s)).map(str::to_string).into_iter().collect(),
            FieldKind::Choices => v
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().filter(|s| option(s)))
                .map(str::to_string)
                .collect(),
            FieldKind::YesNo => v.as_bool().map(|b| if b { "ya" } else { "tidak" }.to_string()).into_iter().collect(),
            _ => continue,
        };
        if !picked.is_empty() {
            choices.insert(f.name.clone(), picked);
        }
    }
    choices
}

/// The fields that apply to these answers (their `when` holds, or they have none).
pub fn applicable_fields<'a>(service: &'a Service, answers: &Answers, ctx: &Context) -> Vec<&'a Field> {
    let facts = facts_of(ctx, choices_of(service, answers));
    service.fields.iter().filter(|f| f.when.as_ref().is_none_or(|c| c.holds(&facts))).collect()
}

fn facts_of(ctx: &Context, answers: BTreeMap<String, BTreeSet<String>>) -> Facts {
    let a = ctx.applicant.clone().unwrap_or(ApplicantFacts {
        age_years: 0,
        marital_status: MaritalStatus::BelumKawin,
        citizenship: Citizenship::Wni,
        family: Vec::new(),
    });
    a.with_answers(answers)
}

/// Checks `answers` against `service`'s declaration. Returns the chosen options (what
/// conditions read), or every problem. Required answers may be missing while `complete` is
/// false (a draft); an answer to a field that does not apply is not checked (it is kept, and
/// counts again if the condition comes to hold).
pub fn check_answers(
    service: &Service,
    answers: &Answers,
    ctx: &Context,
    complete: bool,
) -> Result<BTreeMap<String, BTreeSet<String>>, Vec<FieldProblem>> {
    let mut p = Problems(Vec::new());
    for name in answers.keys() {
        if service.field(name).is_none() {
            p.add(name, "FIELD_UNKNOWN", format!("Isian {name} tidak ada pada layanan ini"));
        }
    }
    for field in applicable_fields(service, answers, ctx) {
        check_field(field, &field.name, answers.get(&field.name), ctx, complete, &mut p);
    }
    if p.0.is_empty() { Ok(choices_of(service, answers)) } else { Err(p.0) }
}

struct Problems(Vec<FieldProblem>);

impl Problems {
    fn add(&mut self, path: &str, code: &'static str, message: impl Into<String>) {
        self.0.push(FieldProblem { field: path.to_string(), code, message: message.into() });
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_empty),
        _ => false,
    }
}

fn check_field(f: &Field, path: &str, value: Option<&Value>, ctx: &Context, complete: bool, p: &mut Problems) {
    let label = &f.label;
    let Some(value) = value.filter(|v| !is_empty(v)) else {
        if f.required && complete {
            p.add(path, "FIELD_REQUIRED", format!("{label} wajib diisi"));
        }
        return;
    };
    let text = value.as_str().map(str::trim);
    match f.kind {
        FieldKind::Text => match text {
            Some(t) => check_text(f, path, t, p),
            None => p.add(path, "FIELD_INVALID", format!("{label} harus berupa teks")),
        },
        FieldKind::Number => check_number(f, path, value, p),
        FieldKind::Date => match text.and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()) {
            Some(d) if d > ctx.today && !f.future => {
                p.add(path, "DATE_IN_FUTURE", format!("{label} tidak boleh setelah hari ini"))
            }
            Some(_) => {}
            None => p.add(path, "DATE_INVALID", format!("{label} harus tanggal TTTT-BB-HH")),
        },
        FieldKind::Time => {
            if text.and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok()).is_none() {
                p.add(path, "TIME_INVALID", format!("{label} harus jam JJ:MM (00:00 sampai 23:59)"));
            }
        }
        FieldKind::DateTime => match text.and_then(|t| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M").ok()) {
            Some(d) if d.date() > ctx.today && !f.future => {
                p.add(path, "DATE_IN_FUTURE", format!("{label} tidak boleh setelah hari ini"))
            }
            Some(_) => {}
            None => p.add(path, "DATE_TIME_INVALID", format!("{label} harus tanggal dan jam TTTT-BB-HHTJJ:MM")),
        },
        FieldKind::Choice => {
            if !text.is_some_and(|t| f.options.iter().any(|o| o.value == t)) {
                p.add(path, "CHOICE_INVALID", format!("Pilihan {label} tidak tersedia"));
            }
        }
        FieldKind::Choices => {
            let all_known = value
                .as_array()
                .is_some_and(|a| a.iter().all(|v| v.as_str().is_some_and(|s| f.options.iter().any(|o| o.value == s))));
            if !all_known {
                p.add(path, "CHOICE_INVALID", format!("Pilihan {label} tidak tersedia"));
            }
        }
        FieldKind::YesNo => {
            if !value.is_boolean() {
                p.add(path, "YES_NO_INVALID", format!("{label} harus dijawab ya atau tidak"));
            }
        }
        FieldKind::Nik => {
            if let Err(e) = Nik::parse(text.unwrap_or_default(), ctx.today) {
                p.add(path, crate::Coded::code(&e), format!("{label}: {e}"));
            }
        }
        FieldKind::NoKk => {
            if let Err(e) = NoKk::parse(text.unwrap_or_default()) {
                p.add(path, crate::Coded::code(&e), format!("{label}: {e}"));
            }
        }
        FieldKind::RegisteredNik => match Nik::parse(text.unwrap_or_default(), ctx.today) {
            Err(e) => p.add(path, crate::Coded::code(&e), format!("{label}: {e}")),
            Ok(nik) if !ctx.register.contains_key(nik.as_str()) => {
                p.add(path, "NIK_NOT_IN_REGISTER", format!("{label}: NIK tidak terdaftar dalam database kependudukan"))
            }
            Ok(_) => {}
        },
        FieldKind::FamilyMember => {
            let filter = f.member.clone().unwrap_or_default();
            let member = ctx.family.iter().find(|m| Some(m.nik.as_str()) == text);
            if !member.is_some_and(|m| offered(&filter, m, ctx)) {
                p.add(path, "MEMBER_NOT_ALLOWED", format!("{label}: pilih anggota keluarga yang tersedia"));
            }
        }
        FieldKind::Person => check_person(f, path, value, ctx, p),
        FieldKind::Address => check_address(f, path, value, ctx, p),
        FieldKind::Group => check_group(f, path, value, ctx, complete, p),
    }
}

/// Whether a family member may be picked for a field with this filter.
pub fn offered(filter: &MemberFilter, m: &Member, ctx: &Context) -> bool {
    not_offered_because(filter, m, ctx).is_none()
}

/// Why `m` is not offered by `filter`, in words for the reporter; `None` when offered.
pub fn not_offered_because(filter: &MemberFilter, m: &Member, ctx: &Context) -> Option<String> {
    let age = age_in_years(m.birth_date, ctx.today);
    if !m.alive {
        Some("Tercatat sudah meninggal".into())
    } else if !filter.shdk.is_empty() && !filter.shdk.contains(&m.shdk) {
        Some(format!("Hanya untuk {}", filter.shdk.iter().map(|s| s.label()).collect::<Vec<_>>().join(", ")))
    } else if filter.sex.is_some_and(|s| s != m.sex) {
        Some("Jenis kelaminnya tidak sesuai layanan ini".into())
    } else if let Some(a) = filter.min_age.filter(|a| age < *a) {
        Some(format!("Hanya untuk usia {a} tahun ke atas"))
    } else if let Some(a) = filter.below_age.filter(|a| age >= *a) {
        Some(format!("Hanya untuk usia di bawah {a} tahun"))
    } else if filter.not_reporter && ctx.reporter_nik == Some(m.nik.as_str()) {
        Some("Dilaporkan oleh anggota keluarga lain, bukan oleh yang bersangkutan".into())
    } else {
        None
    }
}

fn allowed_char(chars: TextChars, c: char) -> bool {
    match chars {
        TextChars::Name => c.is_alphabetic() || matches!(c, ' ' | '.' | ',' | '\'' | '-'),
        TextChars::Digits => c.is_ascii_digit(),
        TextChars::Reference => c.is_alphanumeric() || matches!(c, ' ' | '/' | '.' | '-'),
        TextChars::Line => !c.is_control(),
        TextChars::Free => !c.is_control() || c == '\n',
    }
}

fn check_text(f: &Field, path: &str, t: &str, p: &mut Problems) {
    let label = &f.label;
    let chars = f.chars.unwrap_or(TextChars::Line);
    let max = f.max_length.unwrap_or(if chars == TextChars::Free { MAX_FREE } else { MAX_LINE });
    let n = u32::try_from(t.chars().count()).unwrap_or(u32::MAX);
    if n > max {
        p.add(path, "TEXT_TOO_LONG", format!("{label} paling banyak {max} karakter"));
    } else if f.min_length.is_some_and(|min| n < min) {
        p.add(path, "TEXT_TOO_SHORT", format!("{label} paling sedikit {} karakter", f.min_length.unwrap_or(0)));
    } else if let Some(bad) = t.chars().find(|c| !allowed_char(chars, *c)) {
        let what = match chars {
            TextChars::Name => "hanya huruf, spasi dan tanda . , ' -",
            TextChars::Digits => "hanya angka",
            TextChars::Reference => "hanya huruf, angka, spasi dan tanda / . -",
            TextChars::Line => "satu baris tanpa karakter kendali",
            TextChars::Free => "tanpa karakter kendali",
        };
        let shown = if bad.is_control() { format!("U+{:04X}", u32::from(bad)) } else { bad.to_string() };
        p.add(path, "TEXT_CHARS", format!("{label} {what} (ada '{shown}')"));
    }
}

fn check_number(f: &Field, path: &str, value: &Value, p: &mut Problems) {
    let label = &f.label;
    let unit = f.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
    let Some(n) = value.as_f64().filter(|n| n.is_finite()) else {
        p.add(path, "NUMBER_INVALID", format!("{label} harus berupa angka"));
        return;
    };
    let scaled = n * 10f64.powi(i32::from(f.decimals));
    if (scaled - scaled.round()).abs() > 1e-6 {
        let what = if f.decimals == 0 {
            "bilangan bulat".to_string()
        } else {
            format!("paling banyak {} angka di belakang koma", f.decimals)
        };
        p.add(path, "NUMBER_INVALID", format!("{label} harus {what}"));
        return;
    }
    let min = f.min.as_ref().and_then(serde_json::Number::as_f64);
    let max = f.max.as_ref().and_then(serde_json::Number::as_f64);
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        let range = match (&f.min, &f.max) {
            (Some(a), Some(b)) => format!("antara {a} dan {b}{unit}"),
            (Some(a), None) => format!("paling sedikit {a}{unit}"),
            (None, Some(b)) => format!("paling banyak {b}{unit}"),
            (None, None) => String::new(),
        };
        p.add(path, "NUMBER_OUT_OF_RANGE", format!("{label} harus {range}"));
    }
}

/// A part of a composite answer (person, address) as its own field, so it is checked the same.
fn part(name: &str, label: &str, kind: FieldKind, required: bool) -> Field {
    Field {
        name: name.into(),
        label: label.into(),
        kind,
        required,
        section: None,
        when: None,
        options: Vec::new(),
        code_list: None,
        help: None,
        min_length: None,
        max_length: None,
        chars: None,
        unit: None,
        min: None,
        max: None,
        decimals: 0,
        future: false,
        member: None,
        fields: Vec::new(),
        min_items: None,
        max_items: None,
    }
}

fn coded(name: &str, label: &str, list: crate::catalogue::CodeList) -> Field {
    Field { options: list.options(), code_list: Some(list), ..part(name, label, FieldKind::Choice, true) }
}

fn object<'v>(
    f: &Field,
    path: &str,
    value: &'v Value,
    allowed: &[&str],
    p: &mut Problems,
) -> Option<&'v serde_json::Map<String, Value>> {
    let Some(o) = value.as_object() else {
        p.add(path, "FIELD_INVALID", format!("{} tidak berbentuk isian yang benar", f.label));
        return None;
    };
    for key in o.keys().filter(|k| !allowed.contains(&k.as_str())) {
        p.add(&format!("{path}.{key}"), "FIELD_UNKNOWN", format!("Isian {key} tidak ada pada {}", f.label));
    }
    Some(o)
}

/// The parts of a `person` answer.
pub fn person_parts() -> Vec<Field> {
    use crate::catalogue::CodeList;
    vec![
        Field {
            chars: Some(TextChars::Name),
            max_length: Some(100),
            ..part("nama", "Nama lengkap", FieldKind::Text, true)
        },
        coded("jenis_kelamin", "Jenis kelamin", CodeList::JenisKelamin),
        part("tanggal_lahir", "Tanggal lahir", FieldKind::Date, true),
        coded("kewarganegaraan", "Kewarganegaraan", CodeList::Kewarganegaraan),
        part("nik", "NIK (bila ada)", FieldKind::Nik, false),
    ]
}

/// The parts of an `address` answer.
pub fn address_parts() -> Vec<Field> {
    let digits = |name: &str, label: &str, n: u32, required: bool| Field {
        chars: Some(TextChars::Digits),
        min_length: Some(if name == "kode_pos" { n } else { 1 }),
        max_length: Some(n),
        ..part(name, label, FieldKind::Text, required)
    };
    vec![
        Field { max_length: Some(200), ..part("alamat", "Alamat (jalan, nomor, dusun)", FieldKind::Text, true) },
        digits("rt", "RT", 3, true),
        digits("rw", "RW", 3, true),
        Field {
            chars: Some(TextChars::Reference),
            max_length: Some(13),
            ..part("kode_desa", "Kode desa/kelurahan", FieldKind::Text, true)
        },
        Field {
            chars: Some(TextChars::Name),
            max_length: Some(100),
            ..part("nama_desa", "Nama desa/kelurahan", FieldKind::Text, false)
        },
        digits("kode_pos", "Kode pos", 5, false),
    ]
}

fn check_parts(f: &Field, path: &str, value: &Value, parts: &[Field], ctx: &Context, p: &mut Problems) -> bool {
    let names: Vec<&str> = parts.iter().map(|x| x.name.as_str()).collect();
    let Some(o) = object(f, path, value, &names, p) else { return false };
    let before = p.0.len();
    for x in parts {
        let labelled = Field { label: format!("{}: {}", f.label, x.label), ..x.clone() };
        check_field(&labelled, &format!("{path}.{}", x.name), o.get(&x.name), ctx, true, p);
    }
    p.0.len() == before
}

fn check_person(f: &Field, path: &str, value: &Value, ctx: &Context, p: &mut Problems) {
    if !check_parts(f, path, value, &person_parts(), ctx, p) {
        return;
    }
    let (Some(nik), Some(born)) =
        (value["nik"].as_str().filter(|s| !s.trim().is_empty()), value["tanggal_lahir"].as_str())
    else {
        return;
    };
    // A NIK given for someone must fit the birth date and sex given for them.
    if let (Ok(nik), Ok(born)) = (Nik::parse(nik, ctx.today), NaiveDate::parse_from_str(born, "%Y-%m-%d")) {
        let sex_code = if nik.sex() == Sex::Perempuan { "2" } else { "1" };
        if nik.birth_date(ctx.today) != born || value["jenis_kelamin"].as_str() != Some(sex_code) {
            p.add(
                &format!("{path}.nik"),
                "NIK_MISMATCH",
                format!("{}: NIK tidak sesuai dengan tanggal lahir atau jenis kelamin", f.label),
            );
        }
    }
}

/// The region names of a desa/kelurahan code (`73.06.08.1001` or `7306081001`), as far as the
/// region list knows them: province, kabupaten/kota, kecamatan.
pub fn region_names(code: &str) -> Result<[Option<&'static str>; 3], &'static str> {
    let digits: String = code.chars().filter(|c| *c != '.').collect();
    if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("Kode desa/kelurahan harus 10 angka, misalnya 73.06.08.1001");
    }
    let two = |i: usize| digits[i..i + 2].parse::<u8>().unwrap_or(0);
    let (prov, kab, kec) = (two(0), two(2), two(4));
    let province = region::province_name(prov).ok_or("Kode provinsi pada kode desa tidak dikenal")?;
    let kabupaten = region::kabupaten_name(prov, kab);
    if kabupaten == Lookup::Unknown || kab == 0 {
        return Err("Kode kabupaten/kota pada kode desa tidak dikenal");
    }
    let kecamatan = region::kecamatan_name(prov, kab, kec);
    if kecamatan == Lookup::Unknown || kec == 0 || digits.ends_with("0000") {
        return Err("Kode kecamatan atau desa pada kode desa tidak dikenal");
    }
    Ok([Some(province), kabupaten.name(), kecamatan.name()])
}

fn check_address(f: &Field, path: &str, value: &Value, ctx: &Context, p: &mut Problems) {
    check_parts(f, path, value, &address_parts(), ctx, p);
    let code_path = format!("{path}.kode_desa");
    if !value.is_object() || p.0.iter().any(|x| x.field == code_path) {
        return;
    }
    if let Err(message) = region_names(value["kode_desa"].as_str().unwrap_or_default()) {
        p.add(&code_path, "REGION_UNKNOWN", format!("{}: {message}", f.label));
    }
}

fn check_group(f: &Field, path: &str, value: &Value, ctx: &Context, complete: bool, p: &mut Problems) {
    let Some(entries) = value.as_array() else {
        p.add(path, "FIELD_INVALID", format!("{} harus berupa daftar", f.label));
        return;
    };
    let n = u32::try_from(entries.len()).unwrap_or(u32::MAX);
    if f.max_items.is_some_and(|max| n > max) {
        p.add(path, "TOO_MANY_ITEMS", format!("{} paling banyak {} entri", f.label, f.max_items.unwrap_or(0)));
    }
    if complete && f.min_items.is_some_and(|min| n < min) {
        p.add(path, "TOO_FEW_ITEMS", format!("{} paling sedikit {} entri", f.label, f.min_items.unwrap_or(0)));
    }
    let names: Vec<&str> = f.fields.iter().map(|x| x.name.as_str()).collect();
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("{path}.{}", i + 1);
        let Some(o) = object(f, &at, entry, &names, p) else { continue };
        for x in &f.fields {
            let labelled = Field { label: format!("{} {}: {}", f.label, i + 1, x.label), ..x.clone() };
            check_field(&labelled, &format!("{at}.{}", x.name), o.get(&x.name), ctx, complete, p);
        }
    }
}

#[cfg(test)]
mod tests;
