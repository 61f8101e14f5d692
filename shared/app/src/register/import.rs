//! Importing the register from CSV, streamed in chunks so a million rows need no more memory
//! than three chunks: one written, one waiting and the next read and checked, on two threads.
//! How many chunks go in one transaction is the store's choice (`load_register`).
//!
//! The file has a header row naming these columns (in any order):
//!
//! | column | content |
//! |---|---|
//! | `nik` | 16-digit NIK |
//! | `no_kk` | 16-digit No. KK |
//! | `nama` | full name |
//! | `tempat_lahir` | place of birth |
//! | `tanggal_lahir` | date of birth, `YYYY-MM-DD` |
//! | `jenis_kelamin` | 1 Laki-laki, 2 Perempuan |
//! | `agama` | SIAK code 1-7 |
//! | `status_perkawinan` | SIAK code 1-6 (Belum Kawin ... Cerai Mati) |
//! | `golongan_darah` | SIAK code 1-13 |
//! | `kewarganegaraan` | 1 WNI, 2 WNA |
//! | `shdk` | SIAK code 1-11 |
//! | `alamat`, `rt`, `rw` | the family's address |
//! | `kode_desa` | desa/kelurahan, `73.06.08.1001` or `7306081001` |
//! | `hidup` | 1 alive, 0 deceased |
//! | `aktif` | 1 active in SIAK, 0 not (moved out, deactivated) |
//!
//! A row that fails a check is rejected with its line number and reasons; the others are
//! inserted, updated or left as they are. Importing the same file again changes nothing, and a
//! resident whose `no_kk` changed moves to the new family.

use std::collections::BTreeMap;
use std::io::Read;

use adminduk_domain::Coded;
use adminduk_domain::codes::{BloodType, Citizenship, MaritalStatus, Religion, Sex, Shdk, UnknownCode};
use adminduk_domain::ids::{Nik, NoKk};
use adminduk_domain::office::Office;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ports::{Family, RegisterChunk, RegisterChunks, Resident, StoreError, UpsertCounts};
use crate::secrets::mask_nik;

/// Rows per chunk handed to the store, each chunk in NIK order: the chunks held stay a few
/// megabytes, and a store inserting a chunk finds its NIKs close together (a million rows in
/// chunks of 5,000: 224,000 rows/s into SQLite; 10,000: 258,000).
pub const CHUNK_ROWS: usize = 10_000;

/// One row as the file spells it.
#[derive(Debug, Deserialize)]
struct Row {
    nik: String,
    no_kk: String,
    nama: String,
    tempat_lahir: String,
    tanggal_lahir: String,
    jenis_kelamin: String,
    agama: String,
    status_perkawinan: String,
    golongan_darah: String,
    kewarganegaraan: String,
    shdk: String,
    alamat: String,
    rt: String,
    rw: String,
    kode_desa: String,
    hidup: String,
    aktif: String,
}

/// Why one row was not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// The row's NIK, masked, when it had one.
    pub nik: Option<String>,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub code: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    /// Rows imported with a remark (a NIK whose encoded birth date differs from the recorded one).
    pub warnings: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("Berkas CSV tidak dapat dibaca: {0}")]
    Csv(String),
    #[error("Kolom wajib tidak ada di baris judul: {0}")]
    MissingColumns(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Coded for ImportError {
    fn code(&self) -> &'static str {
        match self {
            ImportError::Csv(_) => "CSV_UNREADABLE",
            ImportError::MissingColumns(_) => "CSV_COLUMNS_MISSING",
            ImportError::Store(_) => "STORE_FAILED",
        }
    }
}

/// The columns of the format, in the order exports write them.
pub const COLUMNS: &[&str] = &[
    "nik",
    "no_kk",
    "nama",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "agama",
    "status_perkawinan",
    "golongan_darah",
    "kewarganegaraan",
    "shdk",
    "alamat",
    "rt",
    "rw",
    "kode_desa",
    "hidup",
    "aktif",
];

/// What happens to each rejected row, and how far the reading got (on the reading thread).
pub trait ImportSink {
    fn rejected(&mut self, rejection: &Rejection);
    /// Bytes of the file read and handed to the store so far.
    fn progress(&mut self, _bytes: u64) {}
}

