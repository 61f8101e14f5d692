//! Batch NIK verification for partners (scope `data.verifikasi`): a partner's system under a PKS
//! in force posts up to [`MAX_RECORDS`] records as JSON lines or CSV and reads the answers as they
//! are made, a thousand records at a time, so memory stays the same whatever the batch's size.
//! Each batch is audited with its purpose and counts; see `adminduk_domain::verification` for
//! what an answer may say. Batches too large for one request come as a file ([`jobs`]).

pub mod jobs;

use adminduk_domain::ids::Nik;
use adminduk_domain::verification::{Answer, OnRecord, Record, Status};
pub use adminduk_domain::verification::{Counts, Format};
pub use axum::body::Bytes;
use futures::{Stream, StreamExt};

use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{MachineClient, Write};

pub const SCOPE: &str = "data.verifikasi";

/// Records one batch may hold.
pub const MAX_RECORDS: u64 = 100_000;

/// Records looked up together.
const CHUNK: usize = 1_000;

/// Longest line read; a longer one is answered as unreadable (and never held whole).
const MAX_LINE: usize = 4_096;

/// Bytes one batch may send: room for every record at a generous length, blank lines included.
const MAX_BYTES: u64 = MAX_RECORDS * 512;

/// The partner behind `actor`: a system bound to an Instansi Induk whose PKS is in force.
pub async fn partner(app: &App, actor: &Actor) -> Result<MachineClient, AppError> {
    let client = actor.require_scope(SCOPE)?.clone();
    let not_bound = || AppError::Forbidden {
        code: "PKS_MISSING",
        message: "Sistem ini tidak terikat pada Instansi Induk yang memiliki PKS".into(),
    };
    let institution_id = client.institution_id.as_deref().ok_or_else(not_bound)?;
    let pks = app.store.institution(institution_id).await?.and_then(|i| i.pks).ok_or_else(not_bound)?;
    crate::admin::valid_today(app, pks)?;
    Ok(client)
}

/// What a record is compared with: the register's view of one resident.
pub fn on_record(r: &crate::ports::Resident) -> OnRecord<'_> {
    OnRecord {
        name: &r.name,
        birth_date: r.birth_date,
        birth_place: &r.birth_place,
        sex: r.sex,
        no_kk: r.no_kk.as_str(),
        alive: r.alive,
        active: r.active,
    }
}

/// Why a batch is run, as the partner states it (kept in the audit log).
pub fn purpose(text: Option<&str>) -> Result<String, AppError> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.chars().count() < 5 || text.chars().count() > 200 || text.chars().any(char::is_control) {
        return Err(AppError::Unprocessable {
            code: "PURPOSE_INVALID",
            message: "Sebutkan tujuan verifikasi (purpose), 5 sampai 200 karakter".into(),
        });
    }
    Ok(text.to_string())
}

/// One record as read: its line, the record or why it cannot be read, and its NIK's digits.
struct Read {
    line: u64,
    record: Result<Record, String>,
    nik: Option<String>,
}

/// A register lookup running on its own task.
type Lookup = tokio::task::JoinHandle<crate::ports::StoreResult<Vec<crate::ports::Resident>>>;

/// One line of the body.
enum Line {
    Text(Vec<u8>),
    /// Longer than [`MAX_LINE`]: never held whole.
    TooLong,
}

/// Where a running batch is.
struct Batch<S> {
    app: App,
    body: S,
    format: Format,
    buffer: Vec<u8>,
    /// Where the unread part of `buffer` starts.
    start: usize,
    /// Lines read so far (the physical line of the file).
    line: u64,
    /// Bytes read so far.
    read: u64,
    header: Option<Vec<String>>,
    ended: bool,
    finished: bool,
    /// Records read so far (answered or read ahead).
    records_read: u64,
    /// The next chunk, read ahead, with its register lookup under way.
    ahead: Option<(Vec<Read>, Lookup)>,
    counts: Counts,
    client: String,
    purpose: String,
    from: ClientAddress,
    /// Told the counts once the batch is answered whole and audited.
    tell: Option<tokio::sync::oneshot::Sender<Counts>>,
}

