//! The store contract against DynamoDB served by moto: one emulator per test run, one table per
//! test.

adminduk_ports::store_contract!(crate::testing::fresh_store);
