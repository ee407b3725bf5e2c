//! Central office through the agency directory (docs/directory.md), against
//! a real OpenLDAP server (`tests/directory/slapd.sh`: LDAPS with a CA made
//! for the run, the ppolicy overlay, groups). One directory serves the whole
//! test binary; each test that changes it uses people of its own.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use diesel::prelude::*;
use iam_shared::types::MembershipRole;
use serde_json::{json, Value};

use crate::helpers::{
    code_sent_to, create_member, create_org, free_port, post, spawn_with_clock, TestApp,
};

/// Every test person's directory password.
const DIRECTORY_PASSWORD: &str = "Directory-Pass-Cobalt-2026";
const SUFFIX: &str = "dc=hhs,dc=test";

struct TestDirectory {
    dir: PathBuf,
    ldap_port: u16,
    ldaps_port: u16,
}

/// The run's directory, started on first use.
fn directory() -> &'static TestDirectory {
    static DIRECTORY: OnceLock<TestDirectory> = OnceLock::new();
    DIRECTORY.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("iam-test-slapd-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("directory/slapd.sh");
        // Ports are chosen again if another process takes one first.
        let (ldap_port, ldaps_port) = (1..=3)
            .find_map(|_| {
                let ports = (free_port(), free_port());
                Command::new("bash")
                    .arg(&script)
                    .arg(&dir)
                    .arg(ports.0.to_string())
                    .arg(ports.1.to_string())
                    .arg(std::process::id().to_string())
                    .status()
                    .unwrap_or_else(|e| panic!("{}: {e}", script.display()))
                    .success()
                    .then_some(ports)
            })
            .expect("slapd did not start (make deps-apt installs it)");
        TestDirectory {
            dir,
            ldap_port,
            ldaps_port,
        }
    })
}

impl TestDirectory {
    /// Point `settings` at this directory over LDAPS, with the given
    /// group mapping.
    fn configure(&self, settings: &mut iam_api::config::Settings, group_roles: &str) {
        settings.ldap_url = format!("ldaps://127.0.0.1:{}", self.ldaps_port);
        settings.ldap_ca_file = self.dir.join("pki/ca.crt").display().to_string();
        settings.ldap_bind_dn = format!("cn=portal-service,{SUFFIX}");
        settings.ldap_bind_password = "service-secret-for-tests".to_owned().into();
        settings.ldap_base_dn = format!("ou=people,{SUFFIX}");
        settings.ldap_group_base_dn = format!("ou=groups,{SUFFIX}");
        settings.ldap_group_roles = group_roles.to_owned();
    }

