use std::path::Path;
use std::process::ExitCode;

use adminduk_app::App;
use adminduk_app::demo::{DemoAccount, DemoRegister, seed_accounts};
use serde::Serialize;

use crate::data_dir::Data;
use crate::installation;
use crate::output::{Failure, Output};

#[derive(Serialize)]
pub struct Seeded {
    pub families: u32,
    pub residents: u64,
    pub accounts: Vec<DemoAccount>,
}

/// Writes `families` synthetic families and the demo accounts into the installation.
pub async fn seed(app: &App, families: u32, seed: u64) -> Result<Seeded, Failure> {
    let mut register = DemoRegister::new(seed, app.today());
    let mut residents = 0u64;
    let mut citizen = None;
    let mut left = families;
    while left > 0 {
        let take = left.min(1_000);
        left -= take;
        let (mut fams, mut people) = (Vec::new(), Vec::new());
        for (family, members) in register.by_ref().take(take as usize) {
            citizen.get_or_insert_with(|| members[0].nik.clone());
            residents += members.len() as u64;
            fams.push(family);
            people.extend(members);
        }
        app.store
            .upsert_register(fams, people)
            .await
            .map_err(|e| Failure { code: "STORE_FAILED", message: e.to_string() })?;
    }
    let citizen = citizen
        .ok_or_else(|| Failure { code: "NO_FAMILIES", message: "Jumlah keluarga harus lebih dari nol".into() })?;
    let accounts =
        seed_accounts(app, citizen.as_str()).await.map_err(|e| Failure { code: e.code(), message: e.to_string() })?;
    Ok(Seeded { families, residents, accounts })
}

/// The credentials as a newcomer reads them.
pub fn describe(seeded: &Seeded) -> String {
    let mut text = format!(
        "Register demo: {} keluarga, {} penduduk.\n\nAkun demo (kata sandi sama untuk semua):\n",
        seeded.families, seeded.residents
    );
    for a in &seeded.accounts {
        text.push_str(&format!("  {:<48} {:<40} {}\n", a.who, a.login, a.password));
        if let Some(secret) = &a.totp_secret {
            text.push_str(&format!("  {:<48} TOTP: {secret}\n", ""));
        }
    }
    text
}

pub fn run(data: Data, folder: &Path, families: u32, seed_value: u64, out: &Output) -> ExitCode {
    let app = match installation::open(data, folder) {
        Ok(app) => app,
        Err(e) => return out.fail(&e),
    };
    match installation::runtime().block_on(seed(&app, families, seed_value)) {
        Ok(seeded) => out.show(&seeded, || describe(&seeded)),
        Err(f) => out.fail(f),
    }
}
