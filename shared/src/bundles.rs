//! The browser app ships as three WASM bundles, so the sign-in page stays
//! within its 200 KB budget however many screens the portal grows, and
//! everyday users never download the support console: the sign-in
//! screens, the support console (`/admin…`), and everything else. The server picks the page of a
//! path's bundle; the app navigates in place within its bundle and loads
//! the other bundle's page for any other path. One function decides both,
//! from the list of screens (`crate::pages`).

use crate::pages::Page;

/// A WASM bundle of the browser app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    /// The sign-in screens of both doors (`index.html`).
    SignIn,
    /// Everything else: recovery, activation, the signed-in portal
    /// (`portal.html`).
    Portal,
    /// The support console for registry staff (`support.html`).
    Support,
}

/// The bundle that renders `path`: its screen's, or for an unknown path
/// the bundle whose "page not found" fits (the console's under `/admin`).
pub fn bundle_of(path: &str) -> Bundle {
    match Page::from_path(path) {
        Some(page) => page.bundle(),
        None if path == "/admin" || path.starts_with("/admin/") => Bundle::Support,
        None => Bundle::Portal,
    }
}

impl Bundle {
    /// The page that loads this bundle.
    pub fn page(self) -> &'static str {
        match self {
            Self::SignIn => "index.html",
            Self::Portal => "portal.html",
            Self::Support => "support.html",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_screens_are_in_the_small_bundle_and_the_rest_in_the_portal() {
        assert_eq!(bundle_of("/"), Bundle::SignIn);
        assert_eq!(bundle_of("/signin/password/"), Bundle::SignIn);
        assert_eq!(bundle_of("/immtrac2/login"), Bundle::SignIn);
        assert_eq!(bundle_of("/dashboard"), Bundle::Portal);
        assert_eq!(bundle_of("/reset-password"), Bundle::Portal);
        assert_eq!(bundle_of("/no/such/page"), Bundle::Portal);
        assert_eq!(bundle_of("/admin"), Bundle::Support);
        assert_eq!(bundle_of("/admin/user?id=1"), Bundle::Support);
        assert_eq!(bundle_of("/admin/no-such-screen"), Bundle::Support);
        assert_eq!(bundle_of("/administrator"), Bundle::Portal);
        assert_eq!(Bundle::SignIn.page(), "index.html");
    }
}