    /// Change the directory as its administrator would (LDIF).
    fn modify(&self, ldif: &str) {
        use std::io::Write as _;
        let mut child = Command::new("ldapmodify")
            .args(["-x", "-H", &format!("ldap://127.0.0.1:{}", self.ldap_port)])
            .args([
                "-D",
                &format!("cn=admin,{SUFFIX}"),
                "-w",
                "admin-secret-for-tests",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("ldapmodify: {e}"));
        if let Some(stdin) = child.stdin.as_mut() {
            stdin
                .write_all(ldif.as_bytes())
                .unwrap_or_else(|e| panic!("ldapmodify: {e}"));
        }
        let status = child.wait().unwrap_or_else(|e| panic!("ldapmodify: {e}"));
        assert!(status.success(), "ldapmodify refused:\n{ldif}");
    }
}

const ROLES: &str = "cn=iam-support,ou=groups,dc=hhs,dc=test=CO0001:support;cn=iam-users,ou=groups,dc=hhs,dc=test=CO0001:user";

/// A server on the test directory, with central office's organization.
async fn spawn() -> (TestApp, crate::helpers::TestDatabase) {
    let directory = directory();
    let (app, db, _) = spawn_with_clock(|s| directory.configure(s, ROLES)).await;
    create_org(&app, "CO0001");
    (app, db)
}

/// The account with this username, as stored.
fn stored(app: &TestApp, username: &str) -> Option<iam_api::db::models::UserRow> {
    app.with_conn(|conn| {
        iam_api::db::users::find_by_username(conn, username)
            .ok()
            .flatten()
    })
}

fn roles_of(app: &TestApp, user_id: &str) -> Vec<(String, MembershipRole)> {
    app.with_conn(|conn| {
        iam_api::db::organizations::find_memberships_of_user(conn, user_id)
            .unwrap_or_default()
            .into_iter()
            .map(|(org, membership)| (org.org_code, membership.role))
            .collect()
    })
}

/// The IAMOnline door up to the Confidentiality Statement with the
/// directory's password and the e-mail code.
async fn sign_in_to_statement(app: &TestApp, email: &str) -> String {
    let tx = app.start_signin(email, false).await;
    let (status, body, _) = app.signin_password(&tx, DIRECTORY_PASSWORD).await;
    assert_eq!(
        (status, body["next_step"].as_str()),
        (200, Some("email_code")),
        "{body}"
    );
    let (status, _, _) = app.send_signin_code(&tx).await;
    assert_eq!(status, 200);
    let code = code_sent_to(app, email);
    let (status, body, _) = app.verify_signin_code(&tx, &code).await;
    assert_eq!(
        (status, body["next_step"].as_str()),
        (200, Some("confidentiality")),
        "{body}"
    );
    tx
}

#[tokio::test]
async fn a_first_directory_sign_in_creates_the_account_from_the_directory_and_keeps_no_password() {
    let (app, _db) = spawn().await;
    let email = "jordan.lee@dshs.texas.gov";
    assert!(stored(&app, email).is_none());

    // A wrong password first: the ladder's answer, as for anyone.
    let tx = app.start_signin(email, false).await;
    let (status, body, _) = app.signin_password(&tx, "Not-The-Directory-Pass-1").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("invalid_credentials")),
        "{body}"
    );
    assert!(body["attempts_remaining"].is_u64(), "{body}");
    assert!(
        stored(&app, email).is_none(),
        "nothing is created on a refusal"
    );

    let tx = sign_in_to_statement(&app, email).await;
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200, "{done}");
    let user = stored(&app, email).unwrap_or_else(|| panic!("the account was created"));
    assert_eq!(
        (
            user.first_name.as_str(),
            user.last_name.as_str(),
            user.phone.as_deref()
        ),
        ("Jordan", "Lee", Some("+1 512 555 0142"))
    );
    assert_eq!(
        user.directory_dn.as_deref(),
        Some("uid=jordan.lee,ou=people,dc=hhs,dc=test")
    );
    assert!(user.directory_synced_at.is_some());
    assert!(user.password_hash.is_none(), "the portal keeps no password");
    assert!(user.email_verified_at.is_some());
    // Both groups map to CO0001: the stronger role wins.
    assert_eq!(
        roles_of(&app, &user.id),
        [("CO0001".to_owned(), MembershipRole::Support)]
    );
    assert_eq!(app.audit_events("directory_account_created").len(), 1);
    // Support sees a directory account, in the list and in the detail.
    let (support, _) = app.signed_in_as("CO0001", MembershipRole::Support).await;
    let get = |path: String| {
        let (app, support) = (&app, &support);
        async move { crate::helpers::send(app, reqwest::Method::GET, &path, Some(support), None).await }
    };
    let (status, found) = get("/api/v1/admin/users?q=jordan.lee".to_owned()).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["users"][0]["directory_account"], true, "{found}");
    let (_, detail) = get(format!("/api/v1/admin/users/{}", user.id)).await;
    assert_eq!(detail["user"]["directory_account"], true, "{detail}");
    assert!(detail["directory_synced_at"].is_string(), "{detail}");
    // The password is in no stored row of any table the sign-in wrote.
    let dump = app.with_conn(|conn| {
        use iam_api::db::schema::audit_events;
        audit_events::table
            .select(audit_events::detail)
            .load::<String>(conn)
            .unwrap_or_default()
            .join("\n")
    });
    assert!(!dump.contains(DIRECTORY_PASSWORD));
    app.stop().await;
}