/// Reads the whole file, validating every row against `today` (for the NIK's century), and hands
/// valid rows in chunks of `chunk_rows` to `load`, which runs on a thread of its own (a store's
/// `load_register`) until the chunks end. Blocks: not for an async context.
pub fn import(
    input: impl Read,
    today: NaiveDate,
    chunk_rows: usize,
    sink: &mut impl ImportSink,
    load: impl FnOnce(RegisterChunks) -> Result<UpsertCounts, StoreError> + Send,
) -> Result<ImportReport, ImportError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(false).from_reader(input);
    let headers = reader.headers().map_err(|e| ImportError::Csv(e.to_string()))?.clone();
    let missing: Vec<_> =
        COLUMNS.iter().filter(|c| !headers.iter().any(|h| h.eq_ignore_ascii_case(c))).copied().collect();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns(missing.join(", ")));
    }
    let headers = csv::StringRecord::from(headers.iter().map(str::to_lowercase).collect::<Vec<_>>());
    std::thread::scope(|scope| {
        // One chunk waits while the store writes another and the next is read.
        let (hand_over, chunks) = tokio::sync::mpsc::channel(1);
        let writer = scope.spawn(move || load(chunks));
        let mut report = ImportReport::default();
        let mut next = NextChunk::default();
        let mut record = csv::StringRecord::new();
        loop {
            let line = reader.position().line();
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    report.rows += 1;
                    report.rejected += 1;
                    let reason = Reason { code: "ROW_UNREADABLE", message: format!("Baris tidak dapat dibaca: {e}") };
                    sink.rejected(&Rejection { line, nik: None, reasons: vec![reason] });
                    continue;
                }
            }
            report.rows += 1;
            let row: Row = match record.deserialize(Some(&headers)) {
                Ok(row) => row,
                Err(e) => {
                    report.rejected += 1;
                    let reason = Reason { code: "ROW_UNREADABLE", message: format!("Baris tidak dapat dibaca: {e}") };
                    sink.rejected(&Rejection { line, nik: None, reasons: vec![reason] });
                    continue;
                }
            };
            match check(&row, today) {
                Ok((family, resident, warned)) => {
                    report.warnings += u64::from(warned);
                    next.add(family, resident);
                }
                Err(reasons) => {
                    report.rejected += 1;
                    let nik = (row.nik.len() == 16).then(|| mask_nik(&row.nik));
                    sink.rejected(&Rejection { line, nik, reasons });
                }
            }
            if next.residents.len() >= chunk_rows {
                // A writer that stopped (a store failure) takes no more; its error is reported below.
                if hand_over.blocking_send(std::mem::take(&mut next).into_chunk()).is_err() {
                    break;
                }
                sink.progress(reader.position().byte());
            }
        }
        // As above: a writer that stopped says why when joined.
        if !next.residents.is_empty() && hand_over.blocking_send(next.into_chunk()).is_ok() {
            sink.progress(reader.position().byte());
        }
        drop(hand_over);
        let counts = writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        report.inserted = counts.inserted;
        report.updated = counts.updated;
        report.unchanged = counts.unchanged;
        Ok(report)
    })
}

#[derive(Default)]
struct NextChunk {
    /// One family per No. KK; the head's row gives the address.
    families: BTreeMap<NoKk, (bool, Family)>,
    residents: Vec<Resident>,
}

impl NextChunk {
    /// Its families, and its residents in NIK order, the order the store writes them in: sorted
    /// here, on the reading thread, which has time to spare while the writing thread (the
    /// import's pace) then finds them in order.
    fn into_chunk(mut self) -> RegisterChunk {
        self.residents.sort_unstable_by(|a, b| a.nik.cmp(&b.nik));
        RegisterChunk { families: self.families.into_values().map(|(_, f)| f).collect(), residents: self.residents }
    }

    fn add(&mut self, family: Family, resident: Resident) {
        let is_head = resident.shdk == Shdk::KepalaKeluarga;
        match self.families.get(&family.no_kk) {
            Some((true, _)) if !is_head => {}
            _ => {
                self.families.insert(family.no_kk.clone(), (is_head, family));
            }
        }
        self.residents.push(resident);
    }
}

fn reason(e: &impl Coded) -> Reason {
    Reason { code: e.code(), message: e.to_string() }
}

fn code<T>(
    value: &str,
    column: &'static str,
    parse: fn(u8) -> Result<T, UnknownCode>,
    reasons: &mut Vec<Reason>,
) -> Option<T> {
    match value.parse::<u8>() {
        Ok(n) => parse(n).map_err(|e| reasons.push(reason(&e))).ok(),
        Err(_) => {
            reasons.push(Reason {
                code: "CODE_UNKNOWN",
                message: format!("Kolom {column} harus berupa kode angka: {value:?}"),
            });
            None
        }
    }
}

fn flag(value: &str, column: &'static str, reasons: &mut Vec<Reason>) -> Option<bool> {
    match value {
        "1" => Some(true),
        "0" => Some(false),
        _ => {
            reasons.push(Reason { code: "FLAG_INVALID", message: format!("Kolom {column} harus 1 atau 0: {value:?}") });
            None
        }
    }
}

