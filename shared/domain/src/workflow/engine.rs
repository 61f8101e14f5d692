use serde::Serialize;

use super::{ActionInputs, InputKind, Outcome, Role, Workflow};
use crate::calendar::TimeStandard;

/// What applying an action produces: the new state and the events everything else (history,
/// notifications, queues, deadlines, monthly figures) is derived from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub from: String,
    pub to: String,
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    StateChanged {
        from: String,
        to: String,
        action: String,
        role: Role,
        inputs: Box<ActionInputs>,
    },
    /// Send the applicant this template by SMS and e-mail.
    NotificationRequested {
        template: String,
    },
    /// The new state has a time standard: its deadline starts now.
    ClockStarted {
        state: String,
        time_standard: TimeStandard,
    },
    CaseClosed {
        outcome: Outcome,
    },
}

/// Why an action was not applied. Nothing changes on a refusal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Status {0} tidak dikenal dalam alur ini")]
    UnknownState(String),
    #[error("Permohonan sudah selesai; tidak ada aksi yang dapat dilakukan")]
    CaseClosed,
    /// `state` is the state's name, as people read it.
    #[error("Aksi {action} tidak tersedia pada tahap \"{state}\"")]
    ActionNotAvailable { action: String, state: String },
    #[error("Peran {role} tidak berwenang melakukan aksi {action}")]
    RoleNotAllowed { action: String, role: Role },
    #[error("Aksi {action} memerlukan {}", input.label())]
    InputMissing { action: String, input: InputKind },
    #[error("Isian {} tidak sah: {reason}", input.label())]
    InputInvalid { input: InputKind, reason: String },
}

impl crate::Coded for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::UnknownState(_) => "WORKFLOW_STATE_UNKNOWN",
            Refusal::CaseClosed => "CASE_CLOSED",
            Refusal::ActionNotAvailable { .. } => "ACTION_NOT_AVAILABLE",
            Refusal::RoleNotAllowed { .. } => "ROLE_NOT_ALLOWED",
            Refusal::InputMissing { .. } => "INPUT_MISSING",
            Refusal::InputInvalid { .. } => "INPUT_INVALID",
        }
    }
}

