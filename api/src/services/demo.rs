//! Demo data for `make run` and newcomers: organizations, the applications
//! of docs/product.md §8, and one account of each kind.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iam_shared::types::{MembershipRole, UserType};
use iam_shared::Page;
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};

use super::accounts::{self, NewAccount};
use crate::config::Settings;
use crate::crypto::PasswordHasher;
use crate::db::{self, models::ApplicationRow, schema::applications, DbConn};
use crate::error::{AppError, AppResult};

/// A demo login to print.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub description: &'static str,
    pub org_code: Option<&'static str>,
    pub username: String,
    pub password: Option<SecretString>,
}

/// One demo account with a password.
struct DemoPerson {
    description: &'static str,
    user_type: UserType,
    /// First and last name.
    name: (&'static str, &'static str),
    email: &'static str,
    /// A fixed username, so the printed logins stay recognisable.
    username: Option<&'static str>,
    orgs: &'static [(&'static str, MembershipRole)],
    /// Without a password the account waits for activation, and its
    /// Welcome e-mail (at `/dev/mail`) shows the onboarding flow.
    has_password: bool,
    /// An established user who signed the Acceptable Use Agreement; the
    /// others meet the AUA gate (locked tiles, the form) on first use.
    aua_signed: bool,
}

const ORGANIZATIONS: &[(&str, &str)] = &[
    ("12345", "Austin Pediatrics"),
    ("67890", "Travis County Health Clinic"),
    ("DSHS01", "DSHS Immunization Unit"),
];

/// The default application catalogue: (id, name, description, url, group, requires AUA).
const APPLICATIONS: &[(&str, &str, &str, &str, &str, bool)] = &[
    (
        "aua",
        "Acceptable Use Agreement (AUA)",
        "Sign or renew the Acceptable Use Agreement",
        Page::Aua.path(),
        "my_apps",
        false,
    ),
    (
        "help-guide",
        "Authorized Help Guide",
        "How to use the registry applications",
        Page::HelpGuide.path(),
        "my_apps",
        false,
    ),
    (
        "manage-access",
        "Manage Access (Beta)",
        "Review who can use your organization's applications",
        Page::ManageAccess.path(),
        "my_apps",
        true,
    ),
    (
        "immtrac2",
        "ImmTrac2",
        "Texas Immunization Registry",
        Page::ImmTrac2Home.path(),
        "my_apps",
        true,
    ),
    (
        "syntropi",
        "Syntropi",
        "Disease surveillance",
        "https://syntropi.example.org/",
        "my_apps",
        true,
    ),
    (
        "vaos",
        "VAOS",
        "Vaccine allocation and ordering",
        "https://vaos.example.org/",
        "my_apps",
        true,
    ),
    (
        "forms",
        "Forms",
        "Registry forms",
        Page::Forms.path(),
        "my_applications",
        true,
    ),
    (
        "manage-my-access",
        "Manage My Access",
        "Your applications and roles",
        Page::ManageMyAccess.path(),
        "my_applications",
        false,
    ),
    (
        "access-requests",
        "Access Requests",
        "Request access for a new person",
        Page::AccessRequests.path(),
        "my_applications",
        true,
    ),
];

/// Install the demo catalogue of applications (the dashboard's tiles).
pub fn install_applications(conn: &mut DbConn) -> AppResult<()> {
    db::transaction(conn, |conn| {
        for (position, (id, name, description, url, group, requires_aua)) in
            APPLICATIONS.iter().enumerate()
        {
            diesel::insert_into(applications::table)
                .values(ApplicationRow {
                    id: (*id).into(),
                    name: (*name).into(),
                    description: (*description).into(),
                    url: (*url).into(),
                    default_group: (*group).into(),
                    position: i32::try_from(position).unwrap_or(i32::MAX),
                    requires_aua: *requires_aua,
                    allowed_user_types: String::new(),
                    allowed_roles: String::new(),
                    allowed_org_codes: String::new(),
                })
                .execute(conn)?;
        }
        Ok::<_, AppError>(())
    })
}

/// A random password that satisfies every rule of docs/product.md §4.
fn demo_password() -> SecretString {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    let body: String = (0..16)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    SecretString::from(format!("{body}-Qz7!"))
}

