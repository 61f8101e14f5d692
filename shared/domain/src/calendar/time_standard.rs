use serde::{Deserialize, Serialize};

/// How long a service or a workflow state may take, as a service-standard decree states it.
///
/// Office time only runs during office hours on working days; `hours` runs on the clock
/// (the "3x24 jam" of seed 002).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TimeStandard {
    /// Until the close of office hours on the n-th working day after the day the clock starts.
    WorkingDays(u32),
    OfficeHours(u32),
    OfficeMinutes(u32),
    OfficeSeconds(u32),
    /// Elapsed clock hours, whatever the day.
    Hours(u32),
}

impl TimeStandard {
    /// Office time in seconds, for the office-time variants.
    pub(super) fn office_seconds(self) -> Option<u64> {
        match self {
            TimeStandard::OfficeHours(h) => Some(u64::from(h) * 3600),
            TimeStandard::OfficeMinutes(m) => Some(u64::from(m) * 60),
            TimeStandard::OfficeSeconds(s) => Some(u64::from(s)),
            TimeStandard::WorkingDays(_) | TimeStandard::Hours(_) => None,
        }
    }

    pub fn is_zero(self) -> bool {
        matches!(
            self,
            TimeStandard::WorkingDays(0)
                | TimeStandard::OfficeHours(0)
                | TimeStandard::OfficeMinutes(0)
                | TimeStandard::OfficeSeconds(0)
                | TimeStandard::Hours(0)
        )
    }
}

impl std::fmt::Display for TimeStandard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimeStandard::WorkingDays(n) => write!(f, "{n} hari kerja"),
            TimeStandard::OfficeHours(n) => write!(f, "{n} jam kerja"),
            TimeStandard::OfficeMinutes(n) => write!(f, "{n} menit"),
            TimeStandard::OfficeSeconds(n) => write!(f, "{n} detik"),
            TimeStandard::Hours(n) if n % 24 == 0 => write!(f, "{}x24 jam", n / 24),
            TimeStandard::Hours(n) => write!(f, "{n} jam"),
        }
    }
}
