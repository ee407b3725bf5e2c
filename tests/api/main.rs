//! API integration tests, compiled into one binary. Each test spawns the
//! real server on a random port with a fresh database of the backend named
//! by `IAM_TEST_DB` (`sqlite`, the default, or `postgres`).

mod helpers;

mod access_requests;
mod activation;
mod admin;
mod admin_applications;
mod aua;
mod authenticators;
mod client_address;
mod devices;
mod directory;
mod errors;
mod health;
mod i18n;
mod import;
mod oidc;
mod oidc_grants;
mod oidc_keys;
mod openapi;
mod outbox;
mod passkeys;
mod password;
mod recovery;
mod security_doc;
mod session;
mod signin;
mod storage;
mod username_recovery;