/// The counts of a batch, once its last answer is out and it is audited; never, when it stopped
/// early.
pub type Finished = tokio::sync::oneshot::Receiver<Counts>;

/// The answers to the records of `body`, as bytes to send while they are made; a CSV header
/// that lacks a required column is refused before any. The batch is audited when its last answer
/// is out, and then its counts are told to [`Finished`].
pub async fn answers<S, E>(
    app: App,
    client: String,
    purpose: String,
    format: Format,
    body: S,
    from: ClientAddress,
) -> Result<(impl Stream<Item = Result<Bytes, std::io::Error>> + Send + use<S, E>, Finished), AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin + Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    let (tell, finished) = tokio::sync::oneshot::channel();
    let mut batch = Batch {
        app,
        body,
        format,
        buffer: Vec::new(),
        start: 0,
        line: 0,
        read: 0,
        header: None,
        ended: false,
        finished: false,
        records_read: 0,
        ahead: None,
        counts: Counts::default(),
        client,
        purpose,
        from,
        tell: Some(tell),
    };
    let first = match format {
        Format::Csv => batch.read_header().await?,
        Format::Jsonl => Vec::new(),
    };
    let answers = futures::stream::unfold(batch, |mut b| async move {
        if b.finished {
            return None;
        }
        match b.next_chunk().await {
            Ok(Some(bytes)) => Some((Ok(bytes), b)),
            Ok(None) => {
                b.finished = true;
                match b.audit().await {
                    Ok(()) => None,
                    Err(e) => Some((Err(std::io::Error::other(e.to_string())), b)),
                }
            }
            Err(e) => {
                // The answers so far are out; the partner sees the answer end early.
                tracing::error!(error = %e, line = b.line, "batch verification stopped");
                b.finished = true;
                Some((Err(std::io::Error::other(e.to_string())), b))
            }
        }
    });
    Ok((futures::stream::iter([Ok(Bytes::from(first))]).chain(answers), finished))
}

