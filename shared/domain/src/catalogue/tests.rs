
use super::*;

#[test]
fn embedded_catalogue_loads() {
    let c = Catalogue::embedded();
    assert!(c.services().count() > 0);
}
