//! A report not in by the 10th reminds its Dinas: an e-mail to each Kepala Dinas of a Dinas
//! kabupaten/kota with an account here, once per month (the message id is the same on every
//! sweep, and the outbox keeps one message per id). The province sees the same lateness in its
//! table.

use adminduk_domain::office::Office;
use adminduk_domain::report::Month;
use adminduk_domain::workflow::Role;

use crate::App;
use crate::error::AppError;
use crate::ports::{Channel, OutboxMessage, Write};

/// Reminds the Dinas whose report on last month is overdue; returns how many reminders were
/// queued (a repeated sweep queues the same ones, which the outbox keeps once).
pub async fn remind_late(app: &App) -> Result<usize, AppError> {
    let month = Month::of(app.today()).previous();
    if app.today() <= month.report_due() {
        return Ok(0);
    }
    let reported = app.store.reports_of_month(&month.to_string()).await?;
    let mut writes = Vec::new();
    for officer in app.store.accounts_of_kind(crate::ports::AccountKind::Officer).await? {
        let Some(office @ Office::Kabupaten { .. }) = officer.office else { continue };
        let (Some(email), true) = (&officer.email, officer.roles.contains(&Role::Kadis)) else { continue };
        if reported.iter().any(|r| r.office == office) || super::dinas(&office.to_string()).is_err() {
            continue;
        }
        let due = month.report_due().format("%d-%m-%Y");
        writes.push(Write::Enqueue(OutboxMessage {
            id: format!("laporan-bulanan:{office}:{month}:{}", officer.id),
            channel: Channel::Email,
            recipient: email.clone(),
            template: "laporan_bulanan_terlambat".into(),
            subject: Some(format!("Laporan bulanan Adminduk {month} belum dikirim")),
            body: format!(
                "Yth. {},\n\nLaporan bulanan pelayanan administrasi kependudukan bulan {month} belum diterima \
                 Dinas Kependudukan dan Pencatatan Sipil Provinsi Sulawesi Selatan; batasnya tanggal {due}. \
                 Silakan periksa dan kirim laporan melalui dasbor ({}/dashboard/#/laporan).",
                officer.name, app.settings.public_url
            ),
            created_at: app.clock.now(),
            office: Some(Office::Provinsi(office.province())),
        }));
    }
    let queued = writes.len();
    if queued > 0 {
        app.store.commit(writes).await?;
    }
    Ok(queued)
}