impl Workflow {
    /// Applies `action`, taken by `role` with `inputs`, to a case in `state`.
    pub fn apply(&self, state: &str, action: &str, role: Role, inputs: &ActionInputs) -> Result<Transition, Refusal> {
        let current = self.state(state).ok_or_else(|| Refusal::UnknownState(state.into()))?;
        if current.outcome.is_some() {
            return Err(Refusal::CaseClosed);
        }
        let act = current
            .actions
            .iter()
            .find(|a| a.code == action)
            .ok_or_else(|| Refusal::ActionNotAvailable { action: action.into(), state: current.name.clone() })?;
        if !act.roles.contains(&role) {
            return Err(Refusal::RoleNotAllowed { action: action.into(), role });
        }
        // Whatever is sent is bounded, asked for or not: it lands in the history and in messages.
        if let Some((input, reason)) = inputs.out_of_bounds() {
            return Err(Refusal::InputInvalid { input, reason });
        }
        for &input in &act.inputs {
            inputs.check(input).map_err(|problem| match problem {
                None => Refusal::InputMissing { action: action.into(), input },
                Some(reason) => Refusal::InputInvalid { input, reason },
            })?;
        }
        let next = self.state(&act.to).ok_or_else(|| Refusal::UnknownState(act.to.clone()))?;
        let mut events = vec![Event::StateChanged {
            from: state.into(),
            to: next.code.clone(),
            action: action.into(),
            role,
            inputs: Box::new(inputs.clone()),
        }];
        if let Some(template) = &act.notify {
            events.push(Event::NotificationRequested { template: template.clone() });
        }
        if let Some(time_standard) = next.time_standard {
            events.push(Event::ClockStarted { state: next.code.clone(), time_standard });
        }
        if let Some(outcome) = next.outcome {
            events.push(Event::CaseClosed { outcome });
        }
        Ok(Transition { from: state.into(), to: next.code.clone(), events })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Coded;
    use crate::workflow::{Collector, CollectorRelation};

    const SMALL: &str = r#"
code = "kecil"
name = "Alur kecil"
source = "uji"
initial = "draf"

[[states]]
code = "draf"
name = "Draf"
actions = [{ code = "ajukan", name = "Ajukan", to = "verifikasi", roles = ["pelapor"], notify = "diajukan" }]

[[states]]
code = "verifikasi"
name = "Menunggu Verifikasi"
time_standard = { office_minutes = 60 }
actions = [
  { code = "verifikasi", name = "Verifikasi", to = "siap_diambil", roles = ["front_office"], inputs = ["document_estimate"] },
  { code = "batalkan", name = "Batalkan", to = "dibatalkan", roles = ["front_office", "validator"], inputs = ["reason"], notify = "dibatalkan" },
]

[[states]]
code = "siap_diambil"
name = "Siap Diambil"
actions = [{ code = "serahkan", name = "Serahkan", to = "selesai", roles = ["loket_pengambilan"], inputs = ["collector"] }]

[[states]]
code = "selesai"
name = "Selesai"
outcome = "completed"

[[states]]
code = "dibatalkan"
name = "Dibatalkan"
outcome = "cancelled"
"#;

    fn small() -> Workflow {
        toml::from_str(SMALL).unwrap()
    }

    #[test]
    fn a_sound_workflow_has_no_problems() {
        assert_eq!(small().problems(), Vec::<String>::new());
    }

    #[test]
    fn applies_and_yields_events() {
        let wf = small();
        let t = wf.apply("draf", "ajukan", Role::Pelapor, &ActionInputs::default()).unwrap();
        assert_eq!(t.to, "verifikasi");
        assert_eq!(t.events.len(), 3);
        assert!(matches!(&t.events[1], Event::NotificationRequested { template } if template == "diajukan"));
        assert_eq!(
            t.events[2],
            Event::ClockStarted { state: "verifikasi".into(), time_standard: TimeStandard::OfficeMinutes(60) }
        );

        let cancel = ActionInputs { reason: Some("Berkas tidak terbaca sama sekali".into()), ..Default::default() };
        let t = wf.apply("verifikasi", "batalkan", Role::Validator, &cancel).unwrap();
        assert_eq!(t.events.last(), Some(&Event::CaseClosed { outcome: Outcome::Cancelled }));
    }

    #[test]
    fn refusals_have_codes() {
        let wf = small();
        let none = ActionInputs::default();
        let code = |r: Result<Transition, Refusal>| r.unwrap_err().code();
        assert_eq!(code(wf.apply("nowhere", "ajukan", Role::Pelapor, &none)), "WORKFLOW_STATE_UNKNOWN");
        assert_eq!(code(wf.apply("draf", "verifikasi", Role::FrontOffice, &none)), "ACTION_NOT_AVAILABLE");
        assert_eq!(code(wf.apply("draf", "ajukan", Role::FrontOffice, &none)), "ROLE_NOT_ALLOWED");
        assert_eq!(code(wf.apply("verifikasi", "batalkan", Role::FrontOffice, &none)), "INPUT_MISSING");
        let short = ActionInputs { reason: Some("kurang".into()), ..Default::default() };
        assert_eq!(code(wf.apply("verifikasi", "batalkan", Role::FrontOffice, &short)), "INPUT_INVALID");
        assert_eq!(code(wf.apply("selesai", "serahkan", Role::LoketPengambilan, &none)), "CASE_CLOSED");
    }

    #[test]
    fn an_attorney_must_show_the_power_of_attorney() {
        let wf = small();
        let mut inputs = ActionInputs {
            collected_by: Some(Collector {
                name: "Rahmat".into(),
                relation: CollectorRelation::Attorney,
                nik: None,
                power_of_attorney: None,
            }),
            ..Default::default()
        };
        let err = wf.apply("siap_diambil", "serahkan", Role::LoketPengambilan, &inputs).unwrap_err();
        assert!(err.to_string().contains("F-1.07"), "{err}");
        inputs.collected_by.as_mut().unwrap().power_of_attorney = Some("F-1.07/2026/031".into());
        assert!(wf.apply("siap_diambil", "serahkan", Role::LoketPengambilan, &inputs).is_ok());
        // The applicant or a family member is known by the NIK on their KTP-el.
        let member = Collector {
            name: "Siti".into(),
            relation: CollectorRelation::KkMember,
            nik: None,
            power_of_attorney: None,
        };
        let inputs = ActionInputs { collected_by: Some(member), ..Default::default() };
        let err = wf.apply("siap_diambil", "serahkan", Role::LoketPengambilan, &inputs).unwrap_err();
        assert!(err.to_string().contains("NIK pengambil"), "{err}");
    }

    #[test]
    fn actions_for_a_role() {
        let wf = small();
        let codes: Vec<_> = wf.actions_for("verifikasi", Role::Validator).map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["batalkan"]);
        assert_eq!(wf.actions_for("verifikasi", Role::Pelapor).count(), 0);
    }

    #[test]
    fn shape_problems_are_found() {
        let mut wf = small();
        wf.states[1].actions[0].to = "hilang".into();
        wf.states[2].actions[0].roles.clear();
        let problems = wf.problems();
        assert!(problems.iter().any(|p| p.contains("hilang")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("tidak memiliki peran")), "{problems:?}");

        // A dead end: a state nothing leads to, and a loop that cannot end.
        let mut wf = small();
        wf.states[2].actions[0].to = "siap_diambil".into();
        let problems = wf.problems();
        assert!(problems.iter().any(|p| p.contains("siap_diambil tidak dapat mencapai")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("selesai tidak dapat dicapai")), "{problems:?}");
    }
}
