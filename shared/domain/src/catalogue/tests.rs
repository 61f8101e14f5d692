use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::calendar::TimeStandard;
use crate::codes::{Citizenship, MaritalStatus};
use crate::workflow::{
    ActionInputs, Collector, CollectorRelation, DocumentNumber, Event, InputKind, Outcome, Role, ServiceClock,
};

fn catalogue() -> &'static Catalogue {
    Catalogue::embedded()
}

/// Valid values for every input an action asks for.
fn inputs_for(kinds: &[InputKind]) -> ActionInputs {
    let mut inputs = ActionInputs::default();
    for kind in kinds {
        match kind {
            InputKind::Reason => inputs.reason = Some("Surat kehilangan dari kepolisian belum dilampirkan".into()),
            InputKind::DocumentEstimate => inputs.document_estimate = vec!["Kartu Keluarga".into()],
            InputKind::DocumentNumbers => {
                inputs.document_numbers =
                    vec![DocumentNumber { document: "Kartu Keluarga".into(), number: "7306081203260001".into() }]
            }
            InputKind::Collector => {
                inputs.collected_by = Some(Collector {
                    name: "Andi Baso".into(),
                    relation: CollectorRelation::Applicant,
                    nik: Some("7306081203850001".into()),
                    power_of_attorney: None,
                })
            }
            InputKind::Schedule => inputs.schedule = Some("2026-11-24T10:00:00+08:00".parse().unwrap()),
            InputKind::Quantity => inputs.quantity = Some(500),
            InputKind::Note => inputs.note = Some("Data telah dikirim melalui email resmi".into()),
            InputKind::Survey => inputs.survey = Some(vec![4, 3, 4, 4, 3, 4, 4, 3, 4]),
        }
    }
    inputs
}

