//! Demo data for a fresh installation: a synthetic Gowa register and the accounts that let a
//! newcomer try every role.

mod accounts;
mod register;
mod reports;

pub use accounts::{DEMO_PASSWORD, DemoAccount, seed_accounts};
pub use register::DemoRegister;
