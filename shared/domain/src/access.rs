//! Who may act for whom (seed 000): one pure policy for residents, institution staff and
//! officers, answering each request with allowed or the reason it is not.

use chrono::NaiveDate;

use crate::catalogue::{OfficeLevel, Requester, Service};
use crate::codes::Shdk;
use crate::office::Office;
use crate::workflow::{Action, Role};

/// The terms of a cooperation agreement (PKS) that matter for access.
#[derive(Debug, Clone, Copy)]
pub struct PksTerms<'a> {
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// Service codes the PKS covers.
    pub services: &'a [String],
}

#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// A Pengguna Pribadi, as the register knows them now.
    Resident { nik: &'a str, no_kk: &'a str, shdk: Shdk },
    /// A Pengguna Pribadi outside the register: a resident of the province, on their own
    /// statement, for the province's public services.
    ProvinceResident { nik: &'a str },
    /// A Pengguna Instansi, bound by their Instansi Induk's PKS.
    InstitutionStaff { pks: PksTerms<'a> },
    /// An officer of an office, with roles.
    Officer { office: Office, roles: &'a [Role] },
    /// A Dinas kabupaten/kota's own system (scope `provinsi.layanan`), asking the province for
    /// what its Dinas may ask for (blanks, data verification).
    DinasSystem { office: Office },
}

/// The person the case is about.
#[derive(Debug, Clone, Copy)]
pub struct Applicant<'a> {
    pub nik: &'a str,
    pub no_kk: &'a str,
}

/// One request: take `action` of `service`'s workflow on a case of `applicant` sitting at
/// `case_office` (submitting a report is the reporter's first action).
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub applicant: Applicant<'a>,
    pub service: &'a Service,
    pub action: &'a Action,
    pub case_office: Office,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denial {
    #[error("Peran Anda tidak berwenang melakukan aksi ini")]
    RoleNotAllowed,
    #[error("Layanan ini tidak dapat diajukan oleh jenis pengguna Anda")]
    RequesterNotAllowed,
    #[error("Pemohon bukan anggota Kartu Keluarga Anda")]
    NotSameFamily,
    #[error("Anggota keluarga selain Kepala Keluarga, Suami dan Istri hanya dapat melapor untuk dirinya sendiri")]
    OnlyForSelf,
    #[error("Layanan ini hanya dapat dilaporkan oleh Kepala Keluarga, Suami atau Istri")]
    ServiceNotForMember,
    #[error("Perjanjian Kerja Sama (PKS) instansi Anda tidak berlaku pada tanggal ini")]
    PksNotValid,
    #[error("Layanan ini tidak termasuk dalam Perjanjian Kerja Sama (PKS) instansi Anda")]
    ServiceNotInPks,
    #[error("Permohonan ini berada di luar wilayah kerja kantor Anda")]
    OutsideOffice,
}

impl crate::Coded for Denial {
    fn code(&self) -> &'static str {
        match self {
            Denial::RoleNotAllowed => "ROLE_NOT_ALLOWED",
            Denial::RequesterNotAllowed => "REQUESTER_NOT_ALLOWED",
            Denial::NotSameFamily => "NOT_SAME_FAMILY",
            Denial::OnlyForSelf => "ONLY_FOR_SELF",
            Denial::ServiceNotForMember => "SERVICE_NOT_FOR_MEMBER",
            Denial::PksNotValid => "PKS_NOT_VALID",
            Denial::ServiceNotInPks => "SERVICE_NOT_IN_PKS",
            Denial::OutsideOffice => "OUTSIDE_OFFICE",
        }
    }
}

