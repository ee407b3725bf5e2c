//! Types and rules shared by the API server (`iam-api`) and the browser app
//! (`iam-web`). Everything here must compile for `wasm32-unknown-unknown`
//! with no default features, so it holds plain Rust only: no regex, no I/O.
//! Server-only derives (OpenAPI schemas, `validator`) sit behind the
//! `openapi` and `validate` features, which only the API enables.

pub mod aua;
pub mod bundles;
pub mod dto;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod password;
pub mod rules;
pub mod types;

pub use error::{ErrorCode, LineError, NextStep, Problem};
pub use pages::Page;