/// Walks a workflow from its initial state, each step taken by the given role with valid inputs,
/// and returns the final state. Each step must send exactly the notification its action names.
fn walk(workflow: &str, steps: &[(&str, Role)]) -> String {
    let wf = catalogue().workflow(workflow).unwrap_or_else(|| panic!("workflow {workflow}"));
    let mut state = wf.initial.clone();
    for (action, role) in steps {
        let act = wf
            .state(&state)
            .and_then(|s| s.actions.iter().find(|a| a.code == *action))
            .unwrap_or_else(|| panic!("{workflow}: no action {action} in state {state}"));
        let t = wf
            .apply(&state, action, *role, &inputs_for(&act.inputs))
            .unwrap_or_else(|e| panic!("{workflow}: {action} by {role:?} in {state}: {e}"));
        let sent: Vec<_> = t
            .events
            .iter()
            .filter_map(|e| match e {
                Event::NotificationRequested { template } => Some(template.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(sent, act.notify.iter().cloned().collect::<Vec<_>>(), "{workflow}: {action}");
        state = t.to;
    }
    state
}

fn outcome(workflow: &str, state: &str) -> Option<Outcome> {
    catalogue().workflow(workflow).unwrap().state(state).unwrap().outcome
}

use Role::*;

// --- The catalogue as a whole -----------------------------------------------------------

#[test]
fn every_service_the_seeds_name_is_in_the_catalogue() {
    let codes: BTreeSet<_> = catalogue().services().map(|s| s.code.as_str()).collect();
    let expected = [
        // seed 000: the eleven online services
        "KELAHIRAN",
        "KEDATANGAN_ANGGOTA_KELUARGA",
        "KEMATIAN",
        "PINDAH",
        "KK_KTP_EL_HILANG_RUSAK",
        "AKTA_HILANG_RUSAK",
        "PERUBAHAN_BIODATA",
        "PERUBAHAN_GELAR",
        "PERUBAHAN_SHDK",
        "AKTA_KELAHIRAN_TERDAFTAR",
        "KIA",
        // seed 001
        "PERMOHONAN_WA",
        // seed 003
        "KK_HILANG_DESA",
        // seed 004
        "KTP_EL_BARU",
        "KTP_EL_PERUBAHAN_DATA",
        "KTP_EL_HILANG",
        "KTP_EL_RUSAK",
        "KIA_BARU",
        "KIA_PERUBAHAN_DATA",
        "KIA_HILANG",
        "KIA_RUSAK",
        "CATATAN_PINGGIR",
        // seed 002 and complaints
        "PERMINTAAN_DATA_INFORMASI",
        "VERIFIKASI_VALIDASI_DATA",
        "FASILITASI_PKS",
        "AKTIVASI_IKD",
        "PERMINTAAN_BLANGKO_KTP_EL",
        "PENGADUAN_PROVINSI",
        "PENGADUAN_KABUPATEN",
    ];
    assert_eq!(codes, expected.into_iter().collect::<BTreeSet<_>>());
}

#[test]
fn seed_000_online_services_follow_the_online_reporting_flow() {
    let online: Vec<_> = catalogue().services().filter(|s| s.workflow == "pelaporan_online").collect();
    assert_eq!(online.len(), 11);
    for s in online {
        assert_eq!(s.channels, [Channel::Online], "{}", s.code);
        assert_eq!(s.office, OfficeLevel::Kabupaten);
        assert!(
            s.requesters.contains(&Requester::PenggunaPribadi) && s.requesters.contains(&Requester::PenggunaInstansi)
        );
        assert!(s.sources.iter().any(|src| src.starts_with("seed 000")), "{}", s.code);
    }
}

#[test]
fn every_service_is_free_and_every_action_sends_a_known_template() {
    let c = catalogue();
    for s in c.services() {
        assert_eq!(s.fee, 0, "{}: Adminduk services are free of charge", s.code);
    }
    let mut keys = BTreeSet::new();
    for wf in c.workflows() {
        assert!(wf.problems().is_empty(), "{}: {:?}", wf.code, wf.problems());
        for state in &wf.states {
            for action in &state.actions {
                assert!(!action.roles.is_empty());
                if let Some(key) = &action.notify {
                    assert!(c.template(key).is_some(), "{}: {key}", wf.code);
                    keys.insert(key.as_str());
                }
            }
        }
    }
    keys.extend(ACCOUNT_TEMPLATES);
    keys.extend(APPOINTMENT_TEMPLATES);
    keys.extend(WHATSAPP_TEMPLATES);
    assert_eq!(keys, c.templates().map(|(k, _)| k).collect::<BTreeSet<_>>(), "every template is used");
}

#[test]
fn every_action_of_every_workflow_applies_for_each_of_its_roles() {
    // Breadth-first over the whole graph: every state reached, every action taken by every role
    // it names, with valid inputs; an officer role outside the list is refused.
    for wf in catalogue().workflows() {
        let mut seen = BTreeSet::from([wf.initial.clone()]);
        let mut queue = vec![wf.initial.clone()];
        while let Some(state) = queue.pop() {
            for action in &wf.state(&state).unwrap().actions {
                for role in &action.roles {
                    let t = wf.apply(&state, &action.code, *role, &inputs_for(&action.inputs)).unwrap();
                    assert_eq!(t.to, action.to);
                }
                let outsider = Role::ALL.iter().find(|r| !action.roles.contains(r)).unwrap();
                let refused = wf.apply(&state, &action.code, *outsider, &inputs_for(&action.inputs));
                assert!(refused.is_err(), "{}: {} by {outsider:?}", wf.code, action.code);
                for input in &action.inputs {
                    let missing = strip(inputs_for(&action.inputs), *input);
                    let refused = wf.apply(&state, &action.code, action.roles[0], &missing);
                    assert!(refused.is_err(), "{}: {} without {input:?}", wf.code, action.code);
                }
                if seen.insert(action.to.clone()) {
                    queue.push(action.to.clone());
                }
            }
        }
        assert_eq!(seen.len(), wf.states.len(), "{}", wf.code);
    }
}

fn strip(mut inputs: ActionInputs, kind: InputKind) -> ActionInputs {
    match kind {
        InputKind::Reason => inputs.reason = None,
        InputKind::DocumentEstimate => inputs.document_estimate.clear(),
        InputKind::DocumentNumbers => inputs.document_numbers.clear(),
        InputKind::Collector => inputs.collected_by = None,
        InputKind::Schedule => inputs.schedule = None,
        InputKind::Quantity => inputs.quantity = None,
        InputKind::Note => inputs.note = None,
        InputKind::Survey => inputs.survey = None,
    }
    inputs
}

// --- Seed flows, start to end ------------------------------------------------------------

#[test]
fn seed_000_online_report_from_submission_to_pickup() {
    let happy = [
        ("ajukan", Pelapor),
        ("verifikasi", FrontOffice),
        ("terima_berkas", PetugasLoket),
        ("validasi", Validator),
        ("entri_siak", OperatorSiak),
        ("cetak", Produksi),
        ("tandatangani", Kadis),
        ("registrasi", FrontOffice),
        ("serahkan", LoketPengambilan),
    ];
    assert_eq!(walk("pelaporan_online", &happy), "selesai");
    assert_eq!(outcome("pelaporan_online", "selesai"), Some(Outcome::Completed));
}

#[test]
fn seed_000_online_report_returned_at_validation_fixed_and_completed() {
    let end = walk(
        "pelaporan_online",
        &[
            ("ajukan", Pelapor),
            ("kembalikan", FrontOffice),
            ("ajukan_ulang", Pelapor),
            ("verifikasi", FrontOffice),
            ("terima_berkas", PetugasLoket),
            ("kembalikan", Validator),
            ("ajukan_ulang", Pelapor),
            ("verifikasi", FrontOffice),
            ("terima_berkas", PetugasLoket),
            ("validasi", Validator),
            ("entri_siak", OperatorSiak),
            ("cetak", Produksi),
            ("tandatangani", Kadis),
            ("registrasi", FrontOffice),
            ("serahkan", LoketPengambilan),
        ],
    );
    assert_eq!(end, "selesai");
}

#[test]
fn seed_000_every_officer_step_can_return_and_cancel_with_a_reason() {
    let wf = catalogue().workflow("pelaporan_online").unwrap();
    for state in ["menunggu_verifikasi", "menunggu_validasi", "menunggu_entri_siak", "menunggu_cetak"] {
        for (action, target) in [("kembalikan", "dikembalikan"), ("batalkan", "dibatalkan")] {
            let act = wf.state(state).unwrap().actions.iter().find(|a| a.code == action).unwrap();
            assert_eq!(act.to, target);
            assert_eq!(act.inputs, [InputKind::Reason], "{state}: {action}");
        }
    }
    let end = walk(
        "pelaporan_online",
        &[("ajukan", Pelapor), ("verifikasi", FrontOffice), ("terima_berkas", PetugasLoket), ("batalkan", Validator)],
    );
    assert_eq!(outcome("pelaporan_online", &end), Some(Outcome::Cancelled));
    // A reporter cannot verify their own report, nor a front office officer validate it.
    assert!(
        wf.apply("menunggu_verifikasi", "verifikasi", Pelapor, &inputs_for(&[InputKind::DocumentEstimate])).is_err()
    );
    assert!(wf.apply("menunggu_validasi", "validasi", FrontOffice, &ActionInputs::default()).is_err());
}

#[test]
fn seed_003_kk_lost_via_village_counter_returned_once_then_certified_and_handed_over() {
    let end = walk(
        "loket_desa_kk",
        &[
            ("ajukan", OperatorDesa),
            ("verifikasi", FrontOffice),
            ("kembalikan", Validator),
            ("ajukan_ulang", OperatorDesa),
            ("verifikasi", FrontOffice),
            ("validasi", Validator),
            ("terima_berkas", FrontOffice),
            ("ajukan_sertifikasi", FrontOffice),
            ("validasi_sertifikasi", Validator),
            ("tandatangani", Kadis),
            ("bsre_ditolak", Sistem),
            ("tandatangani", Kadis),
            ("bsre_disetujui", Sistem),
            ("cetak_di_desa", OperatorDesa),
            ("serahkan", OperatorDesa),
        ],
    );
    assert_eq!(end, "selesai");
    let self_printed = walk(
        "loket_desa_kk",
        &[
            ("ajukan", OperatorDesa),
            ("verifikasi", FrontOffice),
            ("validasi", Validator),
            ("terima_berkas", FrontOffice),
            ("ajukan_sertifikasi", FrontOffice),
            ("validasi_sertifikasi", Validator),
            ("tandatangani", Kadis),
            ("bsre_disetujui", Sistem),
            ("cetak_mandiri", Pemohon),
        ],
    );
    assert_eq!(self_printed, "selesai");
}

#[test]
fn seed_004_cards_via_village_counter_printed_at_the_kecamatan() {
    let steps = [
        ("ajukan", OperatorDesa),
        ("verifikasi", FrontOffice),
        ("validasi", Validator),
        ("terima_berkas", OperatorKecamatan),
        ("antrikan_cetak", FrontOffice),
        ("cetak", OperatorKecamatan),
        ("serahkan", OperatorKecamatan),
    ];
    assert_eq!(walk("loket_desa_kartu", &steps), "selesai");
    // KIA: the kecamatan operator updates the print barcode and the village hands it over.
    let kia = [
        ("ajukan", OperatorDesa),
        ("kembalikan", FrontOffice),
        ("ajukan_ulang", OperatorDesa),
        ("verifikasi", FrontOffice),
        ("validasi", Validator),
        ("terima_berkas", OperatorKecamatan),
        ("antrikan_cetak", OperatorKecamatan),
        ("cetak", OperatorKecamatan),
        ("serahkan", OperatorDesa),
    ];
    assert_eq!(walk("loket_desa_kartu", &kia), "selesai");
    assert_eq!(walk("loket_desa_kartu", &[("ajukan", OperatorDesa), ("batalkan", FrontOffice)]), "dibatalkan");
}

#[test]
fn seed_004_new_ktp_el_recorded_and_printed_at_the_kecamatan() {
    let steps = [
        ("daftarkan", OperatorKecamatan),
        ("rekam_biometrik", OperatorKecamatan),
        ("penunggalan_selesai", Sistem),
        ("cetak", OperatorKecamatan),
        ("serahkan", OperatorKecamatan),
    ];
    assert_eq!(walk("ktp_el_kecamatan", &steps), "selesai");
    let duplicate =
        [("daftarkan", OperatorKecamatan), ("rekam_biometrik", OperatorKecamatan), ("penunggalan_gagal", Sistem)];
    assert_eq!(outcome("ktp_el_kecamatan", &walk("ktp_el_kecamatan", &duplicate)), Some(Outcome::Rejected));
}

#[test]
fn seed_004_catatan_pinggir_with_draft_check_and_sudah_diambil() {
    let steps = [
        ("ajukan", OperatorDesa),
        ("verifikasi", FrontOffice),
        ("validasi", Validator),
        ("terima_berkas", LoketPengambilan),
        ("perbaiki_input", Produksi),
        ("kembalikan", Produksi),
        ("ajukan_ulang", OperatorDesa),
        ("draf_sesuai", Produksi),
        ("validasi_catatan_pinggir", Validator),
        ("tandatangani", Kadis),
        ("tandai_tercetak", Produksi),
        ("serahkan", LoketPengambilan),
    ];
    assert_eq!(walk("catatan_pinggir", &steps), "sudah_diambil");
    assert_eq!(outcome("catatan_pinggir", "sudah_diambil"), Some(Outcome::Completed));
    // The seed cancels (with the reason in an SMS) at verification, validation and file receipt.
    for (steps, by) in [
        (vec![("ajukan", OperatorDesa)], FrontOffice),
        (vec![("ajukan", OperatorDesa), ("verifikasi", FrontOffice)], Validator),
        (vec![("ajukan", OperatorDesa), ("verifikasi", FrontOffice), ("validasi", Validator)], LoketPengambilan),
    ] {
        let mut steps = steps;
        steps.push(("batalkan", by));
        assert_eq!(walk("catatan_pinggir", &steps), "dibatalkan");
    }
}

#[test]
fn seed_001_whatsapp_intake_eight_steps_with_their_time_standards() {
    let steps = [
        ("sapa_layanan", Pelapor),
        ("kirim_tautan_buku_tamu", PetugasLoket),
        ("isi_buku_tamu", Pelapor),
        ("periksa_kelengkapan", PetugasLoket),
        ("hubungi_pemohon", PetugasLoket),
        ("kirim_berkas", VerifikatorBerkas),
        ("input_siak", OperatorSiak),
        ("ajukan_persetujuan", Kabid),
        ("tandatangani", Kadis),
    ];
    assert_eq!(walk("pengajuan_wa", &steps), "selesai");
    let wf = catalogue().workflow("pengajuan_wa").unwrap();
    let standards: Vec<_> = wf.states.iter().filter_map(|s| s.time_standard).collect();
    use TimeStandard::{OfficeMinutes as M, OfficeSeconds as S};
    assert_eq!(standards, [S(30), M(1), M(1), M(10), M(1), M(10), S(30), S(30)]);
    let returned = [
        ("sapa_layanan", Pelapor),
        ("kirim_tautan_buku_tamu", PetugasLoket),
        ("isi_buku_tamu", Pelapor),
        ("kembalikan", PetugasLoket),
        ("ajukan_ulang", Pelapor),
        ("batalkan", PetugasLoket),
    ];
    assert_eq!(walk("pengajuan_wa", &returned), "dibatalkan");
}

#[test]
fn seed_002_ppid_request_completed_rejected_and_asked_for_more() {
    let steps = [
        ("ajukan", Pelapor),
        ("minta_kelengkapan", PetugasPpid),
        ("lengkapi", Pelapor),
        ("konfirmasi", PetugasPpid),
        ("setujui", Kabid),
        ("penuhi", PetugasPpid),
        ("isi_survei", Pelapor),
    ];
    assert_eq!(walk("permintaan_data_ppid", &steps), "selesai");
    let rejected = [("ajukan", Pelapor), ("konfirmasi", PetugasPpid), ("tolak", Kabid)];
    assert_eq!(outcome("permintaan_data_ppid", &walk("permintaan_data_ppid", &rejected)), Some(Outcome::Rejected));
    // Without a survey answer the request still closes.
    let silent = [
        ("ajukan", Pelapor),
        ("konfirmasi", PetugasPpid),
        ("setujui", Kabid),
        ("penuhi", PetugasPpid),
        ("tutup_tanpa_survei", Sistem),
    ];
    assert_eq!(walk("permintaan_data_ppid", &silent), "selesai");
    // The 30 minutes run from the confirmation: before it, the service clock is paused.
    let wf = catalogue().workflow("permintaan_data_ppid").unwrap();
    assert_eq!(wf.state("menunggu_verifikasi").unwrap().service_clock, ServiceClock::Paused);
    assert_eq!(wf.state("menunggu_keputusan").unwrap().service_clock, ServiceClock::Running);
    assert_eq!(wf.state("menunggu_survei").unwrap().service_clock, ServiceClock::Stopped);
}

#[test]
fn seed_002_data_verification() {
    let steps =
        [("ajukan", Pelapor), ("konfirmasi", PetugasLayanan), ("selesaikan", PetugasLayanan), ("isi_survei", Pelapor)];
    assert_eq!(walk("verifikasi_validasi_data", &steps), "selesai");
}

#[test]
fn seed_002_pks_facilitation_chain() {
    let steps = [
        ("ajukan", Pelapor),
        ("teruskan_ke_ditjen", PetugasLayanan),
        ("catat_verifikasi_ditjen", PetugasLayanan),
        ("catat_verifikasi_sekjen_itjen", PetugasLayanan),
        ("catat_persetujuan_menteri", PetugasLayanan),
        ("kirim_dokumen_user_id", Pelapor),
        ("kembalikan", PetugasLayanan),
        ("kirim_dokumen_user_id", Pelapor),
        ("teruskan_dokumen", PetugasLayanan),
        ("catat_user_id_terbit", PetugasLayanan),
    ];
    assert_eq!(walk("fasilitasi_pks", &steps), "selesai");
    let refused = [
        ("ajukan", Pelapor),
        ("teruskan_ke_ditjen", PetugasLayanan),
        ("catat_verifikasi_ditjen", PetugasLayanan),
        ("catat_verifikasi_sekjen_itjen", PetugasLayanan),
        ("catat_penolakan", PetugasLayanan),
    ];
    assert_eq!(walk("fasilitasi_pks", &refused), "ditolak");
}

#[test]
fn seed_002_ikd_activation_by_each_channel() {
    assert_eq!(
        walk(
            "aktivasi_ikd_kantor",
            &[("daftarkan", PetugasLayanan), ("berikan_qr", PetugasLayanan), ("konfirmasi_aktif", PetugasLayanan)]
        ),
        "selesai"
    );
    let online = [
        ("ajukan", Pelapor),
        ("verifikasi", PetugasLayanan),
        ("jadwalkan", PetugasLayanan),
        ("berikan_qr", PetugasLayanan),
        ("konfirmasi_aktif", PetugasLayanan),
    ];
    assert_eq!(walk("aktivasi_ikd_online", &online), "selesai");
    assert_eq!(
        walk("aktivasi_ikd_jemput_bola", &[("ajukan", Pelapor), ("disposisi", Kadis), ("laksanakan", PetugasLayanan)]),
        "selesai"
    );
    let ikd = catalogue().service("AKTIVASI_IKD").unwrap();
    let per_variant: Vec<_> =
        ikd.variants.iter().map(|v| (v.code.as_str(), ikd.workflow_of(v), ikd.time_standard_of(v))).collect();
    assert_eq!(
        per_variant,
        [
            ("kantor", "aktivasi_ikd_kantor", TimeStandard::OfficeMinutes(10)),
            ("online", "aktivasi_ikd_online", TimeStandard::Hours(72)),
            ("jemput_bola", "aktivasi_ikd_jemput_bola", TimeStandard::Hours(72)),
        ]
    );
}

#[test]
fn seed_002_ktp_el_blank_request_from_recap_to_handover() {
    let steps = [
        ("ajukan", Pelapor),
        ("rekap", PetugasLayanan),
        ("analisis", AnalisKebijakan),
        ("verifikasi", Kabid),
        ("setujui", Kadis),
        ("susun_bast", PetugasLayanan),
        ("verifikasi_bast", AnalisKebijakan),
        ("perbaiki_bast", Kabid),
        ("susun_bast", PetugasLayanan),
        ("verifikasi_bast", AnalisKebijakan),
        ("verifikasi_bast", Kabid),
        ("tandatangani_bast", Kadis),
        ("serah_terima", PetugasLayanan),
    ];
    assert_eq!(walk("permintaan_blangko_ktp_el", &steps), "selesai");
    let returned = [
        ("ajukan", Pelapor),
        ("rekap", PetugasLayanan),
        ("kembalikan", AnalisKebijakan),
        ("ajukan_ulang", Pelapor),
        ("rekap", PetugasLayanan),
        ("analisis", AnalisKebijakan),
        ("verifikasi", Kabid),
        ("tolak", Kadis),
    ];
    assert_eq!(walk("permintaan_blangko_ktp_el", &returned), "ditolak");
}

#[test]
fn complaints_answered_objected_and_closed() {
    let steps = [
        ("ajukan", Pelapor),
        ("tanggapi", PetugasLayanan),
        ("belum_puas", Pelapor),
        ("tanggapi", PetugasLayanan),
        ("terima_tanggapan", Pelapor),
    ];
    assert_eq!(walk("pengaduan", &steps), "selesai");
}

// --- Service facts ----------------------------------------------------------------------

fn facts(age: u32) -> Facts {
    Facts {
        age_years: age,
        marital_status: MaritalStatus::BelumKawin,
        citizenship: Citizenship::Wni,
        family: vec![MaritalStatus::KawinTercatat],
        answers: BTreeMap::new(),
    }
}

#[test]
fn seed_003_kk_lost_requirements_and_standard() {
    let s = catalogue().service("KK_HILANG_DESA").unwrap();
    assert_eq!(s.time_standard, TimeStandard::WorkingDays(2));
    assert_eq!(s.workflow, "loket_desa_kk");
    assert_eq!(s.channels, [Channel::LoketDesa]);
    let reqs = &s.variants[0].requirements;
    let needs: Vec<_> = reqs.iter().map(|r| (r.document.as_str(), r.need())).collect();
    assert_eq!(
        needs,
        [
            ("surat_kehilangan_polisi", Need::Mandatory),
            ("dokumen_anggota_keluarga", Need::Mandatory),
            ("kitap", Need::Conditional),
            ("buku_nikah_legalisir", Need::Conditional),
            ("akta_perceraian_legalisir", Need::Conditional),
        ]
    );
    let f = facts(40);
    let applies: Vec<_> =
        reqs.iter().filter(|r| r.when.as_ref().is_none_or(|c| c.holds(&f))).map(|r| r.document.as_str()).collect();
    assert_eq!(
        applies,
        ["surat_kehilangan_polisi", "dokumen_anggota_keluarga", "buku_nikah_legalisir"],
        "a married member, no divorce, WNI"
    );
}

#[test]
fn kia_variants_follow_the_age_bands() {
    for code in ["KIA", "KIA_BARU"] {
        let s = catalogue().service(code).unwrap();
        let eligible = |age| -> Vec<&str> {
            s.variants
                .iter()
                .filter(|v| v.eligibility.as_ref().is_none_or(|c| c.holds(&facts(age))))
                .map(|v| v.code.as_str())
                .collect()
        };
        assert_eq!(eligible(0), ["usia_0_5"]);
        assert_eq!(eligible(4), ["usia_0_5"]);
        assert_eq!(eligible(5), ["usia_5_17"]);
        assert_eq!(eligible(16), ["usia_5_17"]);
        assert!(!s.eligibility.as_ref().unwrap().holds(&facts(17)));
        let photo = s.variant("usia_5_17").unwrap().requirements.iter().any(|r| r.document == "pas_foto_anak");
        assert!(photo, "KIA 5-17 carries a colour photo");
        assert!(!s.variant("usia_0_5").unwrap().requirements.iter().any(|r| r.document == "pas_foto_anak"));
    }
}

#[test]
fn ktp_el_is_for_seventeen_or_married() {
    let s = catalogue().service("KTP_EL_BARU").unwrap();
    let rule = s.eligibility.as_ref().unwrap();
    assert!(!rule.holds(&facts(16)));
    assert!(rule.holds(&facts(17)));
    assert!(rule.holds(&Facts { marital_status: MaritalStatus::KawinTercatat, ..facts(16) }));
}

#[test]
fn biodata_change_requirements_follow_the_chosen_elements() {
    let s = catalogue().service("PERUBAHAN_BIODATA").unwrap();
    assert_eq!(s.field("elemen").unwrap().options.len(), 9, "the nine elements of seed 000");
    let mut f = facts(30);
    f.answers.insert("elemen".into(), BTreeSet::from(["golongan_darah".to_string()]));
    let needed: Vec<_> = s.variants[0]
        .requirements
        .iter()
        .filter(|r| r.need() == Need::Mandatory || r.when.as_ref().is_some_and(|c| c.holds(&f)))
        .map(|r| r.document.as_str())
        .collect();
    assert_eq!(needed, ["formulir_f106", "kk", "surat_keterangan_golongan_darah"]);
}

#[test]
fn reporter_rules_follow_seed_000_groups() {
    let c = catalogue();
    let birth = ReporterRules::of(c.service("KELAHIRAN").unwrap());
    assert!(
        birth.family_heads_for_whole_family && !birth.other_members_for_themselves && birth.institution_staff_under_pks
    );
    let moving = ReporterRules::of(c.service("PINDAH").unwrap());
    assert!(moving.other_members_for_themselves);
    for code in ["PINDAH", "PERUBAHAN_BIODATA", "KK_KTP_EL_HILANG_RUSAK", "KIA"] {
        assert!(c.service(code).unwrap().group.open_to_every_member(), "{code}");
    }
    for code in ["KELAHIRAN", "KEMATIAN", "PERUBAHAN_SHDK"] {
        assert_eq!(c.service(code).unwrap().group, ReporterGroup::Lainnya, "{code}");
    }
}

#[test]
fn the_view_spells_out_documents_and_rules() {
    let c = catalogue();
    let json = serde_json::to_value(c.view(c.service("KK_HILANG_DESA").unwrap())).unwrap();
    assert_eq!(json["code"], "KK_HILANG_DESA");
    assert_eq!(json["fee_label"], "Gratis");
    assert_eq!(json["time_standard_label"], "2 hari kerja");
    assert_eq!(json["workflow"], "loket_desa_kk");
    let first = &json["variants"][0]["requirements"][0];
    assert_eq!(first["name"], "Surat Keterangan Kehilangan dari Kepolisian");
    assert_eq!(first["need"], "mandatory");
    assert_eq!(json["variants"][0]["requirements"][3]["when"], serde_json::json!({ "family_member": "married" }));
    assert!(json["reporter_rules"]["summary"].as_array().unwrap().iter().any(|s| s.as_str().unwrap().contains("PKS")));
}

// --- A broken catalogue says what is wrong, and where ------------------------------------

fn embedded_files() -> Vec<(String, String)> {
    let sources = crate::data::SOURCES.iter().copied();
    crate::data::under(sources, "catalogue").map(|(p, t)| (p.to_string(), t.to_string())).collect()
}

fn load(files: &[(String, String)]) -> Result<Catalogue, CatalogueError> {
    Catalogue::from_files(files.iter().map(|(p, t)| (p.as_str(), t.as_str())))
}

fn edit(files: &mut [(String, String)], path: &str, from: &str, to: &str) {
    let file = files.iter_mut().find(|(p, _)| p == path).unwrap();
    assert!(file.1.contains(from), "{path} contains {from:?}");
    file.1 = file.1.replacen(from, to, 1);
}

fn problems(files: &[(String, String)]) -> Vec<Problem> {
    load(files).unwrap_err().0
}

#[test]
fn the_embedded_files_load_from_plain_paths_too() {
    assert!(load(&embedded_files()).is_ok(), "the TOML sources");
    assert!(Catalogue::from_files(crate::data::embedded_under("catalogue")).is_ok(), "their JSON");
}

#[test]
fn unknown_references_are_reported_with_their_file() {
    let mut files = embedded_files();
    let kk = "catalogue/services/kabupaten/kk-hilang-desa.toml";
    edit(&mut files, kk, r#"document = "kitap""#, r#"document = "kitas""#);
    edit(&mut files, kk, r#"workflow = "loket_desa_kk""#, r#"workflow = "loket_desa""#);
    let p = problems(&files);
    assert!(p.iter().any(|p| p.file == kk && p.message.contains("kitas")), "{p:?}");
    assert!(p.iter().any(|p| p.file == kk && p.message.contains("alur loket_desa tidak ada")), "{p:?}");
    // The workflow no service uses any more is reported too.
    assert!(p.iter().any(|p| p.message.contains("loket_desa_kk") && p.message.contains("tidak dipakai")), "{p:?}");
}

#[test]
fn a_template_must_exist_and_its_inputs_be_required() {
    let mut files = embedded_files();
    let wf = "catalogue/workflows/pelaporan-online.toml";
    edit(&mut files, wf, r#"notify = "terverifikasi""#, r#"notify = "terverifikasi_typo""#);
    let p = problems(&files);
    assert!(p.iter().any(|p| p.file == wf && p.message.contains("terverifikasi_typo")), "{p:?}");

    let mut files = embedded_files();
    edit(&mut files, wf, "inputs = [\"document_estimate\"]\n", "");
    let p = problems(&files);
    assert!(p.iter().any(|p| p.message.contains("{estimasi_dokumen}")), "{p:?}");

    let mut files = embedded_files();
    edit(
        &mut files,
        "catalogue/notifications.toml",
        "diterima {kantor_singkat}. Pantau di {tautan}",
        "diterima. Pantau di {link}",
    );
    let p = problems(&files);
    assert!(p.iter().any(|p| p.message.contains("{link}")), "{p:?}");
}

#[test]
fn conditions_must_name_real_fields_and_options() {
    let mut files = embedded_files();
    let path = "catalogue/services/kabupaten/perubahan-gelar.toml";
    edit(&mut files, path, r#"is = "kebangsawanan""#, r#"is = "bangsawan""#);
    let p = problems(&files);
    assert!(p.iter().any(|p| p.file == path && p.message.contains("bangsawan")), "{p:?}");
    let mut files = embedded_files();
    edit(&mut files, path, r#"field = "jenis_gelar", is = "akademik""#, r#"field = "gelar_jenis", is = "akademik""#);
    assert!(problems(&files).iter().any(|p| p.message.contains("gelar_jenis")));
}

#[test]
fn syntax_errors_duplicates_and_strays_are_reported() {
    let mut files = embedded_files();
    edit(&mut files, "catalogue/services/kabupaten/kematian.toml", "fee = 0", "fee = gratis");
    let copy = files.iter().find(|(p, _)| p.ends_with("kelahiran.toml")).unwrap().1.clone();
    files.push(("catalogue/services/kabupaten/kelahiran-lagi.toml".into(), copy));
    files.push(("catalogue/catatan.txt".into(), String::new()));
    let p = problems(&files);
    assert!(p.iter().any(|p| p.file.ends_with("kematian.toml")), "{p:?}");
    assert!(p.iter().any(|p| p.file.ends_with("kelahiran-lagi.toml") && p.message.contains("sudah dipakai")), "{p:?}");
    assert!(p.iter().any(|p| p.file == "catalogue/catatan.txt"), "{p:?}");
    let message = load(&files).unwrap_err().to_string();
    assert!(message.starts_with("Katalog layanan tidak sah"), "{message}");
}

#[test]
fn unused_documents_are_reported() {
    let mut files = embedded_files();
    edit(&mut files, "catalogue/documents.toml", "[ijazah]", "[ijazah_lama]\nname = \"Ijazah lama\"\n\n[ijazah]");
    let p = problems(&files);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.contains("ijazah_lama"));
}

#[test]
fn a_form_with_an_unknown_code_list_field_condition_or_setting_is_refused() {
    let path = "catalogue/services/kabupaten/kelahiran.toml";
    let refused = |from: &str, to: &str, says: &str| {
        let mut files = embedded_files();
        edit(&mut files, path, from, to);
        let p = problems(&files);
        assert!(p.iter().any(|p| p.file == path && p.message.contains(says)), "{to}: {p:?}");
    };
    refused(r#"code_list = "jenis_kelamin""#, r#"code_list = "suku""#, "suku");
    refused(r#"field = "ibu_dari", is = "keluarga""#, r#"field = "ibu_asal", is = "keluarga""#, "ibu_asal");
    refused(r#"field = "ibu_dari", is = "keluarga""#, r#"field = "ibu_dari", is = "tetangga""#, "tetangga");
    refused("unit = \"kg\"\ndecimals = 2", "unit = \"kg\"\ndecimals = 2\nmax_length = 3", "panjang/karakter");
    refused("min = 0.3\nmax = 8", "min = 9\nmax = 8", "min lebih besar");
    refused("min_items = 2\nmax_items = 2", "min_items = 3\nmax_items = 2", "jumlah entri");
    refused(r#"field = "nama_anak""#, r#"field = "tempat_dilahirkan""#, "subjek");
}

#[test]
fn a_reporter_withdraws_what_they_filed_while_it_waits_for_the_first_officer() {
    // Every workflow a reporter files themselves (not a counter on their behalf); the WhatsApp
    // intake's first step is the guest-book link, sent at once, and its guest book offers it.
    let c = catalogue();
    for wf in c.workflows() {
        let filing = &wf.state(&wf.initial).unwrap().actions[0];
        if !filing.roles.contains(&Pelapor) || wf.code == "pengajuan_wa" {
            continue;
        }
        let withdrawn = walk(&wf.code, &[(filing.code.as_str(), Pelapor), ("tarik", Pelapor)]);
        assert_eq!(outcome(&wf.code, &withdrawn), Some(Outcome::Cancelled), "{}", wf.code);
    }
}