#[tokio::test]
async fn simultaneous_first_sign_ins_of_one_person_make_one_account() {
    let (app, _db) = spawn().await;
    // Two at a time: more would meet the ladder's CAPTCHA, which counts
    // attempts in flight as if they failed.
    let people = [
        "riley.park@hhs.texas.gov",
        "avery.guess@dshs.texas.gov",
        "blake.browser@dshs.texas.gov",
    ];
    for email in people {
        let (first, second) = (
            app.start_signin(email, false).await,
            app.start_signin(email, false).await,
        );
        let (a, b) = tokio::join!(
            app.signin_password(&first, DIRECTORY_PASSWORD),
            app.signin_password(&second, DIRECTORY_PASSWORD)
        );
        for (status, body, _) in [a, b] {
            assert_eq!(status, 200, "{email}: {body}");
        }
        let user = stored(&app, email).unwrap_or_else(|| panic!("{email} has an account"));
        assert!(user.directory_dn.is_some());
    }
    assert_eq!(
        app.audit_events("directory_account_created").len(),
        people.len()
    );
    app.stop().await;
}

#[tokio::test]
async fn the_immtrac2_door_takes_the_directory_password_and_the_org_code_its_groups_grant() {
    let (app, _db) = spawn().await;
    let email = "riley.park@hhs.texas.gov";
    let (status, body) = app.login("CO0001", email, DIRECTORY_PASSWORD, None).await;
    assert_eq!(status, 200, "{body}");
    let user = stored(&app, email).unwrap_or_else(|| panic!("created at the ImmTrac2 door"));
    assert_eq!(
        roles_of(&app, &user.id),
        [("CO0001".to_owned(), MembershipRole::User)]
    );
    // An org code the groups do not grant is a failed attempt.
    create_org(&app, "ZZ9999");
    let (status, body) = app.login("ZZ9999", email, DIRECTORY_PASSWORD, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("invalid_credentials")),
        "{body}"
    );
    app.stop().await;
}

#[tokio::test]
async fn each_directory_state_has_its_own_answer_and_an_unknown_name_learns_nothing() {
    let (app, _db) = spawn().await;
    let attempt = |email: &'static str, password: &'static str| {
        let app = &app;
        async move {
            let tx = app.start_signin(email, false).await;
            let (status, body, _) = app.signin_password(&tx, password).await;
            (status, body)
        }
    };
    for (email, code, event) in [
        (
            "casey.expired@dshs.texas.gov",
            "directory_password_expired",
            "directory_password_expired",
        ),
        (
            "drew.reset@dshs.texas.gov",
            "directory_password_change_required",
            "directory_password_must_change",
        ),
    ] {
        let (status, body) = attempt(email, DIRECTORY_PASSWORD).await;
        assert_eq!((status, body["code"].as_str()), (403, Some(code)), "{body}");
        assert!(
            body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("Forgot Password? (HHS/DSHS Emails Only)")),
            "{body}"
        );
        assert_eq!(app.audit_events(event).len(), 1, "{event}");
        assert!(stored(&app, email).is_none(), "no account for {email}");
        // With a wrong password the directory says nothing of the state.
        let (status, body) = attempt(email, "Wrong-Directory-Pass-9").await;
        assert_eq!(
            (status, body["code"].as_str()),
            (401, Some("invalid_credentials"))
        );
    }
    // Locked in the directory: a stranger's browser hears only "incorrect",
    // the same words as for a name the directory does not know.
    let (status, locked) = attempt("morgan.locked@dshs.texas.gov", DIRECTORY_PASSWORD).await;
    let (_, unknown) = attempt("nobody.here@dshs.texas.gov", DIRECTORY_PASSWORD).await;
    assert_eq!(status, 401, "{locked}");
    assert_eq!(
        (&locked["code"], &locked["detail"]),
        (&unknown["code"], &unknown["detail"]),
        "{locked} vs {unknown}"
    );
    assert_eq!(app.audit_events("directory_account_locked").len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn filter_syntax_in_the_username_matches_nobody_and_breaks_nothing() {
    let (app, _db) = spawn().await;
    for typed in [
        "*@dshs.texas.gov",
        "j*@dshs.texas.gov",
        "jordan.lee@dshs.texas.gov)(mail=*",
        "*)(uid=*))(|(uid=*@dshs.texas.gov",
        "jordan.lee@dshs.texas.gov\u{0}",
        "(jordan.lee@dshs.texas.gov)",
        "jordan.lee\\2a@dshs.texas.gov",
    ] {
        let (status, body, _) = post(
            &app,
            "/api/v1/signin",
            &json!({"username": typed, "keep_signed_in": false}),
        )
        .await;
        if status != 200 {
            // Refused as a username before the directory is asked.
            assert_eq!(status, 422, "{typed:?}: {body}");
            continue;
        }
        let tx = body["transaction_id"].as_str().unwrap_or_default();
        let (status, body, _) = app.signin_password(tx, DIRECTORY_PASSWORD).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (401, Some("invalid_credentials")),
            "{typed:?}: {body}"
        );
    }
    let accounts = app.with_conn(|conn| {
        use iam_api::db::schema::users;
        users::table
            .filter(users::directory_dn.is_not_null())
            .count()
            .get_result::<i64>(conn)
            .unwrap_or(-1)
    });
    assert_eq!(accounts, 0, "nobody was matched");
    app.stop().await;
}

