use std::borrow::Cow;
use std::sync::Arc;

use adminduk_domain::calendar::Calendar;
use adminduk_domain::catalogue::Catalogue;
use adminduk_domain::office::Office;
use chrono::NaiveDate;

use crate::clock::Clock;
use crate::ports::{Blobs, Poster, Store};
use crate::sealing::DataKey;
use crate::secrets::PasswordHasher;
use crate::settings::Settings;
use crate::tokens::TokenKeys;

/// Everything a use case needs, cheap to clone: the HTTP state and the handle tests drive.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub blobs: Arc<dyn Blobs>,
    pub clock: Arc<dyn Clock>,
    pub keys: Arc<TokenKeys>,
    pub hasher: Arc<PasswordHasher>,
    pub catalogue: Arc<Catalogue>,
    /// What the queues' listings take from the catalogue, as a mark (cases::listing).
    pub catalogue_mark: Arc<str>,
    /// The states officers' queues are made of, from the catalogue.
    pub queue_states: Arc<[crate::cases::QueueState]>,
    pub calendar: Arc<Calendar>,
    pub settings: Arc<Settings>,
    /// POSTs machine clients' webhooks; one that refuses until `with_poster` gives a real one.
    pub poster: Arc<dyn Poster>,
    /// Seals the secrets kept to be read back (webhook secrets); none until `with_data_key`.
    pub data_key: Arc<DataKey>,
}

impl App {
    pub fn new(
        store: Arc<dyn Store>,
        blobs: Arc<dyn Blobs>,
        clock: Arc<dyn Clock>,
        keys: TokenKeys,
        catalogue: Catalogue,
        calendar: Calendar,
        settings: Settings,
    ) -> App {
        let hasher = PasswordHasher::new(settings.argon2_memory_kib, settings.argon2_passes);
        App {
            store,
            blobs,
            clock,
            keys: Arc::new(keys),
            hasher: Arc::new(hasher),
            catalogue_mark: crate::cases::listing::catalogue_mark(&catalogue).into(),
            queue_states: crate::cases::queue_states(&catalogue).into(),
            catalogue: Arc::new(catalogue),
            calendar: Arc::new(calendar),
            settings: Arc::new(settings),
            poster: Arc::new(crate::webhooks::NoPoster),
            data_key: Arc::new(DataKey::none()),
        }
    }

    /// The same application, POSTing webhooks with `poster` (an HTTPS client).
    pub fn with_poster(self, poster: Arc<dyn Poster>) -> App {
        App { poster, ..self }
    }

    /// The same application, sealing with the installation's data key.
    pub fn with_data_key(self, data_key: DataKey) -> App {
        App { data_key: Arc::new(data_key), ..self }
    }

    /// The calendar of `office`: the installation's, with the office's own opening hours when
    /// offices.toml gives them (a kecamatan closing earlier than its Dinas). Time standards and
    /// appointment slots count in the hours of the office the case or the desk is at.
    pub fn calendar_at(&self, office: &Office) -> Cow<'_, Calendar> {
        match self.catalogue.office_hours(office) {
            Some(hours) => Cow::Owned(self.calendar.with_hours(hours)),
            None => Cow::Borrowed(&self.calendar),
        }
    }

    /// Today in the office's time zone.
    pub fn today(&self) -> NaiveDate {
        self.clock.now().with_timezone(&self.calendar.offset()).date_naive()
    }
}