/// Whether `actor` may make `request` on `today`.
pub fn decide(actor: &Actor, request: &Request, today: NaiveDate) -> Result<(), Denial> {
    let Request { applicant, service, action, case_office } = request;
    let reporter_action = || if action.roles.contains(&Role::Pelapor) { Ok(()) } else { Err(Denial::RoleNotAllowed) };
    let open_to = |kind| if service.requesters.contains(&kind) { Ok(()) } else { Err(Denial::RequesterNotAllowed) };
    match actor {
        Actor::Resident { nik, no_kk, shdk } => {
            // The applicant's own step on a case filed for them (printing the certified KK).
            if action.roles.contains(&Role::Pemohon) && applicant.nik == *nik {
                return Ok(());
            }
            reporter_action()?;
            let for_self = applicant.nik == *nik;
            // A public request (PPID data, a complaint, the WhatsApp channel) is anyone's own:
            // the family rules of seed 000 are about reporting for others.
            if !service.requesters.contains(&Requester::PenggunaPribadi)
                && service.requesters.contains(&Requester::Masyarakat)
            {
                return if for_self { Ok(()) } else { Err(Denial::OnlyForSelf) };
            }
            open_to(Requester::PenggunaPribadi)?;
            if !for_self && applicant.no_kk != *no_kk {
                return Err(Denial::NotSameFamily);
            }
            if shdk.reports_for_family() {
                return Ok(());
            }
            if !service.group.open_to_every_member() {
                return Err(Denial::ServiceNotForMember);
            }
            if !for_self {
                return Err(Denial::OnlyForSelf);
            }
            Ok(())
        }
        Actor::ProvinceResident { nik } => {
            if action.roles.contains(&Role::Pemohon) && applicant.nik == *nik {
                return Ok(());
            }
            reporter_action()?;
            // The register does not know them: only the province's requests open to the public
            // (PPID data, IKD activation, complaints), each for themselves.
            if service.office != OfficeLevel::Provinsi || !service.requesters.contains(&Requester::Masyarakat) {
                return Err(Denial::RequesterNotAllowed);
            }
            if applicant.nik == *nik { Ok(()) } else { Err(Denial::OnlyForSelf) }
        }
        Actor::InstitutionStaff { pks } => {
            reporter_action()?;
            // Province services asked for by an institution as such are outside the kabupaten's
            // PKS, which governs reporting for residents.
            if !service.requesters.contains(&Requester::PenggunaInstansi)
                && service.requesters.contains(&Requester::Lembaga)
            {
                return Ok(());
            }
            open_to(Requester::PenggunaInstansi)?;
            if today < pks.valid_from || today > pks.valid_until {
                return Err(Denial::PksNotValid);
            }
            if !pks.services.contains(&service.code) {
                return Err(Denial::ServiceNotInPks);
            }
            Ok(())
        }
        Actor::DinasSystem { office } => {
            reporter_action()?;
            let asks_as_dinas = service.requesters.contains(&Requester::DinasKabupatenKota)
                || service.requesters.contains(&Requester::Lembaga);
            if !asks_as_dinas || !matches!(office, Office::Kabupaten { .. }) {
                return Err(Denial::RequesterNotAllowed);
            }
            Ok(())
        }
        Actor::Officer { office, roles } => {
            // A Dinas kabupaten/kota asks the province for KTP-el blanks through its leaders.
            let dinas_request = service.requesters.contains(&Requester::DinasKabupatenKota)
                && action.roles.contains(&Role::Pelapor)
                && matches!(office, Office::Kabupaten { .. })
                && roles.iter().any(|r| matches!(r, Role::Kabid | Role::Kadis | Role::Admin));
            if dinas_request {
                return Ok(());
            }
            if !action.roles.iter().any(|r| r.is_officer() && roles.contains(r)) {
                return Err(Denial::RoleNotAllowed);
            }
            if !office.covers(case_office) {
                return Err(Denial::OutsideOffice);
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Coded;
    use crate::catalogue::Catalogue;

    const HEAD: &str = "7306081203850001";
    const WIFE: &str = "7306084512870002";
    const CHILD: &str = "7306081506100003";
    const KK: &str = "7306081203150001";
    const NEIGHBOUR: &str = "7306082001800004";
    const OTHER_KK: &str = "7306082001150009";

    fn action<'a>(service: &str, state: &str, code: &str) -> (&'a Service, &'a Action) {
        let c = Catalogue::embedded();
        let s = c.service(service).unwrap();
        let wf = c.workflow(&s.workflow).unwrap();
        let a = wf.state(state).unwrap().actions.iter().find(|a| a.code == code).unwrap();
        (s, a)
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_policy_as_a_table() {
        let pks_services = vec!["KELAHIRAN".to_string(), "KEMATIAN".to_string()];
        let pks = PksTerms { valid_from: d(2026, 1, 1), valid_until: d(2026, 12, 31), services: &pks_services };
        let head = Actor::Resident { nik: HEAD, no_kk: KK, shdk: Shdk::KepalaKeluarga };
        let wife = Actor::Resident { nik: WIFE, no_kk: KK, shdk: Shdk::Istri };
        let child = Actor::Resident { nik: CHILD, no_kk: KK, shdk: Shdk::Anak };
        let staff = Actor::InstitutionStaff { pks };
        let fo_roles = [Role::FrontOffice];
        let fo = Actor::Officer { office: Office::GOWA, roles: &fo_roles };
        let desa_roles = [Role::OperatorDesa];
        let desa = Office::parse("73.06.08.1001").unwrap();
        let desa_op = Actor::Officer { office: desa, roles: &desa_roles };
        let other_desa_op = Actor::Officer { office: Office::parse("73.06.07.2001").unwrap(), roles: &desa_roles };
        let prov_roles = [Role::FrontOffice, Role::PetugasPpid];
        let prov = Actor::Officer { office: Office::SULSEL, roles: &prov_roles };

        let of = |nik, no_kk| Applicant { nik, no_kk };
        let (today, expired) = (d(2026, 11, 23), d(2027, 1, 2));
        let submit_birth = action("KELAHIRAN", "draf", "ajukan");
        let submit_death = action("KEMATIAN", "draf", "ajukan");
        let submit_move = action("PINDAH", "draf", "ajukan");
        let submit_lost = action("KK_KTP_EL_HILANG_RUSAK", "draf", "ajukan");
        let verify = action("KELAHIRAN", "menunggu_verifikasi", "verifikasi");
        let validate = action("KELAHIRAN", "menunggu_validasi", "validasi");
        let desa_submit = action("KK_HILANG_DESA", "draf", "ajukan");
        let ppid = action("PERMINTAAN_DATA_INFORMASI", "menunggu_verifikasi", "konfirmasi");
        let ask_ppid = action("PERMINTAAN_DATA_INFORMASI", "draf", "ajukan");
        let ask_pks = action("FASILITASI_PKS", "draf", "ajukan");
        let ask_blanks = action("PERMINTAAN_BLANGKO_KTP_EL", "draf", "ajukan");
        let print_own_kk = action("KK_HILANG_DESA", "siap_cetak", "cetak_mandiri");
        let kadis_roles = [Role::Kadis];
        let kadis_gowa = Actor::Officer { office: Office::GOWA, roles: &kadis_roles };
        let prov_kadis = Actor::Officer { office: Office::SULSEL, roles: &kadis_roles };
        let bone_system = Actor::DinasSystem { office: Office::parse("73.08").unwrap() };
        let kecamatan_system = Actor::DinasSystem { office: Office::parse("73.06.08").unwrap() };
        let ask_verification = action("VERIFIKASI_VALIDASI_DATA", "draf", "ajukan");
        let withdraw_blanks = action("PERMINTAAN_BLANGKO_KTP_EL", "menunggu_rekap", "tarik");
        let tally_blanks = action("PERMINTAAN_BLANGKO_KTP_EL", "menunggu_rekap", "rekap");
        let none = of("", "");
        const MAKASSAR: &str = "7371015505900001";
        let makassar = Actor::ProvinceResident { nik: MAKASSAR };
        let complain_to_gowa = action("PENGADUAN_KABUPATEN", "draf", "ajukan");

        type Row<'a> =
            (&'a str, Actor<'a>, Applicant<'a>, (&'a Service, &'a Action), Office, NaiveDate, Option<&'a str>);
        let rows: Vec<Row> = vec![
            ("head reports a birth for the family", head, of(CHILD, KK), submit_birth, Office::GOWA, today, None),
            ("wife reports a death in the family", wife, of(HEAD, KK), submit_death, Office::GOWA, today, None),
            (
                "head reports for someone outside the KK",
                head,
                of(NEIGHBOUR, OTHER_KK),
                submit_birth,
                Office::GOWA,
                today,
                Some("NOT_SAME_FAMILY"),
            ),
            (
                "child reports a death",
                child,
                of(HEAD, KK),
                submit_death,
                Office::GOWA,
                today,
                Some("SERVICE_NOT_FOR_MEMBER"),
            ),
            (
                "child reports a birth for itself",
                child,
                of(CHILD, KK),
                submit_birth,
                Office::GOWA,
                today,
                Some("SERVICE_NOT_FOR_MEMBER"),
            ),
            ("child reports its own move", child, of(CHILD, KK), submit_move, Office::GOWA, today, None),
            ("child reports its own lost KTP-el", child, of(CHILD, KK), submit_lost, Office::GOWA, today, None),
            (
                "child reports a move for its father",
                child,
                of(HEAD, KK),
                submit_move,
                Office::GOWA,
                today,
                Some("ONLY_FOR_SELF"),
            ),
            ("province resident asks the PPID", makassar, of(MAKASSAR, ""), ask_ppid, Office::SULSEL, today, None),
            (
                "province resident asks the PPID for another",
                makassar,
                of(HEAD, KK),
                ask_ppid,
                Office::SULSEL,
                today,
                Some("ONLY_FOR_SELF"),
            ),
            (
                "province resident reports a birth",
                makassar,
                of(MAKASSAR, ""),
                submit_birth,
                Office::GOWA,
                today,
                Some("REQUESTER_NOT_ALLOWED"),
            ),
            (
                "province resident complains to the kabupaten",
                makassar,
                of(MAKASSAR, ""),
                complain_to_gowa,
                Office::GOWA,
                today,
                Some("REQUESTER_NOT_ALLOWED"),
            ),
            (
                "province resident asks for a PKS",
                makassar,
                of(MAKASSAR, ""),
                ask_pks,
                Office::SULSEL,
                today,
                Some("REQUESTER_NOT_ALLOWED"),
            ),
            ("resident tries to verify", head, of(HEAD, KK), verify, Office::GOWA, today, Some("ROLE_NOT_ALLOWED")),
            (
                "resident submits a village-counter service",
                head,
                of(HEAD, KK),
                desa_submit,
                desa,
                today,
                Some("ROLE_NOT_ALLOWED"),
            ),
            (
                "staff reports a birth for anyone",
                staff,
                of(NEIGHBOUR, OTHER_KK),
                submit_birth,
                Office::GOWA,
                today,
                None,
            ),
            (
                "staff reports a service outside the PKS",
                staff,
                of(NEIGHBOUR, OTHER_KK),
                submit_move,
                Office::GOWA,
                today,
                Some("SERVICE_NOT_IN_PKS"),
            ),
            (
                "staff after the PKS expired",
                staff,
                of(NEIGHBOUR, OTHER_KK),
                submit_birth,
                Office::GOWA,
                expired,
                Some("PKS_NOT_VALID"),
            ),
            (
                "staff before the PKS started",
                staff,
                of(NEIGHBOUR, OTHER_KK),
                submit_birth,
                Office::GOWA,
                d(2025, 12, 31),
                Some("PKS_NOT_VALID"),
            ),
            ("FO verifies a Gowa case", fo, of(HEAD, KK), verify, Office::GOWA, today, None),
            ("FO verifies a case of a Gowa village counter", fo, of(HEAD, KK), verify, desa, today, None),
            ("FO tries to validate", fo, of(HEAD, KK), validate, Office::GOWA, today, Some("ROLE_NOT_ALLOWED")),
            (
                "FO of another Dinas",
                Actor::Officer { office: Office::parse("73.71").unwrap(), roles: &fo_roles },
                of(HEAD, KK),
                verify,
                Office::GOWA,
                today,
                Some("OUTSIDE_OFFICE"),
            ),
            ("province FO on a Gowa case", prov, of(HEAD, KK), verify, Office::GOWA, today, Some("OUTSIDE_OFFICE")),
            (
                "province PPID officer on a province case",
                prov,
                of(NEIGHBOUR, OTHER_KK),
                ppid,
                Office::SULSEL,
                today,
                None,
            ),
            (
                "village operator files at its own counter",
                desa_op,
                of(NEIGHBOUR, OTHER_KK),
                desa_submit,
                desa,
                today,
                None,
            ),
            (
                "village operator of another village",
                other_desa_op,
                of(NEIGHBOUR, OTHER_KK),
                desa_submit,
                desa,
                today,
                Some("OUTSIDE_OFFICE"),
            ),
            ("the applicant prints their own certified KK", child, of(CHILD, KK), print_own_kk, desa, today, None),
            (
                "a family member prints the applicant's KK",
                head,
                of(CHILD, KK),
                print_own_kk,
                desa,
                today,
                Some("ROLE_NOT_ALLOWED"),
            ),
            (
                "an officer prints the applicant's own KK",
                desa_op,
                of(CHILD, KK),
                print_own_kk,
                desa,
                today,
                Some("ROLE_NOT_ALLOWED"),
            ),
            (
                "officer takes a reporter's action",
                fo,
                of(HEAD, KK),
                submit_birth,
                Office::GOWA,
                today,
                Some("ROLE_NOT_ALLOWED"),
            ),
            ("a child asks the PPID for data, for itself", child, of(CHILD, KK), ask_ppid, Office::SULSEL, today, None),
            (
                "a public request is one's own",
                head,
                of(CHILD, KK),
                ask_ppid,
                Office::SULSEL,
                today,
                Some("ONLY_FOR_SELF"),
            ),
            (
                "staff ask for PKS facilitation, whatever their PKS",
                staff,
                of(NEIGHBOUR, OTHER_KK),
                ask_pks,
                Office::SULSEL,
                expired,
                None,
            ),
            (
                "a resident is not an institution",
                head,
                of(HEAD, KK),
                ask_pks,
                Office::SULSEL,
                today,
                Some("REQUESTER_NOT_ALLOWED"),
            ),
            (
                "the Kadis of Gowa asks the province for KTP-el blanks",
                kadis_gowa,
                of(HEAD, KK),
                ask_blanks,
                Office::SULSEL,
                today,
                None,
            ),
            (
                "a front office officer does not",
                fo,
                of(HEAD, KK),
                ask_blanks,
                Office::SULSEL,
                today,
                Some("ROLE_NOT_ALLOWED"),
            ),
            (
                "nor does the province itself",
                prov_kadis,
                of(HEAD, KK),
                ask_blanks,
                Office::SULSEL,
                today,
                Some("ROLE_NOT_ALLOWED"),
            ),
            (
                "Bone's system asks the province for KTP-el blanks",
                bone_system,
                none,
                ask_blanks,
                Office::SULSEL,
                today,
                None,
            ),
            ("and withdraws its request", bone_system, none, withdraw_blanks, Office::SULSEL, today, None),
            ("and asks for a data verification", bone_system, none, ask_verification, Office::SULSEL, today, None),
            (
                "but takes no step of the province's",
                bone_system,
                none,
                tally_blanks,
                Office::SULSEL,
                today,
                Some("ROLE_NOT_ALLOWED"),
            ),
            (
                "nor files a resident's service",
                bone_system,
                of(HEAD, KK),
                submit_birth,
                Office::GOWA,
                today,
                Some("REQUESTER_NOT_ALLOWED"),
            ),
            (
                "a system of a counter below a Dinas asks nothing",
                kecamatan_system,
                none,
                ask_blanks,
                Office::SULSEL,
                today,
                Some("REQUESTER_NOT_ALLOWED"),
            ),
        ];
        for (name, actor, applicant, (service, action), case_office, on, expected) in rows {
            let got = decide(&actor, &Request { applicant, service, action, case_office }, on);
            assert_eq!(got.as_ref().err().map(|d| d.code()), expected, "{name}: {got:?}");
            if let Err(denial) = got {
                assert!(!denial.to_string().is_empty());
            }
        }
    }

    #[test]
    fn requester_kinds_come_from_the_catalogue() {
        let (service, submit) = action("PERMINTAAN_BLANGKO_KTP_EL", "draf", "ajukan");
        let head = Actor::Resident { nik: HEAD, no_kk: KK, shdk: Shdk::KepalaKeluarga };
        let req = Request {
            applicant: Applicant { nik: HEAD, no_kk: KK },
            service,
            action: submit,
            case_office: Office::SULSEL,
        };
        assert_eq!(decide(&head, &req, d(2026, 11, 23)), Err(Denial::RequesterNotAllowed));
    }
}