#[tokio::test]
async fn directory_groups_grant_and_withdraw_roles_at_each_sign_in() {
    let (app, _db) = spawn().await;
    let email = "taylor.moves@dshs.texas.gov";
    let tx = sign_in_to_statement(&app, email).await;
    assert_eq!(app.agree(&tx).await.0, 200);
    let user = stored(&app, email).unwrap_or_else(|| panic!("created"));
    assert_eq!(
        roles_of(&app, &user.id),
        [("CO0001".to_owned(), MembershipRole::Support)]
    );
    directory().modify(&format!(
        "dn: cn=iam-support,ou=groups,{SUFFIX}\nchangetype: modify\ndelete: member\nmember: uid=taylor.moves,ou=people,{SUFFIX}\n"
    ));
    let tx = sign_in_to_statement(&app, email).await;
    assert_eq!(app.agree(&tx).await.0, 200);
    assert_eq!(
        roles_of(&app, &user.id),
        [("CO0001".to_owned(), MembershipRole::User)]
    );
    let synced = app.audit_events("directory_roles_synced");
    assert_eq!(synced.len(), 2, "{synced:?}");
    app.stop().await;
}

#[tokio::test]
async fn the_ladder_counts_directory_failures_and_locks_without_a_reset_link() {
    let (app, _db) = spawn().await;
    let email = "avery.guess@dshs.texas.gov";
    // Signed in once from this browser: its failures walk the seed's ladder.
    crate::helpers::sign_in_from_familiar_browser(&app, email, email, DIRECTORY_PASSWORD).await;
    let mut answers = Vec::new();
    for attempt in 1..=6 {
        let captcha = if attempt > 3 {
            Some(app.solved_captcha().await)
        } else {
            None
        };
        let (status, body) = app
            .login("CO0001", email, "Wrong-Directory-Pass-9", captcha)
            .await;
        answers.push((status, body["code"].as_str().unwrap_or_default().to_owned()));
    }
    assert_eq!(
        answers[0],
        (401, "invalid_credentials".to_owned()),
        "{answers:?}"
    );
    assert_eq!(
        answers[5],
        (403, "account_locked".to_owned()),
        "{answers:?}"
    );
    // Locked by the portal: even the right password waits for support.
    let (status, _) = app.login("CO0001", email, DIRECTORY_PASSWORD, None).await;
    assert_eq!(status, 403);
    let mail = app.newest_mail_to(email, "account_locked");
    assert!(mail.text.contains("IT Help Desk"), "{}", mail.text);
    assert!(
        !mail.text.contains("Reset Password"),
        "no reset link: {}",
        mail.text
    );
    app.stop().await;
}

