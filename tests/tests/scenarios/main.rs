//! The HTTP scenarios, one module per capability, in one test binary: linking a binary per file
//! cost a hundred megabytes and a link each. (The log scenario is a binary of its own, since it
//! installs the process's log subscriber.)

mod accounts;
mod api;
mod appointments;
mod authorization;
mod calls;
mod cases;
mod catalogue;
mod clients;
mod counters;
mod declarations;
mod faults;
mod fuzz;
mod hardening;
mod institutions;
mod intake;
mod notifications;
mod officers;
mod province;
mod province_api;
mod reads;
mod receipts;
mod reports;
mod retention;
mod verification;
mod webhooks;
mod whatsapp;
mod workflows;
