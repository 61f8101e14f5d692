//! Reading the catalogue files and checking them as a whole.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;

use super::template::{
    ACCOUNT_TEMPLATES, APPOINTMENT_TEMPLATES, Placeholder, SMS_TEMPLATE_MAX_CHARS, WHATSAPP_TEMPLATES,
};
use super::{Catalogue, CatalogueError, Condition, DocumentType, Field, FieldKind, Letter, Problem, Service, Template};
use crate::appointment::Desks;
use crate::workflow::Workflow;

#[derive(Default)]
pub(super) struct Loader {
    problems: Vec<Problem>,
    /// Each entry remembers the file it came from, for the problems found later.
    services: BTreeMap<String, (String, Service)>,
    workflows: BTreeMap<String, (String, Workflow)>,
    documents: BTreeMap<String, DocumentType>,
    templates: BTreeMap<String, Template>,
    letters: BTreeMap<String, Letter>,
    desks: Desks,
    offices: super::offices::Offices,
    /// The path each single file (documents, notifications, ...) was read from, by its stem.
    paths: BTreeMap<String, String>,
}

// The files by their paths without extension (`data::stem`): each may be TOML or JSON.
const DOCUMENTS: &str = "catalogue/documents";
const TEMPLATES: &str = "catalogue/notifications";
const LETTERS: &str = "catalogue/letters";
const DESKS: &str = "catalogue/desks";
const OFFICES: &str = "catalogue/offices";

fn is_code(s: &str, upper: bool) -> bool {
    let mut chars = s.chars();
    let letter = |c: char| if upper { c.is_ascii_uppercase() } else { c.is_ascii_lowercase() };
    chars.next().is_some_and(letter) && chars.all(|c| letter(c) || c.is_ascii_digit() || c == '_')
}

impl Loader {
    fn problem(&mut self, file: &str, message: impl Into<String>) {
        let file = self.paths.get(file).map_or(file, String::as_str).to_string();
        self.problems.push(Problem { file, message: message.into() });
    }

    fn parse<T: DeserializeOwned>(&mut self, path: &str, text: &str) -> Option<T> {
        crate::data::parse(path, text).map_err(|e| self.problem(path, e)).ok()
    }

    pub(super) fn read(&mut self, path: &str, text: &str) {
        let stem = crate::data::stem(path);
        self.paths.insert(stem.to_string(), path.to_string());
        if stem == DOCUMENTS {
            self.documents = self.parse(path, text).unwrap_or_default();
        } else if stem == TEMPLATES {
            self.templates = self.parse(path, text).unwrap_or_default();
        } else if stem == LETTERS {
            self.letters = self.parse(path, text).unwrap_or_default();
        } else if stem == DESKS {
            self.desks = self.parse(path, text).unwrap_or_default();
        } else if stem == OFFICES {
            self.offices = self.parse(path, text).unwrap_or_default();
        } else if path.starts_with("catalogue/workflows/") {
            if let Some(w) = self.parse::<Workflow>(path, text) {
                if let Some((other, _)) = self.workflows.insert(w.code.clone(), (path.to_string(), w)) {
                    self.problem(path, format!("kode alur sudah dipakai di {other}"));
                }
            }
        } else if path.starts_with("catalogue/services/") {
            if let Some(mut s) = self.parse::<Service>(path, text) {
                s.fields.iter_mut().for_each(super::Field::expand);
                if let Some((other, _)) = self.services.insert(s.code.clone(), (path.to_string(), s)) {
                    self.problem(path, format!("kode layanan sudah dipakai di {other}"));
                }
            }
        } else {
            self.problem(path, "berkas tidak dikenal dalam katalog");
        }
    }