#[tokio::test]
async fn a_directory_that_does_not_answer_stops_central_office_only() {
    let closed = free_port();
    let (app, _db, _) = spawn_with_clock(|s| {
        directory().configure(s, ROLES);
        s.ldap_url = format!("ldaps://127.0.0.1:{closed}");
        s.ldap_connect_timeout_ms = 500;
    })
    .await;
    create_org(&app, "EXT001");
    let started = std::time::Instant::now();
    let tx = app.start_signin("jordan.lee@dshs.texas.gov", false).await;
    let (status, body, _) = app.signin_password(&tx, DIRECTORY_PASSWORD).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (503, Some("directory_unavailable")),
        "{body}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // The attempt was given back: nothing counted.
    let again: Value = app.signin_password(&tx, DIRECTORY_PASSWORD).await.1;
    assert_eq!(again["code"], "directory_unavailable", "{again}");
    // An external user signs in as usual.
    let email = crate::helpers::unique_email("external");
    let member = create_member(
        &app,
        &email,
        crate::helpers::PASSWORD,
        "EXT001",
        MembershipRole::User,
    );
    crate::helpers::sign_in(&app, &member.username, &email).await;
    app.stop().await;
}

#[tokio::test]
async fn a_person_removed_from_the_directory_loses_the_sessions_at_the_next_refresh() {
    let (app, _db) = spawn().await;
    let email = "quinn.leaves@dshs.texas.gov";
    let tx = sign_in_to_statement(&app, email).await;
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200, "{done}");
    let refresh = |token: String| {
        let app = &app;
        async move {
            let (status, body, _) = post(
                app,
                "/api/v1/session/refresh",
                &json!({"refresh_token": token}),
            )
            .await;
            (status, body)
        }
    };
    // Still in the directory: the refresh works (and re-reads it).
    let (status, tokens) = refresh(
        done["refresh_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
    .await;
    assert_eq!(status, 200, "{tokens}");

    directory().modify(&format!(
        "dn: cn=iam-users,ou=groups,{SUFFIX}\nchangetype: modify\ndelete: member\nmember: uid=quinn.leaves,ou=people,{SUFFIX}\n\ndn: uid=quinn.leaves,ou=people,{SUFFIX}\nchangetype: delete\n"
    ));
    let (status, body) = refresh(
        tokens["refresh_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("unauthenticated")),
        "{body}"
    );
    assert_eq!(app.audit_events("directory_account_gone").len(), 1);
    // Nor can they sign in again.
    let tx = app.start_signin(email, false).await;
    let (status, _, _) = app.signin_password(&tx, DIRECTORY_PASSWORD).await;
    assert_eq!(status, 401);
    app.stop().await;
}

#[tokio::test]
async fn a_directory_account_changes_its_password_in_the_directory_not_here() {
    let (app, _db) = spawn().await;
    let email = "blake.browser@dshs.texas.gov";
    let tx = sign_in_to_statement(&app, email).await;
    let (_, done, _) = app.agree(&tx).await;
    let token = done["access_token"].as_str().unwrap_or_default();
    let response = app
        .client
        .post(format!("{}/api/v1/password/change", app.address))
        .bearer_auth(token)
        .json(&json!({
            "current_password": DIRECTORY_PASSWORD,
            "new_password": "A-New-Portal-Password-2026",
            "confirm_password": "A-New-Portal-Password-2026",
        }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or_default();
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("directory_account")),
        "{body}"
    );
    assert!(stored(&app, email).is_some_and(|user| user.password_hash.is_none()));
    app.stop().await;
}

#[tokio::test]
async fn an_unlinked_account_with_the_same_address_is_never_taken_over() {
    let (app, _db) = spawn().await;
    // A central-office account kept by the portal (before the directory, or
    // an address since given to someone else).
    let email = "jordan.lee@dshs.texas.gov";
    let local = "Local-Portal-Pass-Amber-44";
    let user_id = portal_account(
        &app,
        email,
        iam_shared::types::UserType::CentralOffice,
        MembershipRole::Admin,
        local,
    );
    // The directory's password does not open it...
    let tx = app.start_signin(email, false).await;
    let (status, body, _) = app.signin_password(&tx, DIRECTORY_PASSWORD).await;
    assert_eq!(status, 401, "{body}");
    let user = stored(&app, email).unwrap_or_else(|| panic!("still there"));
    assert!(user.directory_dn.is_none() && user.password_hash.is_some());
    assert_eq!(user.first_name, "Earlier");
    // ...its own password still does, until support links it.
    let (status, body, _) = app.signin_password(&tx, local).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        roles_of(&app, &user_id),
        [("CO0001".to_owned(), MembershipRole::Admin)]
    );
    app.stop().await;
}

#[tokio::test]
async fn support_links_a_portal_account_to_the_directory_and_its_portal_password_goes() {
    use iam_shared::types::UserType;
    let (app, _db) = spawn().await;
    let local = "Local-Portal-Pass-Amber-44";
    let account = |email: &str, user_type: UserType| {
        portal_account(&app, email, user_type, MembershipRole::User, local)
    };
    let email = "blake.browser@dshs.texas.gov";
    let user_id = account(email, UserType::CentralOffice);
    // Whoever holds the portal account now is signed in with its password.
    let earlier = crate::helpers::sign_in_with(&app, email, email, local).await;
    let (support, _) = app.signed_in_as("CO0001", MembershipRole::Support).await;
    let call = |method: reqwest::Method, path: String| {
        let (app, support) = (&app, &support);
        async move { crate::helpers::send(app, method, &path, Some(support), None).await }
    };
    let link = |id: String| {
        call(
            reqwest::Method::POST,
            format!("/api/v1/admin/users/{id}/link-directory"),
        )
    };

    let (_, detail) = call(
        reqwest::Method::GET,
        format!("/api/v1/admin/users/{user_id}"),
    )
    .await;
    assert_eq!(detail["directory_link_available"], true, "{detail}");
    let (status, linked) = link(user_id.clone()).await;
    assert_eq!(status, 200, "{linked}");
    assert_eq!(linked["user"]["directory_account"], true, "{linked}");
    assert_eq!(linked["directory_link_available"], false, "{linked}");
    // The directory's names, and no portal password.
    assert_eq!(linked["user"]["first_name"], "Blake", "{linked}");
    let stored = stored(&app, email).unwrap_or_else(|| panic!("still there"));
    assert_eq!(
        stored.directory_dn.as_deref(),
        Some("uid=blake.browser,ou=people,dc=hhs,dc=test")
    );
    assert!(stored.password_hash.is_none());
    let audited = app.audit_events("admin_directory_linked");
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].0.as_deref(), Some(user_id.as_str()));
    assert_eq!(audited[0].1["sessions_revoked"], 1, "{:?}", audited[0]);
    // What signed in as the account before the link is over.
    let (status, _) = call(reqwest::Method::GET, "/api/v1/session".to_owned()).await;
    assert_eq!(status, 200, "support's own session is untouched");
    let (status, _) = crate::helpers::send(
        &app,
        reqwest::Method::GET,
        "/api/v1/session",
        earlier["access_token"].as_str(),
        None,
    )
    .await;
    assert_eq!(status, 401);
    // Once is enough.
    let (status, again) = link(user_id.clone()).await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("conflict")),
        "{again}"
    );

    // The portal's password no longer opens it; the network password does.
    let tx = app.start_signin(email, false).await;
    let (status, body, _) = app.signin_password(&tx, local).await;
    assert_eq!(status, 401, "{body}");
    let (status, body, _) = app.signin_password(&tx, DIRECTORY_PASSWORD).await;
    assert_eq!(status, 200, "{body}");

    // Nothing to link to: an address the directory does not have, and an
    // external account.
    let stranger = account("nobody.here@dshs.texas.gov", UserType::CentralOffice);
    let (status, body) = link(stranger).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("conflict")),
        "{body}"
    );
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("no usable entry")),
        "{body}"
    );
    let external = account(&crate::helpers::unique_email("clinic"), UserType::External);
    let (_, detail) = call(
        reqwest::Method::GET,
        format!("/api/v1/admin/users/{external}"),
    )
    .await;
    assert_eq!(detail["directory_link_available"], false, "{detail}");
    let (status, body) = link(external).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("conflict")),
        "{body}"
    );

    // An entry whose groups make support staff: support cannot link it (it
    // would make staff), an administrator can; nobody links their own.
    let jordan = account("jordan.lee@dshs.texas.gov", UserType::CentralOffice);
    let (status, body) = link(jordan.clone()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("forbidden")),
        "{body}"
    );
    let (admin, admin_id) = app.signed_in_as("CO0001", MembershipRole::Admin).await;
    let as_admin = |id: &str| {
        let (app, admin) = (&app, &admin);
        let path = format!("/api/v1/admin/users/{id}/link-directory");
        async move { crate::helpers::send(app, reqwest::Method::POST, &path, Some(admin), None).await }
    };
    let (status, body) = as_admin(&admin_id).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("conflict")),
        "{body}"
    );
    let (status, body) = as_admin(&jordan).await;
    assert_eq!(status, 200, "{body}");
    app.stop().await;
}

