use std::fmt::Write as _;
use std::process::ExitCode;

use adminduk_domain::catalogue::{Need, OfficeLevel};
use serde::Serialize;

use crate::data_dir::Data;
use crate::output::Output;

#[derive(Serialize)]
struct CatalogueView<'a> {
    services: Vec<adminduk_domain::catalogue::ServiceView<'a>>,
}

pub fn run(data: &Data, out: &Output) -> ExitCode {
    let c = &data.catalogue;
    let view = CatalogueView { services: c.services().map(|s| c.view(s)).collect() };
    out.show(&view, || {
        let mut text = String::new();
        for (office, title) in [
            (OfficeLevel::Kabupaten, "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa"),
            (OfficeLevel::Provinsi, "Dinas Kependudukan dan Pencatatan Sipil Provinsi Sulawesi Selatan"),
        ] {
            writeln!(text, "== {title} ==\n").unwrap();
            for s in c.services().filter(|s| s.office == office) {
                let fee = adminduk_domain::catalogue::fee_label(s.fee);
                writeln!(text, "{} [{}]", s.name, s.code).unwrap();
                writeln!(text, "  {} | {} | alur {}", s.time_standard, fee, s.workflow).unwrap();
                writeln!(text, "  Produk: {}", s.products.join("; ")).unwrap();
                for v in &s.variants {
                    writeln!(text, "  - {} ({})", v.name, s.time_standard_of(v)).unwrap();
                    for r in &v.requirements {
                        let name = &c.document(&r.document).expect("checked when loaded").name;
                        let need = match r.need() {
                            Need::Mandatory => "wajib".to_string(),
                            Need::Conditional => r.condition.clone().unwrap_or_default(),
                            Need::IfAvailable => "jika ada".to_string(),
                        };
                        writeln!(text, "      * {name} ({need})").unwrap();
                    }
                }
                writeln!(text).unwrap();
            }
        }
        writeln!(text, "{} layanan.", view.services.len()).unwrap();
        text
    })
}
