//! The store contract against DynamoDB served by moto: one emulator per test run, one table per
//! test.

adminduk_app::store_contract!(crate::testing::fresh_store);