    pub(super) fn finish(mut self) -> Result<Catalogue, CatalogueError> {
        if self.documents.is_empty() {
            self.problem(DOCUMENTS, "daftar dokumen kosong atau tidak ada");
        }
        if self.templates.is_empty() {
            self.problem(TEMPLATES, "daftar templat pemberitahuan kosong atau tidak ada");
        }
        let services = std::mem::take(&mut self.services);
        let workflows = std::mem::take(&mut self.workflows);
        // The pickup counter scans an attorney's power of attorney for any service.
        let mut used_documents = BTreeSet::from([super::POWER_OF_ATTORNEY]);
        if !self.documents.contains_key(super::POWER_OF_ATTORNEY) {
            self.problem(
                DOCUMENTS,
                format!("dokumen {} (surat kuasa pengambilan) tidak ada", super::POWER_OF_ATTORNEY),
            );
        }
        let mut used_workflows = BTreeSet::new();
        for (file, service) in services.values() {
            for problem in self.service_problems(service, &workflows, &mut used_documents, &mut used_workflows) {
                self.problem(file, problem);
            }
        }
        let own = ACCOUNT_TEMPLATES.iter().chain(APPOINTMENT_TEMPLATES).chain(WHATSAPP_TEMPLATES);
        let mut used_templates: BTreeSet<String> = own.clone().map(|k| k.to_string()).collect();
        for key in own {
            if !self.templates.contains_key(*key) {
                self.problem(TEMPLATES, format!("templat {key} tidak ada"));
            }
        }
        let mut used_letters = BTreeSet::new();
        for (file, workflow) in workflows.values() {
            let mut problems = workflow.problems();
            problems.extend(next_problems(workflow));
            problems.extend(self.notification_problems(workflow, &mut used_templates));
            problems.extend(self.letter_problems(workflow, &mut used_letters));
            if !used_workflows.contains(workflow.code.as_str()) {
                problems.push("alur tidak dipakai oleh layanan mana pun".into());
            }
            for problem in problems {
                self.problem(file, format!("alur {}: {problem}", workflow.code));
            }
        }
        for (key, template) in std::mem::take(&mut self.templates) {
            for problem in template_problems(&template) {
                self.problem(TEMPLATES, format!("templat {key}: {problem}"));
            }
            if !used_templates.contains(&key) {
                self.problem(TEMPLATES, format!("templat {key} tidak dipakai oleh aksi mana pun"));
            }
            self.templates.insert(key, template);
        }
        for key in self.letters.keys().filter(|k| !used_letters.contains(k.as_str())).cloned().collect::<Vec<_>>() {
            self.problem(LETTERS, format!("surat {key} tidak diterbitkan oleh aksi mana pun"));
        }
        // A letter stands for a product of every service whose workflow issues it.
        for (file, service) in services.values() {
            for variant in &service.variants {
                let Some((_, workflow)) = workflows.get(service.workflow_of(variant)) else { continue };
                let issued = workflow.states.iter().flat_map(|s| &s.actions).filter_map(|a| a.produces.as_ref());
                for key in issued.collect::<BTreeSet<_>>() {
                    if let Some(letter) = self.letters.get(key).filter(|l| !service.products.contains(&l.product)) {
                        let message = format!("surat {key} ({}) bukan produk layanan {}", letter.product, service.code);
                        self.problem(file, message);
                    }
                }
            }
        }
        for code in self.documents.keys().filter(|c| !used_documents.contains(c.as_str())).cloned().collect::<Vec<_>>()
        {
            self.problem(DOCUMENTS, format!("dokumen {code} tidak dipakai oleh persyaratan mana pun"));
        }
        for problem in self.desks.problems() {
            self.problem(DESKS, problem);
        }
        for problem in self.offices.problems() {
            self.problem(OFFICES, problem);
        }
        let visits: BTreeSet<_> = workflows.values().flat_map(|(_, w)| &w.states).filter_map(|s| s.visit).collect();
        for visit in &visits {
            if !self.desks.desks.iter().any(|d| d.visit == *visit) {
                self.problem(DESKS, format!("tidak ada meja untuk kunjungan {}", visit.as_str()));
            }
        }
        for desk in self.desks.desks.iter().filter(|d| !visits.contains(&d.visit)) {
            let message = format!("kunjungan {} tidak ditunggu status alur mana pun", desk.visit.as_str());
            self.problems.push(Problem { file: DESKS.into(), message });
        }
        if !self.problems.is_empty() {
            return Err(CatalogueError(self.problems));
        }
        Ok(Catalogue {
            services: services.into_iter().map(|(k, (_, s))| (k, s)).collect(),
            workflows: workflows.into_iter().map(|(k, (_, w))| (k, w)).collect(),
            documents: self.documents,
            templates: self.templates,
            letters: self.letters,
            desks: self.desks,
            offices: self.offices,
        })
    }