/// Seed everything; `Ok(None)` when the demo data is already there.
pub fn seed_demo(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &crate::crypto::seal::Sealer,
    hasher: &PasswordHasher,
    now: DateTime<Utc>,
) -> AppResult<Option<Vec<DemoLogin>>> {
    if db::organizations::find_by_code(conn, ORGANIZATIONS[0].0)?.is_some() {
        return Ok(None);
    }
    for (code, name) in ORGANIZATIONS {
        accounts::create_organization(conn, code, name, None, now)?;
    }
    install_applications(conn)?;

    let people = [
        DemoPerson {
            description:
                "External user, one organization (ImmTrac2 door lands on the application home)",
            user_type: UserType::External,
            name: ("Dana", "Morales"),
            email: "dana.morales@example.org",
            username: Some("DA1001MO"),
            orgs: &[("12345", MembershipRole::User)],
            has_password: true,
            aua_signed: true,
        },
        DemoPerson {
            description: "External user, several organizations (portal view); POC of 12345",
            user_type: UserType::External,
            name: ("Pat", "Sanchez"),
            email: "pat.sanchez@example.org",
            username: Some("PA1234SA"),
            orgs: &[
                ("12345", MembershipRole::Poc),
                ("67890", MembershipRole::User),
            ],
            has_password: true,
            aua_signed: true,
        },
        DemoPerson {
            description: "Central office user",
            user_type: UserType::CentralOffice,
            name: ("Jane", "Doe"),
            email: "jane.doe@dshs.texas.gov",
            username: None,
            orgs: &[("DSHS01", MembershipRole::User)],
            has_password: true,
            aua_signed: false,
        },
        DemoPerson {
            description: "Citizen",
            user_type: UserType::Citizen,
            name: ("Chris", "Rivera"),
            email: "chris.rivera@example.com",
            username: None,
            orgs: &[],
            has_password: true,
            aua_signed: false,
        },
        DemoPerson {
            description: "Support staff (support console)",
            user_type: UserType::CentralOffice,
            name: ("Sam", "Support"),
            email: "sam.support@dshs.texas.gov",
            username: None,
            orgs: &[("DSHS01", MembershipRole::Support)],
            has_password: true,
            aua_signed: true,
        },
        DemoPerson {
            description: "Administrator (support console, application catalogue)",
            user_type: UserType::CentralOffice,
            name: ("Alex", "Admin"),
            email: "alex.admin@dshs.texas.gov",
            username: None,
            orgs: &[("DSHS01", MembershipRole::Admin)],
            has_password: true,
            aua_signed: true,
        },
        DemoPerson {
            description: "Pending activation (see the Welcome e-mail at /dev/mail)",
            user_type: UserType::External,
            name: ("Lee", "Nguyen"),
            email: "lee.nguyen@example.org",
            username: None,
            orgs: &[("67890", MembershipRole::User)],
            has_password: false,
            aua_signed: false,
        },
    ];
    let mut logins = Vec::new();
    for person in people {
        let password = person.has_password.then(demo_password);
        let hash = password
            .as_ref()
            .map(|p| hasher.hash_blocking(p))
            .transpose()
            .map_err(|e| AppError::Unexpected(e.into()))?;
        let created = accounts::create_account(
            conn,
            settings,
            sealer,
            &NewAccount {
                user_type: person.user_type,
                first_name: person.name.0.into(),
                last_name: person.name.1.into(),
                email: person.email.into(),
                memberships: person
                    .orgs
                    .iter()
                    .map(|(c, r)| ((*c).to_owned(), *r))
                    .collect(),
                password_hash: hash,
                username: person.username.map(str::to_owned),
                language: None,
            },
            None,
            now,
        )?;
        if person.aua_signed {
            let organization = person
                .orgs
                .first()
                .map(|(code, _)| db::organizations::find_by_code(conn, code))
                .transpose()?
                .flatten();
            super::aua::record_signature(
                conn,
                settings,
                &created.user_id,
                organization.as_ref().map(|o| o.id.as_str()),
                now,
            )?;
        }
        logins.push(DemoLogin {
            description: person.description,
            org_code: person.orgs.first().map(|(c, _)| *c),
            username: created.username,
            password,
        });
    }
    Ok(Some(logins))
}

/// The demo logins as text, for the terminal and `<data_dir>/demo-credentials.txt`.
pub fn format_logins(logins: &[DemoLogin]) -> String {
    let mut out = String::from("Demo logins (shown once; also saved to the data folder):\n");
    // In production central office signs in with the agency directory
    // (docs/directory.md); the demo has none, so theirs are portal passwords.
    out.push_str(
        "  (HHS/DSHS accounts below keep a portal password: the demo has no agency directory.)\n",
    );
    for login in logins {
        out.push_str(&format!(
            "  - {}\n      org code: {}  username: {}  password: {}\n",
            login.description,
            login.org_code.unwrap_or("—"),
            login.username,
            login
                .password
                .as_ref()
                .map(|p| p.expose_secret().to_owned())
                .unwrap_or_else(|| "(set on activation)".into())
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_logins_say_central_office_keeps_a_portal_password_in_the_demo() {
        let printed = format_logins(&[DemoLogin {
            description: "Central office user",
            org_code: Some("DSHS01"),
            username: "jane.doe@dshs.texas.gov".into(),
            password: Some(SecretString::from("Demo-Pass-1")),
        }]);
        assert!(printed.contains("keep a portal password: the demo has no agency directory"));
        assert!(printed.contains("username: jane.doe@dshs.texas.gov  password: Demo-Pass-1"));
    }
}