#[tokio::test]
async fn without_a_directory_nothing_can_be_linked() {
    let (app, _db, _) = spawn_with_clock(|_| {}).await;
    create_org(&app, "CO0002");
    let (support, _) = app.signed_in_as("CO0002", MembershipRole::Support).await;
    let (_, someone) = app.signed_in_as("CO0002", MembershipRole::User).await;
    let (status, body) = crate::helpers::send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/admin/users/{someone}/link-directory"),
        Some(&support),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("conflict")),
        "{body}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_long_directory_outage_holds_refreshes_until_the_directory_answers() {
    let (app, db) = spawn().await;
    let email = "riley.park@hhs.texas.gov";
    let tx = sign_in_to_statement(&app, email).await;
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200, "{done}");
    // A second instance on the same database whose directory does not answer.
    let closed = free_port();
    let mut settings = crate::helpers::test_settings(&db, free_port());
    directory().configure(&mut settings, ROLES);
    settings.ldap_url = format!("ldaps://127.0.0.1:{closed}");
    settings.ldap_connect_timeout_ms = 500;
    settings.ldap_max_unchecked_secs = 60;
    let clock = std::sync::Arc::new(iam_api::clock::OffsetClock::default());
    let cut_off = TestApp::start_with_clock(settings, clock.clone()).await;
    // Checked a moment ago: the outage does not sign anyone out.
    let (status, tokens) = refresh(&cut_off, done["refresh_token"].clone()).await;
    assert_eq!(status, 200, "{tokens}");
    // Unchecked for longer than allowed: the refresh waits for the directory.
    clock.advance(chrono::Duration::seconds(120));
    let (status, body) = refresh(&cut_off, tokens["refresh_token"].clone()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (503, Some("directory_unavailable")),
        "{body}"
    );
    // The session was kept: once the directory answers, it goes on.
    let (status, body) = refresh(&app, tokens["refresh_token"].clone()).await;
    assert_eq!(status, 200, "{body}");
    cut_off.stop().await;
    app.stop().await;
}