    fn service_problems<'a>(
        &self,
        s: &'a Service,
        workflows: &BTreeMap<String, (String, Workflow)>,
        used_documents: &mut BTreeSet<&'a str>,
        used_workflows: &mut BTreeSet<&'a str>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        if !is_code(&s.code, true) {
            out.push(format!("kode layanan {} harus huruf besar, angka dan garis bawah", s.code));
        }
        for (what, empty) in [
            ("nama", s.name.trim().is_empty()),
            ("uraian", s.description.trim().is_empty()),
            ("pemohon (requesters)", s.requesters.is_empty()),
            ("kanal", s.channels.is_empty()),
            ("varian", s.variants.is_empty()),
            ("produk", s.products.is_empty()),
            ("sumber", s.sources.is_empty()),
            ("topik (topics)", s.topics.is_empty()),
        ] {
            if empty {
                out.push(format!("{what} tidak boleh kosong"));
            }
        }
        if s.time_standard.is_zero() {
            out.push("standar waktu tidak boleh nol".into());
        }
        field_problems(&s.fields, false, &mut out);
        if let Some(name) = &s.quantity_field
            && !s.field(name).is_some_and(|f| f.kind == FieldKind::Number)
        {
            out.push(format!("quantity_field {name} bukan isian angka layanan ini"));
        }
        let check_condition = |c: &Condition, out: &mut Vec<String>| {
            for a in c.answers() {
                match s.field(&a.field) {
                    None => out.push(format!("syarat merujuk isian {} yang tidak ada", a.field)),
                    Some(f) if f.kind == FieldKind::YesNo => {
                        if !matches!(a.is.as_str(), "ya" | "tidak") {
                            out.push(format!("isian ya/tidak {} hanya dapat bernilai ya atau tidak", a.field));
                        }
                    }
                    Some(f) if !f.options.iter().any(|o| o.value == a.is) => {
                        out.push(format!("isian {} tidak memiliki pilihan {}", a.field, a.is));
                    }
                    Some(_) => {}
                }
            }
        };
        for f in &s.fields {
            if let Some(c) = &f.when {
                check_condition(c, &mut out);
                if c.answers().iter().any(|a| a.field == f.name) {
                    out.push(format!("isian {} bersyarat pada dirinya sendiri", f.name));
                }
            }
        }
        if let Some(subject) = &s.subject {
            if let Some(name) = &subject.field {
                let names_someone = |f: &Field| matches!(f.kind, FieldKind::Person | FieldKind::Text) && f.required;
                if !s.field(name).is_some_and(names_someone) {
                    out.push(format!("subjek layanan harus isian nama atau orang yang wajib: {name}"));
                }
            }
        }
        if let Some(c) = &s.eligibility {
            check_condition(c, &mut out);
        }
        let mut variants = BTreeSet::new();
        for v in &s.variants {
            if !variants.insert(v.code.as_str()) {
                out.push(format!("varian {} tercantum dua kali", v.code));
            }
            if !is_code(&v.code, false) {
                out.push(format!("kode varian {} harus huruf kecil, angka dan garis bawah", v.code));
            }
            if let Some(c) = &v.eligibility {
                check_condition(c, &mut out);
            }
            if v.time_standard.is_some_and(|t| t.is_zero()) {
                out.push(format!("standar waktu varian {} tidak boleh nol", v.code));
            }
            if v.channels.as_ref().is_some_and(|c| c.iter().any(|ch| !s.channels.contains(ch))) {
                out.push(format!("kanal varian {} harus termasuk kanal layanan", v.code));
            }
            let workflow = s.workflow_of(v);
            if workflows.contains_key(workflow) {
                used_workflows.insert(workflow);
            } else {
                out.push(format!("alur {workflow} tidak ada"));
            }
            let mut seen = Vec::new();
            for r in &v.requirements {
                if self.documents.contains_key(&r.document) {
                    used_documents.insert(r.document.as_str());
                } else {
                    out.push(format!("varian {}: dokumen {} tidak ada dalam daftar dokumen", v.code, r.document));
                }
                if seen.contains(&(&r.document, &r.when)) {
                    out.push(format!("varian {}: dokumen {} tercantum dua kali", v.code, r.document));
                }
                seen.push((&r.document, &r.when));
                match (&r.when, &r.condition, r.if_available) {
                    (Some(_), None, _) | (None, Some(_), false) => out.push(format!(
                        "varian {}: dokumen {} bersyarat harus memiliki syarat sebagai data (when) dan kata-kata (condition)",
                        v.code, r.document
                    )),
                    (Some(_), Some(_), true) => out.push(format!(
                        "varian {}: dokumen {} tidak boleh bersyarat sekaligus 'jika ada'",
                        v.code, r.document
                    )),
                    _ => {}
                }
                if let Some(c) = &r.when {
                    check_condition(c, &mut out);
                }
                if r.max_mb.is_some_and(|mb| !super::UPLOAD_LIMIT_MB.contains(&mb)) {
                    out.push(format!("varian {}: batas unggah {} harus 1 sampai 20 MB", v.code, r.document));
                }
                if r.max_files.is_some_and(|n| !(1..=10).contains(&n)) {
                    out.push(format!("varian {}: jumlah berkas {} harus 1 sampai 10", v.code, r.document));
                }
            }
        }
        out
    }

    /// Every notification names a template, and every input a template reads is required by
    /// every action that sends it.
    fn notification_problems(&self, w: &Workflow, used: &mut BTreeSet<String>) -> Vec<String> {
        let mut out = Vec::new();
        for state in &w.states {
            for action in &state.actions {
                let Some(key) = &action.notify else { continue };
                used.insert(key.clone());
                let Some(template) = self.templates.get(key) else {
                    out.push(format!("aksi {} memakai templat {key} yang tidak ada", action.code));
                    continue;
                };
                for name in template.placeholder_names().unwrap_or_default() {
                    if Placeholder::parse(name) == Some(Placeholder::KantorPemohon) {
                        out.push(format!("templat {key} memakai {{{name}}}, yang hanya untuk surat"));
                        continue;
                    }
                    let missing = match Placeholder::parse(name) {
                        Some(Placeholder::FromInput(input)) => !action.inputs.contains(&input),
                        Some(Placeholder::JanjiTemu) => !action.needs_appointment,
                        _ => false,
                    };
                    if missing {
                        out.push(format!(
                            "aksi {} mengirim templat {key} yang memakai {{{name}}} tetapi tidak mewajibkan isian itu",
                            action.code
                        ));
                    }
                }
            }
        }
        out
    }
}

