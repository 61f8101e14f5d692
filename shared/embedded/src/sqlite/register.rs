//! The register tables: residents with typed columns (a million rows must import quickly and
//! stay queryable), families keyed by No. KK.

use adminduk_domain::codes::{BloodType, Citizenship, MaritalStatus, Religion, Sex, Shdk};
use adminduk_domain::ids::{Nik, NoKk};
use adminduk_domain::office::Office;
use adminduk_ports::{Family, Resident, UpsertCounts};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// The columns `read_resident` reads, in its order; a macro so that the reads by key are
/// constants (no SQL text made per read).
macro_rules! resident_columns {
    () => {
        "nik, no_kk, name, birth_place, birth_date, sex, religion, marital_status, blood_type, citizenship, shdk, alive, active"
    };
}
const RESIDENT_COLUMNS: &str = resident_columns!();
const RESIDENT: &str = concat!("SELECT ", resident_columns!(), " FROM residents WHERE nik = ?1");
/// A family's members, from `residents_by_family`; `family` puts them in order.
pub(super) const FAMILY_MEMBERS: &str = concat!("SELECT ", resident_columns!(), " FROM residents WHERE no_kk = ?1");

fn code_err(e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Integer, Box::new(e))
}

fn read_resident(r: &Row) -> rusqlite::Result<Resident> {
    Ok(Resident {
        nik: r.get::<_, String>(0)?.parse().map_err(code_err)?,
        no_kk: r.get::<_, String>(1)?.parse().map_err(code_err)?,
        name: r.get(2)?,
        birth_place: r.get(3)?,
        birth_date: r.get(4)?,
        sex: Sex::from_code(r.get(5)?).map_err(code_err)?,
        religion: Religion::from_code(r.get(6)?).map_err(code_err)?,
        marital_status: MaritalStatus::from_code(r.get(7)?).map_err(code_err)?,
        blood_type: BloodType::from_code(r.get(8)?).map_err(code_err)?,
        citizenship: Citizenship::from_code(r.get(9)?).map_err(code_err)?,
        shdk: Shdk::from_code(r.get(10)?).map_err(code_err)?,
        alive: r.get(11)?,
        active: r.get(12)?,
    })
}

pub fn resident(c: &Connection, nik: &Nik) -> rusqlite::Result<Option<Resident>> {
    c.prepare_cached(RESIDENT)?.query_row([nik.as_str()], read_resident).optional()
}

/// Many at once, a few hundred NIKs per query.
pub fn residents(c: &Connection, niks: &[Nik]) -> rusqlite::Result<Vec<Resident>> {
    let mut found = Vec::with_capacity(niks.len());
    for chunk in niks.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let mut stmt = c.prepare_cached(&format!("SELECT {RESIDENT_COLUMNS} FROM residents WHERE nik IN ({marks})"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(chunk.iter().map(Nik::as_str)), read_resident)?;
        for row in rows {
            found.push(row?);
        }
    }
    Ok(found)
}

pub fn family(c: &Connection, no_kk: &NoKk) -> rusqlite::Result<Option<(Family, Vec<Resident>)>> {
    let family = c
        .prepare_cached("SELECT no_kk, address, rt, rw, desa FROM families WHERE no_kk = ?1")?
        .query_row([no_kk.as_str()], |r| {
            let desa: String = r.get(4)?;
            Ok(Family {
                no_kk: r.get::<_, String>(0)?.parse().map_err(code_err)?,
                address: r.get(1)?,
                rt: r.get(2)?,
                rw: r.get(3)?,
                desa: Office::parse(&desa).map_err(code_err)?,
            })
        })
        .optional()?;
    let Some(family) = family else { return Ok(None) };
    let mut stmt = c.prepare_cached(FAMILY_MEMBERS)?;
    let mut members = stmt.query_map([no_kk.as_str()], read_resident)?.collect::<rusqlite::Result<Vec<_>>>()?;
    // In the port's order (the DynamoDB sort key's). A handful of rows are sorted here: SQLite's
    // sorter (`ORDER BY`) cost more than reading them, and an index in this order made the
    // register import 7% slower.
    members.sort_unstable_by(|a, b| (a.shdk.code(), a.birth_date, &a.nik).cmp(&(b.shdk.code(), b.birth_date, &b.nik)));
    Ok(Some((family, members)))
}

/// Inserts new rows, updates changed ones and counts the residents that were already as given,
/// all in one transaction.
pub fn upsert(c: &mut Connection, families: &[Family], residents: &[Resident]) -> rusqlite::Result<UpsertCounts> {
    let tx = c.transaction()?;
    {
        let mut put_family = tx.prepare_cached(
            "INSERT INTO families (no_kk, address, rt, rw, desa) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (no_kk) DO UPDATE SET address = excluded.address, rt = excluded.rt, rw = excluded.rw, desa = excluded.desa
             WHERE (address, rt, rw, desa) IS NOT (excluded.address, excluded.rt, excluded.rw, excluded.desa)",
        )?;
        for f in families {
            put_family.execute(params![f.no_kk.as_str(), f.address, f.rt, f.rw, f.desa.to_string()])?;
        }
    }
    let mut counts = UpsertCounts::default();
    {
        // In NIK order: the NIK index is then walked forward, each of its pages loaded once per
        // batch, however the export is ordered.
        let mut ordered: Vec<&Resident> = residents.iter().collect();
        ordered.sort_unstable_by(|a, b| a.nik.cmp(&b.nik));
        // A new resident is one insert; one already there is compared and updated if it changed.
        let mut insert = tx.prepare_cached(&format!(
            "INSERT INTO residents ({RESIDENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (nik) DO NOTHING"
        ))?;
        let mut update = tx.prepare_cached(&format!(
            "UPDATE residents SET no_kk = ?2, name = ?3, birth_place = ?4, birth_date = ?5, sex = ?6, religion = ?7,
               marital_status = ?8, blood_type = ?9, citizenship = ?10, shdk = ?11, alive = ?12, active = ?13
             WHERE nik = ?1 AND ({RESIDENT_COLUMNS}) IS NOT (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
        ))?;
        for r in ordered {
            let values = params![
                r.nik.as_str(),
                r.no_kk.as_str(),
                r.name,
                r.birth_place,
                r.birth_date,
                r.sex.code(),
                r.religion.code(),
                r.marital_status.code(),
                r.blood_type.code(),
                r.citizenship.code(),
                r.shdk.code(),
                r.alive,
                r.active
            ];
            if insert.execute(values)? > 0 {
                counts.inserted += 1;
            } else if update.execute(values)? > 0 {
                counts.updated += 1;
            } else {
                counts.unchanged += 1;
            }
        }
    }
    tx.commit()?;
    Ok(counts)
}
