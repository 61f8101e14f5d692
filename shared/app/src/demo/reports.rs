//! Demo monthly reports: some kabupaten/kota's systems have sent last month's report, as their
//! systems would over the API (through the same use case), so the province's table has rows of
//! every kind: in, late, missing.

use adminduk_domain::office::Office;
use adminduk_domain::report::{Blanks, Complaints, DocumentLine, MonthlyReport, Satisfaction, ServiceLine, StepLine};

use crate::App;
use crate::admin::{self, NewClient};
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::AppError;

/// The kabupaten/kota whose demo systems report (Gowa's own report comes from its services).
const REPORTING: &[u8] = &[1, 2, 3, 5, 8, 9, 10, 12, 13, 15, 17, 71, 72];

/// Figures that differ per kabupaten/kota but stay the same on every run.
fn report_of(kabupaten: u8) -> MonthlyReport {
    let k = u64::from(kabupaten % 20 + 3);
    let line = |service: &str, received: u64| ServiceLine {
        service: service.into(),
        received,
        completed: received * 9 / 10,
        rejected: received / 20,
        cancelled: received / 50,
        on_time: received * (80 + k % 15) / 100,
        late: received * (20 - k % 15) / 100,
    };
    MonthlyReport {
        services: vec![
            line("KELAHIRAN", 40 * k),
            line("KEMATIAN", 12 * k),
            line("KTP_EL_BARU", 55 * k),
            line("PINDAH", 18 * k),
        ],
        steps: vec![
            StepLine { service: "KTP_EL_BARU".into(), step: "verifikasi".into(), on_time: 50 * k, late: 5 * k },
            StepLine { service: "KTP_EL_BARU".into(), step: "cetak".into(), on_time: 45 * k, late: 10 * k },
        ],
        documents: vec![
            DocumentLine { product: "Kartu Keluarga (KK)".into(), count: 60 * k },
            DocumentLine { product: "KTP-el".into(), count: 50 * k },
            DocumentLine { product: "Kutipan Akta Kelahiran".into(), count: 36 * k },
        ],
        satisfaction: Some(Satisfaction { respondents: 20 * k, index: 72.0 + (k % 20) as f64 }),
        complaints: Complaints { received: k % 7, answered: k % 7 },
        blanks: Blanks { received: 500 * (k % 4 + 1), used: 50 * k, damaged: k % 5, stock: 300 + 17 * k },
    }
}

/// Has the demo systems of [`REPORTING`] send last month's report, created by the province's
/// admin as a kabupaten's system would be.
pub async fn seed_reports(app: &App, province_admin: &Actor) -> Result<(), AppError> {
    let month = adminduk_domain::report::Month::of(app.today()).previous().to_string();
    let from = ClientAddress::default();
    for &kabupaten in REPORTING {
        let office = Office::Kabupaten { province: adminduk_domain::region::SULSEL, kabupaten };
        let name = app.catalogue.office(&office).short_name;
        let client = admin::create_client(
            app,
            province_admin,
            NewClient {
                name: format!("SIAK {name}"),
                scopes: vec![crate::reports::SCOPE.into()],
                office: Some(office),
                institution_id: None,
            },
            &from,
        )
        .await?;
        let system = Actor::Client {
            client: Box::new(
                app.store.client(&client.client_id).await?.ok_or_else(|| AppError::internal("demo client"))?,
            ),
            scopes: client.scopes,
            reporter: None,
        };
        crate::reports::submit(app, &system, &office.to_string(), &month, report_of(kabupaten), &from).await?;
    }
    Ok(())
}
