use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::catalogue::Catalogue;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn answers(v: Value) -> Answers {
    serde_json::from_value(v).unwrap()
}

fn member(nik: &str, name: &str, shdk: Shdk, sex: Sex, born: (i32, u32, u32)) -> Member {
    Member {
        nik: nik.into(),
        name: name.into(),
        shdk,
        sex,
        birth_date: NaiveDate::from_ymd_opt(born.0, born.1, born.2).unwrap(),
        alive: true,
    }
}

const HEAD: &str = "7306081203850001";
const WIFE: &str = "7306084512870002";
const CHILD: &str = "7306081506100003";
const WITNESS_1: &str = "7306080101800004";
const WITNESS_2: &str = "7306080202810005";

fn family() -> Vec<Member> {
    vec![
        member(HEAD, "Andi Baso", Shdk::KepalaKeluarga, Sex::LakiLaki, (1985, 3, 12)),
        member(WIFE, "Siti Rahmawati", Shdk::Istri, Sex::Perempuan, (1987, 12, 5)),
        member(CHILD, "Muhammad Fadli", Shdk::Anak, Sex::LakiLaki, (2010, 6, 15)),
    ]
}

fn register() -> BTreeMap<String, Member> {
    [
        member(WITNESS_1, "Saksi Satu", Shdk::KepalaKeluarga, Sex::LakiLaki, (1980, 1, 1)),
        member(WITNESS_2, "Saksi Dua", Shdk::KepalaKeluarga, Sex::LakiLaki, (1981, 2, 2)),
    ]
    .into_iter()
    .map(|m| (m.nik.clone(), m))
    .collect()
}

fn codes(r: Result<BTreeMap<String, BTreeSet<String>>, Vec<FieldProblem>>) -> Vec<(String, &'static str)> {
    r.err().unwrap_or_default().into_iter().map(|p| (p.field, p.code)).collect()
}

fn birth() -> Value {
    json!({
        "nama_anak": "Nurul Hikmah", "jenis_kelamin": "2", "tempat_dilahirkan": "rs",
        "tempat_lahir": "Gowa", "tanggal_lahir": "2026-11-10", "pukul_lahir": "08:35",
        "jenis_kelahiran": "tunggal", "kelahiran_ke": 2, "penolong_kelahiran": "bidan",
        "berat_bayi": 3.15, "panjang_bayi": 49.5, "bukti_kelahiran": "surat_keterangan_lahir",
        "ibu_dari": "keluarga", "ibu_keluarga": WIFE, "ayah_dari": "keluarga", "ayah_keluarga": HEAD,
        "perkawinan_orang_tua": "tercatat", "tanggal_perkawinan": "2008-05-17",
        "saksi": [{ "nik": WITNESS_1 }, { "nik": WITNESS_2, "pekerjaan": "9" }],
        "hubungan_pelapor": "ayah",
    })
}

#[test]
fn a_full_birth_declaration_is_accepted() {
    let s = Catalogue::embedded().service("KELAHIRAN").unwrap();
    let (family, register) = (family(), register());
    let ctx =
        Context { today: today(), reporter_nik: Some(HEAD), family: &family, register: &register, applicant: None };
    let choices = check_answers(s, &answers(birth()), &ctx, true).unwrap();
    assert_eq!(choices["perkawinan_orang_tua"], BTreeSet::from(["tercatat".to_string()]));
    assert_eq!(named_niks(s, &answers(birth())), BTreeSet::from([WIFE, HEAD, WITNESS_1, WITNESS_2].map(String::from)));
}