async fn refresh(app: &TestApp, token: Value) -> (u16, Value) {
    let token = token.as_str().unwrap_or_default().to_owned();
    let (status, body, _) = post(
        app,
        "/api/v1/session/refresh",
        &json!({"refresh_token": token}),
    )
    .await;
    (status, body)
}

#[tokio::test]
async fn a_passkey_does_not_outlive_the_persons_place_in_the_directory() {
    use crate::passkeys::{SoftPasskey, ORIGIN};
    let (app, _db, _) = spawn_with_clock(|s| {
        directory().configure(s, ROLES);
        s.public_url = ORIGIN.into();
    })
    .await;
    create_org(&app, "CO0001");
    let email = "parker.keys@dshs.texas.gov";
    let tx = sign_in_to_statement(&app, email).await;
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200, "{done}");
    let token = done["access_token"].as_str().unwrap_or_default().to_owned();
    let (status, ceremony) = crate::helpers::send(
        &app,
        reqwest::Method::POST,
        "/api/v1/authenticators/passkey",
        Some(&token),
        Some(&json!({})),
    )
    .await;
    assert_eq!(status, 201, "{ceremony}");
    let (mut passkey, credential) = SoftPasskey::create(&ceremony["options"]);
    let confirm = format!(
        "/api/v1/authenticators/passkey/{}/confirm",
        ceremony["id"].as_str().unwrap_or_default()
    );
    let (status, view) = crate::helpers::send(
        &app,
        reqwest::Method::POST,
        &confirm,
        Some(&token),
        Some(&json!({"name": "Work laptop", "credential": credential})),
    )
    .await;
    assert_eq!(status, 201, "{view}");
    // In the directory: the passkey alone signs in.
    passkey.counter = 1;
    let (status, body) = passwordless(&app, &passkey).await;
    assert_eq!(
        (status, body["next_step"].as_str()),
        (200, Some("confidentiality")),
        "{body}"
    );
    // Locked in the directory: the passkey no longer does.
    directory().modify(&format!(
        "dn: uid=parker.keys,ou=people,{SUFFIX}\nchangetype: modify\nadd: pwdAccountLockedTime\npwdAccountLockedTime: 000001010000Z\n"
    ));
    passkey.counter = 2;
    let (status, body) = passwordless(&app, &passkey).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("directory_account_disabled")),
        "{body}"
    );
    assert_eq!(app.audit_events("directory_account_gone").len(), 1);
    app.stop().await;
}

