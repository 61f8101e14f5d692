//! The register as one request reads it: each resident and each family once. A case view asks for
//! the applicant and their family from its requirements, its declaration and the declaration's
//! context; filing and saving a draft the same; this keeps them to one read each, and to one read
//! for both where the case says which family the applicant lives in: a family's members are
//! residents known.

use std::collections::HashMap;

use adminduk_domain::ids::{Nik, NoKk};

use crate::App;
use crate::error::AppError;
use crate::ports::{Applicant, Family, Resident};

#[derive(Default)]
pub(crate) struct RegisterReads {
    residents: HashMap<Nik, Option<Resident>>,
    families: HashMap<NoKk, Option<(Family, Vec<Resident>)>>,
    /// The family a resident not read yet is expected in (the KK a case names for its applicant).
    homes: HashMap<Nik, NoKk>,
}

impl RegisterReads {
    /// Knowing the caller's own record already (the session read it).
    pub(crate) fn knowing(resident: Option<&Resident>) -> RegisterReads {
        let mut reads = RegisterReads::default();
        if let Some(r) = resident {
            reads.residents.insert(r.nik.clone(), Some(r.clone()));
        }
        reads
    }

    /// Expecting `applicant` in the family their case names: read first, it holds their record.
    pub(crate) fn expecting(mut self, applicant: &Applicant) -> RegisterReads {
        if let (Some(nik), Some(no_kk)) = (&applicant.nik, &applicant.no_kk) {
            self.homes.insert(nik.clone(), no_kk.clone());
        }
        self
    }

    pub(crate) async fn resident(&mut self, app: &App, nik: &Nik) -> Result<Option<Resident>, AppError> {
        if let Some(no_kk) = self.homes.remove(nik).filter(|_| !self.residents.contains_key(nik)) {
            self.family(app, &no_kk).await?;
        }
        if let Some(known) = self.residents.get(nik) {
            return Ok(known.clone());
        }
        let read = app.store.resident(nik).await?;
        self.residents.insert(nik.clone(), read.clone());
        Ok(read)
    }

    pub(crate) async fn family(
        &mut self,
        app: &App,
        no_kk: &NoKk,
    ) -> Result<Option<(Family, Vec<Resident>)>, AppError> {
        if let Some(known) = self.families.get(no_kk) {
            return Ok(known.clone());
        }
        let read = app.store.family(no_kk).await?;
        for member in read.iter().flat_map(|(_, members)| members) {
            self.residents.entry(member.nik.clone()).or_insert_with(|| Some(member.clone()));
        }
        self.families.insert(no_kk.clone(), read.clone());
        Ok(read)
    }
}