/// Reads the desa code in either form; it must name a desa/kelurahan.
fn desa(value: &str) -> Option<Office> {
    let dotted = if value.len() == 10 && value.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}.{}.{}.{}", &value[..2], &value[2..4], &value[4..6], &value[6..])
    } else {
        value.to_string()
    };
    Office::parse(&dotted).ok().filter(|o| matches!(o, Office::Desa { .. }))
}

/// Validates a row: the family, the resident and whether it carries a remark, or every reason
/// it cannot be imported.
fn check(row: &Row, today: NaiveDate) -> Result<(Family, Resident, bool), Vec<Reason>> {
    let mut reasons = Vec::new();
    let nik = Nik::parse(&row.nik, today).map_err(|e| reasons.push(reason(&e))).ok();
    let no_kk = NoKk::parse(&row.no_kk).map_err(|e| reasons.push(reason(&e))).ok();
    if row.nama.is_empty() {
        reasons.push(Reason { code: "NAME_REQUIRED", message: "Nama wajib diisi".into() });
    }
    let birth_date = NaiveDate::parse_from_str(&row.tanggal_lahir, "%Y-%m-%d")
        .map_err(|_| {
            reasons.push(Reason {
                code: "DATE_INVALID",
                message: format!("Tanggal lahir harus YYYY-MM-DD: {:?}", row.tanggal_lahir),
            })
        })
        .ok();
    let sex = code(&row.jenis_kelamin, "jenis_kelamin", Sex::from_code, &mut reasons);
    let religion = code(&row.agama, "agama", Religion::from_code, &mut reasons);
    let marital_status = code(&row.status_perkawinan, "status_perkawinan", MaritalStatus::from_code, &mut reasons);
    let blood_type = code(&row.golongan_darah, "golongan_darah", BloodType::from_code, &mut reasons);
    let citizenship = code(&row.kewarganegaraan, "kewarganegaraan", Citizenship::from_code, &mut reasons);
    let shdk = code(&row.shdk, "shdk", Shdk::from_code, &mut reasons);
    let alive = flag(&row.hidup, "hidup", &mut reasons);
    let active = flag(&row.aktif, "aktif", &mut reasons);
    let desa = desa(&row.kode_desa);
    if desa.is_none() {
        reasons.push(Reason {
            code: "DESA_INVALID",
            message: format!("Kode desa/kelurahan tidak sah: {:?}", row.kode_desa),
        });
    }
    if let (Some(n), Some(s)) = (&nik, sex) {
        if n.sex() != s {
            reasons.push(Reason { code: "SEX_MISMATCH", message: "Jenis kelamin tidak sesuai dengan NIK".into() });
        }
    }
    let (
        Some(nik),
        Some(no_kk),
        Some(birth_date),
        Some(sex),
        Some(religion),
        Some(marital_status),
        Some(blood_type),
        Some(citizenship),
        Some(shdk),
        Some(alive),
        Some(active),
        Some(desa),
    ) = (nik, no_kk, birth_date, sex, religion, marital_status, blood_type, citizenship, shdk, alive, active, desa)
    else {
        return Err(reasons);
    };
    if !reasons.is_empty() {
        return Err(reasons);
    }
    // A NIK keeps its digits when a birth date is corrected: a difference is only a remark.
    let warned = nik.check_birth_date(birth_date).is_some();
    let family =
        Family { no_kk: no_kk.clone(), address: row.alamat.clone(), rt: row.rt.clone(), rw: row.rw.clone(), desa };
    let resident = Resident {
        nik,
        no_kk,
        name: row.nama.clone(),
        birth_place: row.tempat_lahir.clone(),
        birth_date,
        sex,
        religion,
        marital_status,
        blood_type,
        citizenship,
        shdk,
        alive,
        active,
    };
    Ok((family, resident, warned))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,agama,status_perkawinan,golongan_darah,kewarganegaraan,shdk,alamat,rt,rw,kode_desa,hidup,aktif";

    /// The rejections and progress reports of an import.
    #[derive(Default)]
    struct Collect {
        rejected: Vec<Rejection>,
        progress: Vec<u64>,
    }

    impl ImportSink for Collect {
        fn rejected(&mut self, rejection: &Rejection) {
            self.rejected.push(rejection.clone());
        }
        fn progress(&mut self, bytes: u64) {
            self.progress.push(bytes);
        }
    }

    /// Imports `csv`, keeping every chunk handed over (its residents counted as inserted).
    fn import_kept(
        csv: &str,
        chunk_rows: usize,
        sink: &mut Collect,
    ) -> (Result<ImportReport, ImportError>, Vec<RegisterChunk>) {
        let mut kept = Vec::new();
        let load = |mut chunks: RegisterChunks| {
            let mut counts = UpsertCounts::default();
            while let Some(chunk) = chunks.blocking_recv() {
                counts.inserted += chunk.residents.len() as u64;
                kept.push(chunk);
            }
            Ok(counts)
        };
        let result = import(csv.as_bytes(), today(), chunk_rows, sink, load);
        (result, kept)
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn valid_rows_go_in_chunks_and_bad_ones_are_reported_by_line() {
        let csv = format!(
            "{HEADER}\n\
             7306081203850001,7306081203150001,Andi Baso,Sungguminasa,1985-03-12,1,1,2,4,1,1,Jl. Masjid Raya,002,004,73.06.08.1001,1,1\n\
             7306084512870002,7306081203150001,Siti Rahmawati,Gowa,1987-12-05,2,1,2,1,1,3,Jl. Lain,009,009,7306081001,1,1\n\
             7306083203850001,7306081203150001,,Gowa,1985-13-01,3,9,2,4,1,1,Jl.,1,1,73.06.08,2,1\n\
             7306081506100003,7306081203150001,Fadli,Gowa,2010-06-16,1,1,1,4,1,4,Jl. Masjid Raya,002,004,73.06.08.1001,1,1\n"
        );
        let mut sink = Collect::default();
        let (report, chunks) = import_kept(&csv, 2, &mut sink);
        let report = report.unwrap();
        assert_eq!((report.rows, report.inserted, report.rejected, report.warnings), (4, 3, 1, 1));
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].families[0].address, "Jl. Masjid Raya", "the head's row gives the address");
        assert_eq!(sink.progress.len(), 2, "progress is reported as each chunk is handed over");
        let bad = &sink.rejected[0];
        assert_eq!(bad.line, 4);
        let codes: Vec<_> = bad.reasons.iter().map(|r| r.code).collect();
        for expected in
            ["NIK_BIRTH_DATE_INVALID", "NAME_REQUIRED", "DATE_INVALID", "CODE_UNKNOWN", "FLAG_INVALID", "DESA_INVALID"]
        {
            assert!(codes.contains(&expected), "{expected} in {codes:?}");
        }
    }

    #[test]
    fn a_store_failure_stops_the_reading_and_is_reported() {
        let row = "7306081203850001,7306081203150001,Andi,Gowa,1985-03-12,1,1,2,4,1,1,Jl.,1,1,73.06.08.1001,1,1";
        let csv = format!("{HEADER}\n{}", format!("{row}\n").repeat(100));
        let mut sink = Collect::default();
        // Takes one chunk and fails on the second, as a full disk would.
        let load = |mut chunks: RegisterChunks| {
            chunks.blocking_recv();
            chunks.blocking_recv();
            Err(StoreError("disk penuh".into()))
        };
        let result = import(csv.as_bytes(), today(), 10, &mut sink, load);
        assert!(matches!(result, Err(ImportError::Store(StoreError(ref e))) if e == "disk penuh"), "{result:?}");
        // Two chunks taken and one waiting in the channel at most: the reading stopped there.
        assert!(sink.progress.len() <= 3, "read {} of 10 chunks after the failure", sink.progress.len());
    }

    #[test]
    fn missing_columns_stop_the_import_before_anything_is_written() {
        let (result, chunks) = import_kept("nik,no_kk\n1,2\n", 10, &mut Collect::default());
        let err = result.unwrap_err();
        assert_eq!(err.code(), "CSV_COLUMNS_MISSING");
        assert!(err.to_string().contains("nama"));
        assert!(chunks.is_empty());
    }

    #[test]
    fn a_row_with_the_wrong_number_of_fields_is_rejected_not_fatal() {
        let csv = format!("{HEADER}\n7306081203850001,7306081203150001\n");
        let mut sink = Collect::default();
        let report = import_kept(&csv, 10, &mut sink).0.unwrap();
        assert_eq!((report.rows, report.rejected), (1, 1));
        assert_eq!(sink.rejected[0].reasons[0].code, "ROW_UNREADABLE");
    }

    #[test]
    fn sex_must_match_the_nik() {
        let csv = format!(
            "{HEADER}\n7306081203850001,7306081203150001,Andi,Gowa,1985-03-12,2,1,2,4,1,1,Jl.,1,1,73.06.08.1001,1,1\n"
        );
        let mut sink = Collect::default();
        import_kept(&csv, 10, &mut sink).0.unwrap();
        assert_eq!(sink.rejected[0].reasons[0].code, "SEX_MISMATCH");
    }
}
