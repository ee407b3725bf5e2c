//! The IAMOnline / ImmTrac2 identity portal API.
//!
//! Requests flow `routes` → `services` → `domain` / `db` / `mail`; no layer
//! calls the one above it. `startup::Application` builds the server (tests
//! spawn it on port 0), `cli` holds the admin commands of the same binary.

pub mod auth;
pub mod cli;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod db;
pub mod device_cookie;
pub mod directory;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod mail;
pub mod openapi;
pub mod rate_limit;
pub mod routes;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
