//! Booked slots of the desks offices keep for in-person steps (see `adminduk_domain::appointment`).

use adminduk_domain::appointment::Visit;
use adminduk_domain::office::Office;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::StoreResult;

/// A slot booked for a case: kept on the case while it waits for the visit, and listed on the
/// desk's day with what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    pub case_id: String,
    /// The case's registration number.
    pub number: Option<String>,
    pub office: Office,
    pub visit: Visit,
    /// The office's local date of the slot.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Whom the desk expects: the applicant.
    pub name: String,
    /// The account that booked it (the applicant's side or an officer).
    pub booked_by: String,
    pub booked_at: DateTime<Utc>,
    pub status: BookingStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Booked,
    /// The step the visit was for was taken.
    Attended,
    /// Cancelled or moved to another slot: the slot was freed.
    Cancelled,
    /// The person did not come; the slot was freed.
    NoShow,
}

impl Booking {
    /// The counter of booked places this booking holds: one per desk slot.
    pub fn slot_key(&self) -> String {
        format!("{}|{}|{}", self.office, self.visit.as_str(), self.start.to_rfc3339())
    }
}

#[async_trait]
pub trait Appointments: Send + Sync {
    /// How many places of each slot of `office`'s `visit` desk are taken on `day`, by slot
    /// start (slots nobody booked are left out).
    async fn slot_loads(&self, office: &Office, visit: Visit, day: NaiveDate)
    -> StoreResult<Vec<(DateTime<Utc>, u32)>>;
    /// The bookings of `day`, every status, at `office` or at every office; by start.
    async fn bookings(&self, day: NaiveDate, office: Option<&Office>) -> StoreResult<Vec<Booking>>;
}
