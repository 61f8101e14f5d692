//! Workflows as data (states, actions, roles, required inputs, notifications, time standards)
//! and the one engine that applies an action to a case.

mod engine;
mod inputs;
mod role;

use serde::{Deserialize, Serialize};

use crate::calendar::TimeStandard;

pub use engine::{Event, Refusal, Transition};
pub use inputs::{ActionInputs, Collector, CollectorRelation, DocumentNumber, InputKind, SURVEY_ELEMENTS};
pub use role::Role;

/// A state machine a service follows, loaded from `data/catalogue/workflows/*.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    pub code: String,
    pub name: String,
    /// Where the flow comes from (seed document, SOP, regulation).
    pub source: String,
    pub initial: String,
    pub states: Vec<State>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub code: String,
    /// What the applicant and the officers read, e.g. "Menunggu Verifikasi".
    pub name: String,
    /// How long a case may stay in this state; the deadline of the queue it sits in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_standard: Option<TimeStandard>,
    /// Set on the states where a case ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Whether time in this state counts toward the service's time standard.
    #[serde(default, skip_serializing_if = "ServiceClock::is_running")]
    pub service_clock: ServiceClock,
    /// The case waits on its reporter here (returned to be completed, asked for more): only they
    /// act, and they may change the answers and documents, as in the draft.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reporter_turn: bool,
    /// The person comes to a desk (or is called) in this state: a slot of this visit may be booked
    /// while the case is here, and is kept while the next states wait for the same visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<crate::appointment::Visit>,
    /// What the applicant's side reads while the case is here: what happens now and what they
    /// must do, where and by when, with the message placeholders (none from action inputs).
    /// Without it, the kind of state says it (see [`State::next_text`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The products issued so far are still being checked or signed here (a BAST before the
    /// Kepala Dinas signs it): the applicant's side neither sees nor downloads them yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub holds_products: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
}

impl State {
    /// What the applicant's side reads in this state: its own text, or the one its kind says
    /// (closed, their turn, a visit to book, documents to collect, officers at work).
    pub fn next_text(&self) -> &str {
        if let Some(text) = &self.next {
            return text;
        }
        match (self.outcome, self.visit) {
            (Some(Outcome::Completed), _) => "Permohonan selesai. Terima kasih telah menggunakan layanan {kantor}.",
            (Some(Outcome::Rejected), _) => {
                "Permohonan ditolak; alasannya tercantum di riwayat. Bila keadaan Anda berubah, Anda dapat \
                 mengajukan permohonan baru."
            }
            (Some(Outcome::Cancelled), _) => "Permohonan dibatalkan; alasannya (bila ada) tercantum di riwayat.",
            (None, _) if self.reporter_turn => {
                "Giliran Anda: perbaiki isian atau berkas sesuai catatan petugas di riwayat, lalu kirim \
                 kembali dari halaman ini. Selama menunggu Anda, batas waktu layanan berhenti."
            }
            (None, Some(crate::appointment::Visit::PengambilanDokumen)) => PICKUP,
            (None, Some(_)) => {
                "Pilih jadwal kedatangan di bagian Janji temu, lalu datang tepat waktu membawa KTP-el atau \
                 KK asli dan tanda terima permohonan. Jam layanan: {jam_layanan}."
            }
            (None, None) => {
                "Petugas {kantor} sedang mengerjakan tahap ini (batas waktu tahap: {batas_tahap}). Anda tidak \
                 perlu melakukan apa pun; kami memberi tahu setiap perkembangan melalui {saluran_pesan}."
            }
        }
    }
}

/// Collecting documents: where, when, what to bring and who may collect.
const PICKUP: &str = "Dokumen siap diambil di {tempat_pengambilan} pada jam layanan ({jam_layanan}). Bawa resi \
     pengambilan dokumen. Yang boleh mengambil: pemohon sendiri dengan KTP-el, anggota keluarga dalam KK yang sama \
     dengan membawa KK asli, atau penerima kuasa dengan Surat Kuasa (formulir F-1.07).";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub code: String,
    pub name: String,
    pub to: String,
    /// Who may take it; at least one.
    pub roles: Vec<Role>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<InputKind>,
    /// The notification template the applicant is sent (SMS and e-mail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<String>,
    /// The letter (of `letters.toml`) this step issues as one of the service's products.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub produces: Option<String>,
    /// The case must hold a booked slot of its state's visit: the step confirms the appointment
    /// (its message names the slot).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_appointment: bool,
}

