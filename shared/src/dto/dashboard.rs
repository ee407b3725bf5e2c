//! The dashboard (docs/product.md §8): tiles in sections, home cards and panels.

use serde::{Deserialize, Serialize};

use super::session::AuaStatus;

/// An application tile; `locked` until the AUA is signed (for the
/// applications that require it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tile {
    pub app_id: String,
    pub name: String,
    pub description: String,
    /// Where the application is; empty while the tile is locked.
    pub url: String,
    /// The application needs a valid Acceptable Use Agreement first.
    pub locked: bool,
}

/// A group of tiles: "My Apps", "My Applications", or one the user made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardSection {
    /// Absent for the two built-in groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    pub tiles: Vec<Tile>,
}

/// A home card: a link, with a count where the card counts something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomeCard {
    pub title: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// A home panel: its latest items ("Currently no data" when empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomePanel {
    pub title: String,
    pub items: Vec<String>,
}

/// `GET /dashboard`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardResponse {
    pub aua_status: AuaStatus,
    pub sections: Vec<DashboardSection>,
    pub cards: Vec<HomeCard>,
    pub panels: Vec<HomePanel>,
}

/// "Add section", or a section renamed and its tiles set: a tile lives in
/// one place, so naming it here moves it out of any other section (tiles
/// in no section show in their built-in group).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct SectionRequest {
    /// 1 to 60 characters.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::section_name"))
    )]
    pub name: String,
    /// Application ids, in order (at most 50).
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 50)))]
    pub tiles: Vec<String>,
}
