use std::path::Path;
use std::process::ExitCode;

use adminduk_app::demo::{DemoAccount, DemoRegister, seed_accounts};
use serde::Serialize;

use crate::data_dir::Data;
use crate::installation;
use crate::output::Output;

#[derive(Serialize)]
struct Seeded {
    families: u32,
    residents: u64,
    accounts: Vec<DemoAccount>,
}

pub fn run(data: Data, folder: &Path, families: u32, seed: u64, out: &Output) -> ExitCode {
    let app = match installation::open(data, folder) {
        Ok(app) => app,
        Err(e) => return out.fail(&e),
    };
    let runtime = installation::runtime();
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
        if let Err(e) = runtime.block_on(app.store.upsert_register(fams, people)) {
            return out.fail(crate::output::Failure { code: "STORE_FAILED", message: e.to_string() });
        }
    }
    let Some(citizen) = citizen else {
        return out.fail(crate::output::Failure {
            code: "NO_FAMILIES",
            message: "Jumlah keluarga harus lebih dari nol".into(),
        });
    };
    let accounts = match runtime.block_on(seed_accounts(&app, &citizen)) {
        Ok(accounts) => accounts,
        Err(e) => return out.fail(crate::output::Failure { code: e.code(), message: e.to_string() }),
    };
    let seeded = Seeded { families, residents, accounts };
    out.show(&seeded, || {
        let mut text = format!(
            "Register demo: {} keluarga, {} penduduk (seed {seed}) di {}.\n\nAkun demo (kata sandi sama untuk semua):\n",
            seeded.families,
            seeded.residents,
            folder.display()
        );
        for a in &seeded.accounts {
            text.push_str(&format!("  {:<48} {:<40} {}\n", a.who, a.login, a.password));
            if let Some(secret) = &a.totp_secret {
                text.push_str(&format!("  {:<48} TOTP: {secret}\n", ""));
            }
        }
        text
    })
}