impl<S, E> Batch<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin + Send,
    E: std::fmt::Display,
{
    /// The next line of the body, without its line ending; `None` at the end.
    async fn next_line(&mut self) -> Result<Option<Line>, AppError> {
        loop {
            let unread = &self.buffer[self.start..];
            if let Some(end) = unread.iter().position(|&b| b == b'\n') {
                let mut line = unread[..end].to_vec();
                self.start += end + 1;
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                self.line += 1;
                return Ok(Some(Line::Text(line)));
            }
            // No whole line left: keep only what is unread (moved once, not once per line).
            self.buffer.drain(..self.start);
            self.start = 0;
            if self.ended {
                if self.buffer.is_empty() {
                    return Ok(None);
                }
                self.line += 1;
                return Ok(Some(Line::Text(std::mem::take(&mut self.buffer))));
            }
            if self.buffer.len() > MAX_LINE {
                // Too long to be a record: answered as unreadable, the rest of it skipped.
                self.buffer.clear();
                self.line += 1;
                self.skip_to_line_end().await?;
                return Ok(Some(Line::TooLong));
            }
            match self.body.next().await {
                Some(Ok(bytes)) => {
                    self.counted(&bytes)?;
                    self.buffer.extend_from_slice(&bytes);
                }
                Some(Err(e)) => return Err(AppError::BadRequest { code: "BODY_UNREADABLE", message: e.to_string() }),
                None => self.ended = true,
            }
        }
    }

    fn counted(&mut self, bytes: &[u8]) -> Result<(), AppError> {
        self.read += bytes.len() as u64;
        if self.read > MAX_BYTES {
            return Err(AppError::TooLarge {
                code: "BATCH_TOO_LARGE",
                message: format!("Satu kiriman paling banyak {} MB", MAX_BYTES / 1_000_000),
            });
        }
        Ok(())
    }

    async fn skip_to_line_end(&mut self) -> Result<(), AppError> {
        loop {
            match self.body.next().await {
                Some(Ok(bytes)) => {
                    self.counted(&bytes)?;
                    if let Some(end) = bytes.iter().position(|&b| b == b'\n') {
                        self.buffer.extend_from_slice(&bytes[end + 1..]);
                        return Ok(());
                    }
                }
                Some(Err(e)) => return Err(AppError::BadRequest { code: "BODY_UNREADABLE", message: e.to_string() }),
                None => {
                    self.ended = true;
                    return Ok(());
                }
            }
        }
    }

    /// A record from one line, or why it cannot be read.
    fn record(&mut self, line: &[u8]) -> Result<Record, String> {
        let text = std::str::from_utf8(line).map_err(|_| "Baris bukan teks UTF-8".to_string())?;
        match self.format {
            Format::Jsonl => serde_json::from_str(text).map_err(|e| format!("Baris bukan rekaman JSON yang sah: {e}")),
            Format::Csv => {
                let fields = csv_fields(text)?;
                let header = self.header.as_ref().expect("the header is read first");
                let get = |name: &str| {
                    header.iter().position(|h| h == name).and_then(|i| fields.get(i)).map(|v| v.trim().to_string())
                };
                let optional = |name: &str| get(name).filter(|v| !v.is_empty());
                Ok(Record {
                    nik: get("nik").unwrap_or_default(),
                    name: get("name").unwrap_or_default(),
                    birth_date: get("birth_date").unwrap_or_default(),
                    birth_place: optional("birth_place"),
                    sex: match optional("sex") {
                        Some(s) => Some(s.parse().map_err(|_| "Jenis kelamin 1 atau 2".to_string())?),
                        None => None,
                    },
                    no_kk: optional("no_kk"),
                    reference: optional("reference"),
                })
            }
        }
    }

    /// Reads the CSV header, refusing one without the required columns; returns the answers'
    /// header.
    async fn read_header(&mut self) -> Result<Vec<u8>, AppError> {
        let header = match self.next_line().await? {
            Some(Line::Text(header)) => header,
            None | Some(Line::TooLong) => Vec::new(),
        };
        let names = csv_fields(&String::from_utf8_lossy(&header)).unwrap_or_default();
        let names: Vec<String> = names.iter().map(|h| h.trim().to_lowercase()).collect();
        if let Some(missing) = ["nik", "name", "birth_date"].iter().find(|r| !names.iter().any(|n| n == *r)) {
            return Err(AppError::Unprocessable {
                code: "CSV_HEADER_INVALID",
                message: format!("Baris judul CSV harus memuat nik, name dan birth_date (tidak ada {missing})"),
            });
        }
        self.header = Some(names);
        Ok(CSV_HEADER.as_bytes().to_vec())
    }

    /// Reads up to [`CHUNK`] records.
    async fn read_records(&mut self) -> Result<Vec<Read>, AppError> {
        let mut records = Vec::with_capacity(CHUNK);
        while records.len() < CHUNK {
            let line = match self.next_line().await? {
                None => break,
                Some(Line::Text(line)) if line.iter().all(u8::is_ascii_whitespace) => continue,
                Some(line) => line,
            };
            if self.records_read >= MAX_RECORDS {
                let problem = format!("Satu kiriman paling banyak {MAX_RECORDS} rekaman; sisanya tidak diperiksa");
                records.push(Read { line: self.line, record: Err(problem), nik: None });
                self.ended = true;
                self.buffer.clear();
                self.start = 0;
                break;
            }
            self.records_read += 1;
            let record = match line {
                Line::Text(text) => self.record(&text),
                Line::TooLong => Err(format!("Baris lebih dari {MAX_LINE} bita")),
            };
            let nik = record.as_ref().ok().and_then(|r| r.checked_nik().ok());
            records.push(Read { line: self.line, record, nik });
        }
        Ok(records)
    }

    /// Starts looking up the NIKs of `records` in the register, on the store's own threads.
    fn look_up(&self, records: &[Read]) -> Lookup {
        // Sixteen digits that are no NIK at all are simply not found.
        let niks: std::collections::BTreeSet<Nik> =
            records.iter().filter_map(|r| r.nik.as_deref()?.parse().ok()).collect();
        let store = self.app.store.clone();
        tokio::spawn(async move { store.residents(&niks.into_iter().collect::<Vec<_>>()).await })
    }

    /// The answers to the next [`CHUNK`] records. The register is read for one chunk while the
    /// next is parsed, so both cores work.
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, AppError> {
        let (records, lookup) = match self.ahead.take() {
            Some(ahead) => ahead,
            None => {
                let records = self.read_records().await?;
                if records.is_empty() {
                    return Ok(None);
                }
                let lookup = self.look_up(&records);
                (records, lookup)
            }
        };
        let next = self.read_records().await?;
        if !next.is_empty() {
            let lookup = self.look_up(&next);
            self.ahead = Some((next, lookup));
        }
        let found = lookup.await.map_err(AppError::internal)??;
        let by_nik: std::collections::HashMap<&str, &crate::ports::Resident> =
            found.iter().map(|r| (r.nik.as_str(), r)).collect();
        let mut out = Vec::new();
        for Read { line, record, nik } in records {
            let answer = match record {
                Ok(record) => {
                    let resident = nik.and_then(|nik| by_nik.get(nik.as_str()).copied());
                    record.answer(line, resident.map(on_record).as_ref())
                }
                Err(problem) => Answer {
                    line,
                    reference: None,
                    nik: String::new(),
                    status: Status::Invalid,
                    matches: Default::default(),
                    problem: Some(problem),
                },
            };
            self.counts.count(answer.status);
            self.write(&mut out, &answer)?;
        }
        Ok(Some(Bytes::from(out)))
    }

    fn write(&self, out: &mut Vec<u8>, a: &Answer) -> Result<(), AppError> {
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut *out, a).map_err(AppError::internal)?;
                out.push(b'\n');
            }
            Format::Csv => {
                let flag = |field: &str| match a.matches.get(field) {
                    Some(true) => "ya",
                    Some(false) => "tidak",
                    None => "",
                };
                let status = serde_json::to_value(a.status).map_err(AppError::internal)?;
                let mut w = csv::Writer::from_writer(&mut *out);
                w.write_record([
                    a.line.to_string().as_str(),
                    a.reference.as_deref().unwrap_or_default(),
                    &a.nik,
                    status.as_str().unwrap_or_default(),
                    flag("name"),
                    flag("birth_date"),
                    flag("birth_place"),
                    flag("sex"),
                    flag("no_kk"),
                    a.problem.as_deref().unwrap_or_default(),
                ])
                .map_err(AppError::internal)?;
                w.flush().map_err(AppError::internal)?;
            }
        }
        Ok(())
    }

    async fn audit(&mut self) -> Result<(), AppError> {
        let mut detail = serde_json::to_value(&self.counts).map_err(AppError::internal)?;
        detail["purpose"] = self.purpose.clone().into();
        detail["format"] = serde_json::to_value(self.format).map_err(AppError::internal)?;
        let entry = crate::auth::audit(&self.app, &self.client, "batch_verification", &self.client, detail, &self.from);
        self.app.store.commit(vec![Write::Audit(entry)]).await?;
        if let Some(tell) = self.tell.take() {
            // Nobody may be waiting (a request's answers): nothing to tell then.
            let _ = tell.send(std::mem::take(&mut self.counts));
        }
        Ok(())
    }
}

/// The answers' CSV header.
const CSV_HEADER: &str = "line,reference,nik,status,name,birth_date,birth_place,sex,no_kk,problem\n";

/// The fields of one CSV line (quoted fields may hold commas, not line breaks).
fn csv_fields(line: &str) -> Result<Vec<String>, String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
    match reader.records().next() {
        Some(Ok(r)) => Ok(r.iter().map(str::to_string).collect()),
        Some(Err(e)) => Err(format!("Baris CSV tidak terbaca: {e}")),
        None => Ok(Vec::new()),
    }
}