/// A username-less sign-in with `passkey`: its answer.
async fn passwordless(app: &TestApp, passkey: &crate::passkeys::SoftPasskey) -> (u16, Value) {
    let (_, ceremony, _) = post(app, "/api/v1/signin/passkey/options", &json!({})).await;
    let answer = passkey.get(&ceremony["options"], crate::passkeys::ORIGIN);
    let request =
        json!({"ceremony_id": ceremony["id"], "credential": answer, "keep_signed_in": false});
    let (status, body, _) = post(app, "/api/v1/signin/passkey/verify", &request).await;
    (status, body)
}

/// An account the portal keeps the password of, in CO0001 with `role`: its id.
fn portal_account(
    app: &TestApp,
    email: &str,
    user_type: iam_shared::types::UserType,
    role: MembershipRole,
    password: &str,
) -> String {
    use iam_api::services::accounts::{create_account, NewAccount};
    app.with_conn(|conn| {
        create_account(
            conn,
            &iam_api::config::Settings::default(),
            &app.sealer,
            &NewAccount {
                user_type,
                first_name: "Earlier".into(),
                last_name: "Holder".into(),
                email: email.into(),
                memberships: vec![("CO0001".to_owned(), role)],
                password_hash: Some(crate::helpers::password_hash(password)),
                username: None,
                language: None,
            },
            None,
            chrono::Utc::now(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .user_id
    })
}

#[tokio::test]
async fn an_entry_made_again_at_the_same_dn_does_not_inherit_the_account() {
    let (app, _db) = spawn().await;
    let email = "riley.park@hhs.texas.gov";
    let tx = sign_in_to_statement(&app, email).await;
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200, "{done}");
    let first = stored(&app, email).unwrap_or_else(|| panic!("the account was created"));
    // OpenLDAP's entryUUID, kept beside the DN.
    let entry_id = first.directory_entry_id.clone().unwrap_or_default();
    assert_eq!(
        (entry_id.len(), entry_id.matches('-').count()),
        (36, 4),
        "{entry_id}"
    );
    // The account was linked to an entry since deleted; the one at its DN
    // now is another (as when a DN is made again for a new colleague).
    app.with_conn(|conn| {
        use iam_api::db::schema::users;
        diesel::update(users::table.find(&first.id))
            .set(users::directory_entry_id.eq("3f1c0a9e-0000-4000-8000-deleted00000"))
            .execute(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    });
    // Its sessions end at the next refresh...
    let (status, body) = refresh(&app, done["refresh_token"].clone()).await;
    assert_eq!(status, 401, "{body}");
    // ...and a sign-in at that DN does not get the account: it lets go of
    // the DN and is disabled. The address is still its username, so the new
    // person is sent to support.
    let tx = app.start_signin(email, false).await;
    let (status, body, _) = app.signin_password(&tx, DIRECTORY_PASSWORD).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("conflict")),
        "{body}"
    );
    let retired = stored(&app, email).unwrap_or_else(|| panic!("still there"));
    assert_eq!(retired.id, first.id);
    assert!(retired.directory_dn.is_none());
    assert_eq!(retired.status, iam_shared::types::AccountStatus::Disabled);
    assert_eq!(app.audit_events("directory_entry_replaced").len(), 1);
    assert_eq!(app.audit_events("directory_link_required").len(), 1);
    app.stop().await;
}
