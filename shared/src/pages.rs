//! Every screen of the browser app, with its path and the bundle that
//! renders it. The one list: the app's router, its links and the server's
//! choice of page (`bundles::bundle_of`) and e-mail links all name a
//! [`Page`], so a path is written once.

use crate::bundles::Bundle;

macro_rules! pages {
    ($( $(#[$doc:meta])* $page:ident = $path:literal in $bundle:ident, )*) => {
        /// A screen of the browser app.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Page {
            $( $(#[$doc])* $page, )*
        }

        impl Page {
            /// Every screen, in the order of docs/product.md.
            pub const ALL: &'static [Page] = &[$(Page::$page),*];

            /// The path of the screen (no trailing slash, except `/`).
            pub const fn path(self) -> &'static str {
                match self { $(Page::$page => $path,)* }
            }

            /// The bundle that renders the screen.
            pub const fn bundle(self) -> Bundle {
                match self { $(Page::$page => Bundle::$bundle,)* }
            }
        }
    };
}

pages! {
    /// IAMOnline sign-in: the username.
    SignIn = "/" in SignIn,
    /// "Verify it's you with a security method".
    ChooseMethod = "/signin/verify" in SignIn,
    /// IAMOnline's password step.
    PasswordStep = "/signin/password" in SignIn,
    /// The recall step after repeated failures (CAPTCHA and identity).
    Recall = "/signin/recall" in SignIn,
    /// The e-mail code step of a sign-in.
    EmailCode = "/signin/email-code" in SignIn,
    SetupRequired = "/set-up-security-methods" in Portal,
    /// An authenticator app's code instead of the e-mail code.
    AppCode = "/signin/app-code" in SignIn,
    /// The Confidentiality Statement.
    Confidentiality = "/signin/confidentiality" in SignIn,
    /// ImmTrac2's login (Org Code, username, password).
    ImmTrac2Login = "/immtrac2/login" in SignIn,
    /// "Forgot Username".
    ForgotUsername = "/forgot-username" in Portal,
    /// After ImmTrac2's Logout.
    LoggedOut = "/logged-out" in Portal,
    /// An application's sign-in request (OpenID Connect) on its way: the
    /// authorization endpoint sends the browser here with a handle.
    Authorize = "/authorize" in Portal,
    /// An application's sign-out request (RP-initiated logout).
    EndSession = "/logout" in Portal,

    /// A Point of Contact's access requests.
    AccessRequests = "/access-requests" in Portal,
    /// "Request account as non-HHS employee, or register organization".
    RegisterOrganization = "/register/organization" in Portal,
    /// "Create a new account as a citizen".
    RegisterCitizen = "/register/citizen" in Portal,
    /// ImmTrac2's home page.
    ImmTrac2Home = "/immtrac2" in Portal,
    /// ImmTrac2's choice of organization for users of several.
    ChooseOrganization = "/portal" in Portal,
    /// IAMOnline's dashboard.
    Dashboard = "/dashboard" in Portal,
    /// The Acceptable Use Agreement form.
    Aua = "/aua" in Portal,
    /// "Forgot Password? (External Users Only)".
    ForgotPassword = "/forgot-password" in Portal,
    /// The e-mail code step of a password recovery.
    RecoveryCode = "/forgot-password/verify" in Portal,
    /// "Activate Account" from the Welcome e-mail.
    Activate = "/activate" in Portal,
    /// The e-mail code step of an activation.
    ActivationCode = "/activate/verify" in Portal,
    /// The first password and security question of an activation.
    SetUp = "/activate/set-up" in Portal,
    /// ImmTrac2's "Forgot Password".
    ImmTrac2ForgotPassword = "/immtrac2/forgot-password" in Portal,
    /// A new password from a reset link (or after recovery).
    ResetPassword = "/reset-password" in Portal,
    /// "Report Suspicious Activity" from a security e-mail.
    ReportSuspicious = "/report-suspicious" in Portal,
    /// "Password Updated".
    PasswordUpdated = "/password-updated" in Portal,
    /// A signed-in user's change of password.
    ChangePassword = "/account/password" in Portal,
    /// "Manage Access (Beta)".
    ManageAccess = "/manage-access" in Portal,
    /// "Manage My Access".
    ManageMyAccess = "/manage-my-access" in Portal,
    /// "Authorized Help Guide".
    HelpGuide = "/help" in Portal,
    /// "Forms".
    Forms = "/forms" in Portal,

    /// The support console: find a user, create a user.
    SupportHome = "/admin" in Support,
    /// One account in the support console (`?id=`).
    UserDetail = "/admin/user" in Support,
    /// Access and organization requests awaiting a decision.
    AccessRequestQueue = "/admin/requests" in Support,
    /// The audit trail.
    AuditTrail = "/admin/audit" in Support,
    /// The application catalogue: tiles and their OpenID Connect clients
    /// (admins).
    Applications = "/admin/applications" in Support,
}

impl Page {
    /// The screen at `path` (a query or fragment and a trailing slash are
    /// ignored), if there is one.
    pub fn from_path(path: &str) -> Option<Self> {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let path = match path.trim_end_matches('/') {
            "" => "/",
            trimmed => trimmed,
        };
        Self::ALL.iter().copied().find(|page| page.path() == path)
    }

    /// The screen's address with a query (`/admin/user?id=…`); `query` is
    /// already encoded.
    pub fn with_query(self, query: &str) -> String {
        format!("{}?{query}", self.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_found_by_its_own_path_and_paths_are_distinct() {
        for page in Page::ALL {
            assert_eq!(Page::from_path(page.path()), Some(*page), "{page:?}");
            assert!(page.path().starts_with('/'), "{page:?}");
            assert!(
                page.path() == "/" || !page.path().ends_with('/'),
                "{page:?}"
            );
        }
        let mut paths: Vec<_> = Page::ALL.iter().map(|p| p.path()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), Page::ALL.len());
    }

    #[test]
    fn a_query_fragment_or_trailing_slash_names_the_same_page() {
        assert_eq!(Page::from_path(""), Some(Page::SignIn));
        assert_eq!(
            Page::from_path("/signin/password/"),
            Some(Page::PasswordStep)
        );
        assert_eq!(Page::from_path("/admin/user?id=1"), Some(Page::UserDetail));
        assert_eq!(
            Page::from_path("/reset-password#token=x"),
            Some(Page::ResetPassword)
        );
        assert_eq!(Page::from_path("/no/such/page"), None);
        assert_eq!(Page::UserDetail.with_query("id=7"), "/admin/user?id=7");
    }

    #[test]
    fn console_screens_live_under_admin_and_nowhere_else() {
        for page in Page::ALL {
            let under_admin = page.path() == "/admin" || page.path().starts_with("/admin/");
            assert_eq!(page.bundle() == Bundle::Support, under_admin, "{page:?}");
        }
    }
}