#[test]
fn every_kind_refuses_its_bad_values_naming_the_field() {
    let s = Catalogue::embedded().service("KELAHIRAN").unwrap();
    let (family, register) = (family(), register());
    let ctx =
        Context { today: today(), reporter_nik: Some(HEAD), family: &family, register: &register, applicant: None };
    let with = |changes: Value| {
        let mut a = birth();
        for (k, v) in changes.as_object().unwrap() {
            a[k] = v.clone();
        }
        codes(check_answers(s, &answers(a), &ctx, true))
    };
    let one = |field: &str, code: &'static str| vec![(field.to_string(), code)];
    assert_eq!(with(json!({ "nama_anak": "Nurul <script>" })), one("nama_anak", "TEXT_CHARS"));
    assert_eq!(with(json!({ "nama_anak": "N".repeat(101) })), one("nama_anak", "TEXT_TOO_LONG"));
    assert_eq!(with(json!({ "nama_anak": 7 })), one("nama_anak", "FIELD_INVALID"));
    assert_eq!(with(json!({ "berat_bayi": 3.155 })), one("berat_bayi", "NUMBER_INVALID"));
    assert_eq!(with(json!({ "berat_bayi": 12 })), one("berat_bayi", "NUMBER_OUT_OF_RANGE"));
    assert_eq!(with(json!({ "kelahiran_ke": 1.5 })), one("kelahiran_ke", "NUMBER_INVALID"));
    assert_eq!(with(json!({ "berat_bayi": "tiga" })), one("berat_bayi", "NUMBER_INVALID"));
    assert_eq!(with(json!({ "tanggal_lahir": "2026-12-01" })), one("tanggal_lahir", "DATE_IN_FUTURE"));
    assert_eq!(with(json!({ "tanggal_lahir": "10-11-2026" })), one("tanggal_lahir", "DATE_INVALID"));
    assert_eq!(with(json!({ "pukul_lahir": "25:00" })), one("pukul_lahir", "TIME_INVALID"));
    assert_eq!(with(json!({ "jenis_kelamin": "3" })), one("jenis_kelamin", "CHOICE_INVALID"));
    assert_eq!(with(json!({ "ibu_keluarga": CHILD })), one("ibu_keluarga", "MEMBER_NOT_ALLOWED"));
    assert_eq!(
        with(json!({ "ayah_dari": "nik", "ayah_nik": "7306080303820006" })),
        one("ayah_nik", "NIK_NOT_IN_REGISTER")
    );
    assert_eq!(with(json!({ "ayah_dari": "nik", "ayah_nik": "123" })), one("ayah_nik", "NIK_FORMAT"));
    assert_eq!(with(json!({ "saksi": [{ "nik": WITNESS_1 }] })), one("saksi", "TOO_FEW_ITEMS"));
    assert_eq!(with(json!({ "saksi": [{ "nik": WITNESS_1 }, { "nik": "" }] })), one("saksi.2.nik", "FIELD_REQUIRED"));
    assert_eq!(
        with(json!({ "saksi": [{ "nik": WITNESS_1, "umur": 3 }, { "nik": WITNESS_2 }] })),
        one("saksi.1.umur", "FIELD_UNKNOWN")
    );
    assert_eq!(with(json!({ "warna": "merah" })), one("warna", "FIELD_UNKNOWN"));
    assert_eq!(with(json!({ "hubungan_pelapor": null })), one("hubungan_pelapor", "FIELD_REQUIRED"));
    // A person outside the register: each part checked, and a NIK must fit the birth date.
    let outsider = |person: Value| with(json!({ "ayah_dari": "luar", "ayah_luar": person }));
    let good =
        json!({ "nama": "Kenji Sato", "jenis_kelamin": "1", "tanggal_lahir": "1990-02-02", "kewarganegaraan": "2" });
    assert_eq!(outsider(good.clone()), vec![]);
    let mut no_name = good.clone();
    no_name["nama"] = json!("");
    assert_eq!(outsider(no_name), one("ayah_luar.nama", "FIELD_REQUIRED"));
    let mut wrong_nik = good.clone();
    wrong_nik["nik"] = json!("7306080302900001");
    assert_eq!(outsider(wrong_nik), one("ayah_luar.nik", "NIK_MISMATCH"));
    assert_eq!(outsider(json!("Kenji")), one("ayah_luar", "FIELD_INVALID"));
}

#[test]
fn fields_apply_only_when_their_condition_holds() {
    let s = Catalogue::embedded().service("KELAHIRAN").unwrap();
    let (family, register) = (family(), register());
    let ctx =
        Context { today: today(), reporter_nik: Some(HEAD), family: &family, register: &register, applicant: None };
    let mut a = birth();
    a["ayah_dari"] = json!("tidak_ada");
    a["perkawinan_orang_tua"] = json!("tidak_kawin");
    // The father's and the marriage's fields no longer apply: kept, not checked, not required.
    assert!(check_answers(s, &answers(a.clone()), &ctx, true).is_ok());
    let names: Vec<_> = applicable_fields(s, &answers(a), &ctx).iter().map(|f| f.name.as_str()).collect();
    assert!(!names.contains(&"ayah_keluarga") && !names.contains(&"tanggal_perkawinan"));
    assert!(names.contains(&"ibu_keluarga"));
    // A draft may be incomplete; filing it may not.
    let draft = answers(json!({ "nama_anak": "Nurul" }));
    assert!(check_answers(s, &draft, &ctx, false).is_ok());
    assert!(codes(check_answers(s, &draft, &ctx, true)).iter().all(|(_, c)| *c == "FIELD_REQUIRED"));
}

