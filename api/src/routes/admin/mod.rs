//! The support console's API (docs/product.md §9). Every handler takes [`Staff`]: an
//! anonymous caller gets 401, a signed-in non-staff caller 403.
//!
//! The modules are re-exported whole: utoipa's `paths(…)` and actix's
//! `service(…)` name the items its macros generate beside each handler.

mod access_requests;
mod actions;
mod applications;
mod audit_trail;
mod import;
mod users;

pub use access_requests::*;
pub use actions::*;
pub use applications::*;
pub use audit_trail::*;
pub use import::*;
pub use users::*;
