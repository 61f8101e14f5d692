use serde::{Deserialize, Serialize};

/// Who takes an action in a workflow. `Pelapor` is the reporting side (a Pengguna Pribadi, a
/// Pengguna Instansi or a requesting institution); `Pemohon` is the person the case is about,
/// acting through their own account on a case someone else filed (a KK printed by the applicant
/// after a counter filed it); `Sistem` records what an outside system answers (BSrE
/// certification, a deadline sweep); every other role is an officer's.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Pelapor,
    Pemohon,
    PetugasLoket,
    VerifikatorBerkas,
    FrontOffice,
    OperatorSiak,
    Validator,
    Kabid,
    Kadis,
    Produksi,
    LoketPengambilan,
    OperatorDesa,
    OperatorKecamatan,
    PetugasPpid,
    AnalisKebijakan,
    PetugasLayanan,
    Admin,
    /// Reads the audit log of its office and what it covers, and nothing else: the Dinas's
    /// inspectorate or data-protection officer (UU 27/2022).
    Inspektur,
    Sistem,
}

impl Role {
    pub const ALL: &'static [Role] = &[
        Role::Pelapor,
        Role::Pemohon,
        Role::PetugasLoket,
        Role::VerifikatorBerkas,
        Role::FrontOffice,
        Role::OperatorSiak,
        Role::Validator,
        Role::Kabid,
        Role::Kadis,
        Role::Produksi,
        Role::LoketPengambilan,
        Role::OperatorDesa,
        Role::OperatorKecamatan,
        Role::PetugasPpid,
        Role::AnalisKebijakan,
        Role::PetugasLayanan,
        Role::Admin,
        Role::Inspektur,
        Role::Sistem,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::Pelapor => "Pelapor",
            Role::Pemohon => "Pemohon",
            Role::PetugasLoket => "Petugas Loket Pelayanan",
            Role::VerifikatorBerkas => "Petugas Verifikasi Berkas",
            Role::FrontOffice => "Front Office (FO) Dinas",
            Role::OperatorSiak => "Operator SIAK",
            Role::Validator => "Validator / Kasi",
            Role::Kabid => "Kepala Bidang",
            Role::Kadis => "Kepala Dinas",
            Role::Produksi => "Bagian Produksi",
            Role::LoketPengambilan => "Loket Pengambilan Dokumen",
            Role::OperatorDesa => "Operator Loket Adminduk Online Desa/Kelurahan",
            Role::OperatorKecamatan => "Operator Loket Adminduk Online Kecamatan",
            Role::PetugasPpid => "Petugas PPID",
            Role::AnalisKebijakan => "Analis Kebijakan",
            Role::PetugasLayanan => "Petugas Pelayanan",
            Role::Admin => "Administrator",
            Role::Inspektur => "Inspektur / Pengawas Pelindungan Data Pribadi",
            Role::Sistem => "Sistem",
        }
    }

    /// Officers work queues; the reporter, the applicant and the system do not.
    pub fn is_officer(self) -> bool {
        !matches!(self, Role::Pelapor | Role::Pemohon | Role::Sistem)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