#[test]
fn addresses_resolve_their_region_and_moves_pick_family_members() {
    let s = Catalogue::embedded().service("PINDAH").unwrap();
    let (family, register) = (family(), register());
    let ctx =
        Context { today: today(), reporter_nik: Some(HEAD), family: &family, register: &register, applicant: None };
    let good = json!({
        "alasan_pindah": "pekerjaan", "jenis_kepindahan": "kepala_dan_seluruh", "status_kk_pindah": "membuat_kk_baru",
        "rencana_tanggal_pindah": "2027-01-15",
        "alamat_tujuan": { "alamat": "Jl. Perintis Kemerdekaan No. 10", "rt": "001", "rw": "002", "kode_desa": "73.71.14.1001", "kode_pos": "90245" },
        "anggota_pindah": [{ "nik": HEAD }, { "nik": WIFE }, { "nik": CHILD }],
    });
    assert!(
        check_answers(s, &answers(good.clone()), &ctx, true).is_ok(),
        "{:?}",
        check_answers(s, &answers(good.clone()), &ctx, true)
    );
    assert_eq!(region_names("73.71.14.1001").unwrap()[1], Some("Kota Makassar"));
    let mut bad = good.clone();
    bad["alamat_tujuan"]["kode_desa"] = json!("99.01.01.1001");
    bad["alamat_tujuan"]["rt"] = json!("1a");
    bad["anggota_pindah"] = json!([{ "nik": "7306080101800004" }]);
    assert_eq!(
        codes(check_answers(s, &answers(bad), &ctx, true)),
        [
            ("alamat_tujuan.rt".to_string(), "TEXT_CHARS"),
            ("alamat_tujuan.kode_desa".to_string(), "REGION_UNKNOWN"),
            ("anggota_pindah.1.nik".to_string(), "MEMBER_NOT_ALLOWED"),
        ]
    );
}

#[test]
fn a_data_change_asks_the_new_value_of_each_element_chosen() {
    let s = Catalogue::embedded().service("PERUBAHAN_BIODATA").unwrap();
    let ctx = Context::bare(today());
    let chosen = answers(json!({ "elemen": ["nama_lengkap", "agama"], "dasar_perubahan": "Ijazah SMA No. 12" }));
    let missing: Vec<_> = codes(check_answers(s, &chosen, &ctx, true)).into_iter().map(|(f, _)| f).collect();
    assert_eq!(missing, ["nama_lengkap_baru", "agama_baru"]);
    let full = answers(
        json!({ "elemen": ["nama_lengkap", "agama"], "nama_lengkap_baru": "Andi Baso Mappatunru", "agama_baru": "2", "dasar_perubahan": "Ijazah SMA No. 12" }),
    );
    assert!(check_answers(s, &full, &ctx, true).is_ok());
}

#[test]
fn a_death_is_recorded_with_time_cause_and_witnesses() {
    let s = Catalogue::embedded().service("KEMATIAN").unwrap();
    let register = register();
    let ctx = Context { today: today(), reporter_nik: Some(HEAD), family: &[], register: &register, applicant: None };
    let good = answers(json!({
        "tanggal_kematian": "2026-11-20", "pukul_kematian": "14:05", "sebab_kematian": "sakit",
        "tempat_kematian": "RSUD Syekh Yusuf", "yang_menerangkan": "dokter",
        "saksi": [{ "nik": WITNESS_1 }, { "nik": WITNESS_2 }], "hubungan_pelapor": "anak",
    }));
    assert!(check_answers(s, &good, &ctx, true).is_ok());
    assert_eq!(s.subject.as_ref().and_then(|x| x.prefix.as_deref()), Some("alm."));
}