impl Loader {
    /// Every letter an action issues exists, and every input its text reads is required by the
    /// action.
    fn letter_problems<'a>(&self, w: &'a Workflow, used: &mut BTreeSet<&'a str>) -> Vec<String> {
        let mut out = Vec::new();
        for action in w.states.iter().flat_map(|s| &s.actions) {
            let Some(key) = &action.produces else { continue };
            used.insert(key);
            let Some(letter) = self.letters.get(key) else {
                out.push(format!("aksi {} menerbitkan surat {key} yang tidak ada", action.code));
                continue;
            };
            match letter.placeholder_names() {
                Err(e) => out.push(format!("surat {key}: {e}")),
                Ok(names) => {
                    for name in names {
                        match Placeholder::parse(name) {
                            None => out.push(format!("surat {key}: isian {{{name}}} tidak dikenal")),
                            Some(Placeholder::FromInput(input)) if !action.inputs.contains(&input) => out.push(format!(
                                "aksi {} menerbitkan surat {key} yang memakai {{{name}}} tetapi tidak mewajibkan isian itu",
                                action.code
                            )),
                            Some(_) => {}
                        }
                    }
                }
            }
        }
        out
    }
}

fn template_problems(t: &Template) -> Vec<String> {
    let mut out = Vec::new();
    match t.placeholder_names() {
        Err(e) => out.push(e),
        Ok(names) => {
            for name in names {
                if Placeholder::parse(name).is_none() {
                    out.push(format!("isian {{{name}}} tidak dikenal"));
                }
            }
        }
    }
    for (part, text) in [("sms", &t.sms), ("email_subject", &t.email_subject), ("email_body", &t.email_body)] {
        if text.trim().is_empty() {
            out.push(format!("{part} tidak boleh kosong"));
        }
    }
    let sms_chars = t.sms.chars().count();
    if sms_chars > SMS_TEMPLATE_MAX_CHARS {
        out.push(format!("sms {sms_chars} karakter, paling banyak {SMS_TEMPLATE_MAX_CHARS}"));
    }
    out
}

