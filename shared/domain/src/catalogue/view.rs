use serde::Serialize;

use super::{Catalogue, Condition, Field, Need, ReporterGroup, Requester, Service, Variant};

/// A service as the catalogue command, the API and the citizen site show it: codes and data
/// plus the names and words a person reads.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Serialize)]
pub struct ServiceView<'a> {
    #[serde(flatten)]
    summary: Summary<'a>,
    reporter_rules: ReporterRules,
    fee_label: String,
    time_standard_label: String,
    /// The headings of its `topics`, in the same order.
    topic_labels: Vec<&'static str>,
    /// When the offices' counters are open (from the calendar), for a service that starts at one.
    #[serde(skip_serializing_if = "Option::is_none")]
    office_hours: Option<String>,
    /// Who the event is about and what the applicant picker offers, when not the plain applicant.
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a super::Subject>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    fields: &'a [Field],
    variants: Vec<VariantView<'a>>,
}

impl ServiceView<'_> {
    /// The view with the counters' opening hours, as the calendar gives them.
    pub fn with_office_hours(mut self, hours: String) -> Self {
        self.office_hours = Some(hours);
        self
    }
}

#[cfg(test)]
#[test]
fn fees_read_in_rupiah() {
    assert_eq!(fee_label(0), "Gratis");
    assert_eq!(fee_label(500), "Rp 500");
    assert_eq!(fee_label(25_000), "Rp 25.000");
    assert_eq!(fee_label(1_250_000), "Rp 1.250.000");
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Serialize)]
struct Summary<'a> {
    code: &'a str,
    name: &'a str,
    description: &'a str,
    office: super::OfficeLevel,
    group: ReporterGroup,
    topics: &'a [super::Topic],
    keywords: &'a [String],
    requesters: &'a [Requester],
    channels: &'a [super::Channel],
    #[serde(skip_serializing_if = "Option::is_none")]
    eligibility: Option<&'a Condition>,
    products: &'a [String],
    fee: u32,
    time_standard: crate::calendar::TimeStandard,
    workflow: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    report_within_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pickup: Option<&'a str>,
    sources: &'a [String],
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Serialize)]
struct VariantView<'a> {
    code: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    eligibility: Option<&'a Condition>,
    workflow: &'a str,
    time_standard: crate::calendar::TimeStandard,
    time_standard_label: String,
    channels: &'a [super::Channel],
    requirements: Vec<RequirementView<'a>>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Serialize)]
struct RequirementView<'a> {
    document: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    form: Option<&'a str>,
    need: Need,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    when: Option<&'a Condition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

/// "Gratis", or the amount as Indonesians write it: "Rp 25.000".
pub fn fee_label(rupiah: u32) -> String {
    if rupiah == 0 {
        return "Gratis".into();
    }
    let digits = rupiah.to_string();
    let mut out = String::from("Rp ");
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Who may report the service for whom (seed 000), as data and in words.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReporterRules {
    /// Kepala Keluarga, Suami and Istri, for themselves and every member of their KK.
    pub family_heads_for_whole_family: bool,
    /// Any other SHDK, only for themselves.
    pub other_members_for_themselves: bool,
    /// Pengguna Instansi, for any applicant, while their PKS is valid and covers the service.
    pub institution_staff_under_pks: bool,
    pub summary: Vec<String>,
}

impl ReporterRules {
    pub fn of(service: &Service) -> ReporterRules {
        let personal = service.requesters.contains(&Requester::PenggunaPribadi);
        let institution = service.requesters.contains(&Requester::PenggunaInstansi);
        let members = personal && service.group.open_to_every_member();
        let mut summary = Vec::new();
        if personal {
            summary.push("Kepala Keluarga, Suami dan Istri: untuk dirinya dan seluruh anggota keluarganya".to_string());
            summary.push(if members {
                "Anggota keluarga lainnya: hanya untuk dirinya sendiri".to_string()
            } else {
                "Anggota keluarga lainnya tidak dapat melaporkan layanan ini".to_string()
            });
        }
        if institution {
            summary.push(
                "Pengguna Instansi: untuk setiap pemohon, selama PKS berlaku dan mencakup layanan ini".to_string(),
            );
        }
        for requester in &service.requesters {
            let words = match requester {
                Requester::Masyarakat => "Masyarakat umum dengan identitas yang sah",
                Requester::Lembaga => "Instansi atau lembaga, melalui surat permohonan",
                Requester::DinasKabupatenKota => "Dinas Dukcapil kabupaten/kota se-Sulawesi Selatan",
                Requester::PenggunaPribadi | Requester::PenggunaInstansi => continue,
            };
            summary.push(words.to_string());
        }
        ReporterRules {
            family_heads_for_whole_family: personal,
            other_members_for_themselves: members,
            institution_staff_under_pks: institution,
            summary,
        }
    }
}

impl<'a> ServiceView<'a> {
    pub(super) fn new(catalogue: &'a Catalogue, s: &'a Service) -> ServiceView<'a> {
        let variant = |v: &'a Variant| VariantView {
            code: &v.code,
            name: &v.name,
            eligibility: v.eligibility.as_ref(),
            workflow: s.workflow_of(v),
            time_standard: s.time_standard_of(v),
            time_standard_label: s.time_standard_of(v).to_string(),
            channels: v.channels.as_deref().unwrap_or(&s.channels),
            requirements: v
                .requirements
                .iter()
                .map(|r| {
                    let doc = catalogue.document(&r.document).expect("checked when loaded");
                    RequirementView {
                        document: &r.document,
                        name: &doc.name,
                        form: doc.form.as_deref(),
                        need: r.need(),
                        condition: r.condition.as_deref(),
                        when: r.when.as_ref(),
                        note: r.note.as_deref(),
                    }
                })
                .collect(),
        };
        ServiceView {
            summary: Summary {
                code: &s.code,
                name: &s.name,
                description: &s.description,
                office: s.office,
                group: s.group,
                topics: &s.topics,
                keywords: &s.keywords,
                requesters: &s.requesters,
                channels: &s.channels,
                eligibility: s.eligibility.as_ref(),
                products: &s.products,
                fee: s.fee,
                time_standard: s.time_standard,
                workflow: &s.workflow,
                report_within_days: s.report_within_days,
                pickup: s.pickup.as_deref(),
                sources: &s.sources,
            },
            reporter_rules: ReporterRules::of(s),
            fee_label: fee_label(s.fee),
            time_standard_label: s.time_standard.to_string(),
            topic_labels: s.topics.iter().map(|t| t.label()).collect(),
            office_hours: None,
            subject: s.subject.as_ref(),
            fields: &s.fields,
            variants: s.variants.iter().map(variant).collect(),
        }
    }
}