/// How a state counts toward the service's time standard (the promise to the applicant).
/// Waiting on the applicant (a returned case, files in the post) pauses the clock; reaching the
/// point where the service is delivered (documents ready, data sent) stops it. Terminal states
/// always stop it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceClock {
    #[default]
    Running,
    Paused,
    Stopped,
}

impl ServiceClock {
    pub fn is_running(&self) -> bool {
        *self == ServiceClock::Running
    }
}

/// How a case ended.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Completed,
    Cancelled,
    Rejected,
}

impl Workflow {
    pub fn state(&self, code: &str) -> Option<&State> {
        self.states.iter().find(|s| s.code == code)
    }

    /// The actions `role` may take in `state`: what a dashboard offers.
    pub fn actions_for<'a>(&'a self, state: &str, role: Role) -> impl Iterator<Item = &'a Action> + 'a {
        self.state(state).into_iter().flat_map(|s| s.actions.iter()).filter(move |a| a.roles.contains(&role))
    }

    /// Every problem with this workflow's shape, in Indonesian, empty when it is sound: unique
    /// codes, known targets, a role on every action, terminal states without actions, every
    /// state reachable from the start, and a terminal state reachable from every state.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let index = |code: &str| self.states.iter().position(|s| s.code == code);
        let mut seen = std::collections::BTreeSet::new();
        for state in &self.states {
            if !seen.insert(&state.code) {
                out.push(format!("status {} tercantum dua kali", state.code));
            }
            let mut actions = std::collections::BTreeSet::new();
            for action in &state.actions {
                if !actions.insert(&action.code) {
                    out.push(format!("aksi {} pada status {} tercantum dua kali", action.code, state.code));
                }
                if action.roles.is_empty() {
                    out.push(format!("aksi {} pada status {} tidak memiliki peran", action.code, state.code));
                }
                if index(&action.to).is_none() {
                    out.push(format!("aksi {} menuju status {} yang tidak ada", action.code, action.to));
                }
                if action.needs_appointment && state.visit.is_none() {
                    out.push(format!(
                        "aksi {} meminta janji temu, tetapi status {} tanpa `visit`",
                        action.code, state.code
                    ));
                }
            }
            match (state.outcome, state.actions.is_empty()) {
                (Some(_), false) => out.push(format!("status akhir {} tidak boleh memiliki aksi", state.code)),
                (None, true) => {
                    out.push(format!("status {} bukan status akhir tetapi tidak memiliki aksi", state.code))
                }
                _ => {}
            }
            if state.outcome.is_some() && !state.service_clock.is_running() {
                out.push(format!("status akhir {} selalu menghentikan jam layanan; hapus service_clock", state.code));
            }
            if state.outcome.is_some() && state.visit.is_some() {
                out.push(format!("status akhir {} tidak menunggu kunjungan; hapus visit", state.code));
            }
            if state.time_standard.is_some_and(TimeStandard::is_zero) {
                out.push(format!("standar waktu status {} tidak boleh nol", state.code));
            }
        }
        let Some(start) = index(&self.initial) else {
            out.push(format!("status awal {} tidak ada", self.initial));
            return out;
        };
        if !out.is_empty() {
            return out;
        }
        let edges: Vec<Vec<usize>> =
            self.states.iter().map(|s| s.actions.iter().filter_map(|a| index(&a.to)).collect()).collect();
        let reachable = reach(&edges, [start]);
        for (i, state) in self.states.iter().enumerate() {
            if !reachable[i] {
                out.push(format!("status {} tidak dapat dicapai dari status awal", state.code));
            }
        }
        // Reverse reachability from the terminal states.
        let mut reverse = vec![Vec::new(); edges.len()];
        for (from, targets) in edges.iter().enumerate() {
            for &to in targets {
                reverse[to].push(from);
            }
        }
        let terminals = self.states.iter().enumerate().filter(|(_, s)| s.outcome.is_some()).map(|(i, _)| i);
        let can_end = reach(&reverse, terminals);
        for (i, state) in self.states.iter().enumerate() {
            if !can_end[i] {
                out.push(format!("status {} tidak dapat mencapai status akhir", state.code));
            }
        }
        if !self.states.iter().any(|s| s.outcome == Some(Outcome::Completed)) {
            out.push("tidak ada status akhir yang menyelesaikan layanan".into());
        }
        out
    }
}

fn reach(edges: &[Vec<usize>], from: impl IntoIterator<Item = usize>) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack: Vec<usize> = from.into_iter().collect();
    while let Some(i) = stack.pop() {
        if !std::mem::replace(&mut seen[i], true) {
            stack.extend(edges[i].iter().copied());
        }
    }
    seen
}