/// The fields of a form (or of a group inside it): unique names, and each kind with the
/// settings it takes and no others.
fn field_problems(fields: &[Field], nested: bool, out: &mut Vec<String>) {
    let mut names = BTreeSet::new();
    for f in fields {
        let name = &f.name;
        if !names.insert(name.as_str()) {
            out.push(format!("isian {name} tercantum dua kali"));
        }
        if !is_code(name, false) {
            out.push(format!("nama isian {name} harus huruf kecil, angka dan garis bawah"));
        }
        if f.label.trim().is_empty() {
            out.push(format!("isian {name} tidak memiliki label"));
        }
        let kind = f.kind;
        let only = |ok: bool, what: &str, out: &mut Vec<String>| {
            if !ok {
                out.push(format!("isian {name}: {what} tidak berlaku untuk jenis {kind:?}"));
            }
        };
        let text = kind == FieldKind::Text;
        only(text || (f.min_length.is_none() && f.max_length.is_none() && f.chars.is_none()), "panjang/karakter", out);
        let number = kind == FieldKind::Number;
        only(
            number || (f.unit.is_none() && f.min.is_none() && f.max.is_none() && f.decimals == 0),
            "satuan/rentang",
            out,
        );
        only(matches!(kind, FieldKind::Date | FieldKind::DateTime) || !f.future, "future", out);
        only(kind == FieldKind::FamilyMember || f.member.is_none(), "member", out);
        let group = kind == FieldKind::Group;
        only(
            group || (f.fields.is_empty() && f.min_items.is_none() && f.max_items.is_none()),
            "fields/min_items/max_items",
            out,
        );
        only(f.has_options() || (f.options.is_empty() && f.code_list.is_none()), "pilihan", out);
        if f.has_options() && f.options.len() < 2 {
            out.push(format!("isian pilihan {name} perlu paling sedikit dua pilihan (options atau code_list)"));
        }
        if let (Some(min), Some(max)) = (f.min_length, f.max_length) {
            if min > max {
                out.push(format!("isian {name}: min_length lebih besar daripada max_length"));
            }
        }
        if let (Some(min), Some(max)) =
            (f.min.as_ref().and_then(|n| n.as_f64()), f.max.as_ref().and_then(|n| n.as_f64()))
        {
            if min > max {
                out.push(format!("isian {name}: min lebih besar daripada max"));
            }
        }
        if f.decimals > 3 {
            out.push(format!("isian {name}: paling banyak 3 angka di belakang koma"));
        }
        if nested && f.when.is_some() {
            out.push(format!("isian {name} dalam kelompok tidak dapat bersyarat"));
        }
        if group {
            if nested {
                out.push(format!("kelompok {name} tidak dapat berada di dalam kelompok"));
            }
            if f.fields.is_empty() {
                out.push(format!("kelompok {name} tidak memiliki isian"));
            }
            if let (Some(min), Some(max)) = (f.min_items, f.max_items) {
                if min > max || max == 0 {
                    out.push(format!("kelompok {name}: jumlah entri tidak masuk akal"));
                }
            }
            field_problems(&f.fields, true, out);
        }
    }
}

/// What a state's text for the applicant may name: the case's own values, not an action's inputs,
/// a code, or itself.
fn next_problems(w: &Workflow) -> Vec<String> {
    let mut out = Vec::new();
    for state in &w.states {
        let text = state.next_text();
        match super::template::names(&[text]) {
            Err(e) => out.push(format!("teks status {}: {e}", state.code)),
            Ok(names) => {
                for name in names {
                    let fits = match Placeholder::parse(name) {
                        None | Some(Placeholder::FromInput(_) | Placeholder::Kode | Placeholder::BerlakuMenit) => false,
                        Some(Placeholder::LangkahBerikutnya | Placeholder::KantorPemohon) => false,
                        Some(Placeholder::JanjiTemu) => state.visit.is_some(),
                        Some(_) => true,
                    };
                    if !fits {
                        out.push(format!("teks status {} tidak boleh memakai {{{name}}}", state.code));
                    }
                }
            }
        }
    }
    out
}
