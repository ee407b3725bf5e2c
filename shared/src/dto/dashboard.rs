//! The dashboard (SPEC §8): tiles in sections, home cards and panels.

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
    pub url: String,
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
