use std::sync::Arc;

use adminduk_domain::calendar::Calendar;
use adminduk_domain::catalogue::Catalogue;
use chrono::NaiveDate;

use crate::clock::Clock;
use crate::ports::{Blobs, Store};
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
    pub calendar: Arc<Calendar>,
    pub settings: Arc<Settings>,
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
            catalogue: Arc::new(catalogue),
            calendar: Arc::new(calendar),
            settings: Arc::new(settings),
        }
    }

    /// Today in the office's time zone.
    pub fn today(&self) -> NaiveDate {
        self.clock.now().with_timezone(&self.calendar.offset()).date_naive()
    }
}