proptest! {
    /// Whatever a client sends as an answer, checking never panics, and an accepted text keeps
    /// its field's limits.
    #[test]
    fn any_answer_is_checked_without_panic(text in "\\PC{0,300}", n in proptest::num::f64::ANY, b in any::<bool>()) {
        let s = Catalogue::embedded().service("KELAHIRAN").unwrap();
        let ctx = Context::bare(today());
        for field in &s.fields {
            for value in [json!(text.clone()), json!(n), json!(b), json!([text.clone()]), json!({ "nama": text.clone() })] {
                let is_text = value.is_string();
                let a: Answers = [(field.name.clone(), value)].into_iter().collect();
                let r = check_answers(s, &a, &ctx, false);
                if r.is_ok() && is_text && field.kind == FieldKind::Text {
                    prop_assert!(text.trim().chars().count() <= field.max_length.unwrap_or(200) as usize);
                }
            }
        }
    }

    #[test]
    fn names_accept_letters_and_refuse_markup(name in "[A-Za-z' .-]{1,60}", bad in "[<>{}\\[\\]|;$]") {
        let s = Catalogue::embedded().service("KELAHIRAN").unwrap();
        let ctx = Context::bare(today());
        let ok: Answers = [("nama_anak".to_string(), json!(format!("Nur{name}")))].into_iter().collect();
        prop_assert!(check_answers(s, &ok, &ctx, false).is_ok());
        let refused: Answers = [("nama_anak".to_string(), json!(format!("Nur{bad}")))].into_iter().collect();
        prop_assert_eq!(&check_answers(s, &refused, &ctx, false).unwrap_err()[0].code, &"TEXT_CHARS");
    }
}

/// The kinds no embedded form uses yet, on a form of their own.
fn every_kind_form() -> Service {
    let mut s: Service = toml::from_str(
        r#"
code = "UJI"
name = "Uji"
description = "Formulir uji"
office = "kabupaten"
group = "lainnya"
topics = ["lainnya"]
requesters = ["masyarakat"]
channels = ["online"]
products = ["Uji"]
fee = 0
time_standard = { working_days = 1 }
workflow = "pengaduan"
sources = ["uji"]

[[fields]]
name = "setuju"
label = "Setuju"
kind = "yes_no"
required = true

[[fields]]
name = "waktu"
label = "Waktu kejadian"
kind = "date_time"

[[fields]]
name = "pilihan"
label = "Pilihan"
kind = "choices"
options = [{ value = "a", label = "A" }, { value = "b", label = "B" }]

[[fields]]
name = "no_kk"
label = "No. KK"
kind = "no_kk"

[[fields]]
name = "nik"
label = "NIK"
kind = "nik"

[[fields]]
name = "agama"
label = "Agama"
kind = "choice"
code_list = "agama"
when = { answer = { field = "setuju", is = "ya" } }

[[variants]]
code = "umum"
name = "Umum"
requirements = []
"#,
    )
    .unwrap();
    s.fields.iter_mut().for_each(Field::expand);
    s
}

#[test]
fn the_other_kinds_refuse_their_bad_values_too() {
    let s = every_kind_form();
    let ctx = Context::bare(today());
    let check = |v: Value| codes(check_answers(&s, &answers(v), &ctx, true));
    let one = |field: &str, code: &'static str| vec![(field.to_string(), code)];
    assert_eq!(check(json!({ "setuju": "ya" })), one("setuju", "YES_NO_INVALID"));
    assert_eq!(check(json!({ "setuju": false, "waktu": "2026-11-20 14:00" })), one("waktu", "DATE_TIME_INVALID"));
    assert_eq!(check(json!({ "setuju": false, "waktu": "2026-12-20T14:00" })), one("waktu", "DATE_IN_FUTURE"));
    assert_eq!(check(json!({ "setuju": false, "pilihan": ["a", "c"] })), one("pilihan", "CHOICE_INVALID"));
    assert_eq!(check(json!({ "setuju": false, "pilihan": "a" })), one("pilihan", "CHOICE_INVALID"));
    assert_eq!(check(json!({ "setuju": false, "no_kk": "12" })).len(), 1);
    assert_eq!(check(json!({ "setuju": false, "nik": "7306084512870002", "pilihan": ["b"] })), vec![]);
    // A code-list field asked only when "ya": its options are the SIAK codes.
    assert_eq!(check(json!({ "setuju": true, "agama": "9" })), one("agama", "CHOICE_INVALID"));
    assert_eq!(check(json!({ "setuju": true, "agama": "1" })), vec![]);
    assert_eq!(check(json!({ "setuju": false, "agama": "9" })), vec![], "not asked, not checked");
    assert_eq!(check(json!({})), one("setuju", "FIELD_REQUIRED"));
}
