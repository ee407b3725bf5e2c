//! The settings' defaults, sources and checks.

use super::*;

#[test]
fn defaults_are_valid_and_secure() {
    let mut settings = Settings {
        mail_transport: MailTransportKind::Smtp,
        ..Settings::default()
    };
    assert!(settings.validate().is_ok());
    assert!(!settings.dev_mode, "dev mode is off by default");
    assert!(
        settings.mfa_required,
        "the e-mail code step is on by default"
    );
    settings.mail_transport = MailTransportKind::File;
    assert!(
        settings.validate().is_err(),
        "file mail outside dev mode is refused"
    );
}

#[test]
fn database_urls_need_a_scheme() {
    let settings = Settings {
        database_url: SecretString::from("data/iam.db"),
        ..Settings::default()
    };
    assert!(settings.backend().is_err());
    let pg = Settings {
        database_url: SecretString::from("postgres://u:p@h/db"),
        ..Settings::default()
    };
    assert_eq!(pg.backend().ok(), Some(Backend::Postgres));
}

#[test]
fn ladder_thresholds_must_be_ordered() {
    let settings = Settings {
        recall_after_failures: 6,
        lock_after_failures: 3,
        ..Settings::default()
    };
    assert!(settings.validate().is_err());
}

#[test]
fn languages_need_english_once_each() {
    use iam_shared::i18n::Lang;
    for (languages, valid) in [
        (vec![Lang::En, Lang::Es], true),
        (vec![Lang::Es, Lang::En], true),
        (vec![Lang::Es], false),
        (vec![Lang::En, Lang::Es, Lang::En], false),
    ] {
        let settings = Settings {
            languages: languages.clone(),
            ..Settings::default()
        };
        assert_eq!(settings.validate().is_ok(), valid, "{languages:?}");
    }
}

#[test]
fn zero_lifetimes_are_refused() {
    let settings = Settings {
        email_code_ttl_secs: 0,
        ..Settings::default()
    };
    assert!(settings.validate().is_err());
}

#[test]
fn the_example_file_uses_only_known_keys_and_shows_the_defaults() {
    let example = include_str!("../../../config.example.toml");
    let parsed: Result<Settings, _> = Figment::new().merge(Toml::string(example)).extract();
    let parsed = parsed.unwrap_or_else(|e| panic!("config.example.toml: {e}"));
    let defaults = Settings::default();
    assert_eq!(parsed.bind, defaults.bind);
    assert_eq!(
        parsed.database_url.expose_secret(),
        defaults.database_url.expose_secret()
    );
    assert_eq!(parsed.lock_after_failures, defaults.lock_after_failures);
    assert_eq!(parsed.argon2_memory_kib, defaults.argon2_memory_kib);
    assert_eq!(parsed.activation_ttl_secs, defaults.activation_ttl_secs);
    assert_eq!(
        parsed.internal_email_domains,
        defaults.internal_email_domains
    );
    assert_eq!(parsed.mail_from, defaults.mail_from);
}

#[test]
fn settings_keys_lists_every_field_and_the_readme_documents_each() {
    let probe: Result<Settings, _> = Figment::new()
        .merge(Toml::string("__probe__ = 1"))
        .extract();
    let message = probe.err().map(|e| e.to_string()).unwrap_or_default();
    // figment: "unknown field: found `__probe__`, expected `one of `a`, `b``"
    let expected = message.split("one of ").nth(1).unwrap_or_default();
    let expected = expected.split(" for key").next().unwrap_or_default();
    let fields: Vec<&str> = expected
        .split(", ")
        .map(|f| f.trim_matches(|c| c == '`' || c == ' '))
        .collect();
    assert_eq!(
        fields, SETTINGS_KEYS,
        "SETTINGS_KEYS must list every field of Settings, in order"
    );
    let readme = include_str!("../../../README.md");
    for key in SETTINGS_KEYS {
        let var = if *key == "database_url" {
            "DATABASE_URL".to_owned()
        } else {
            format!("IAM_{}", key.to_uppercase())
        };
        let prefix = var
            .rsplit_once('_')
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        assert!(
            readme.contains(&format!("`{var}`")) || readme.contains(&format!("`{prefix}_")),
            "README configuration table is missing {var}"
        );
    }
}

#[test]
#[expect(
    clippy::result_large_err,
    reason = "figment's Jail API fixes the closure's error type"
)]
fn environment_variables_override_defaults_and_unrelated_iam_variables_are_ignored() {
    figment::Jail::expect_with(|jail| {
        jail.set_env("IAM_BIND", "127.0.0.1:9999");
        jail.set_env("IAM_LOCK_AFTER_FAILURES", "8");
        jail.set_env("IAM_TEST_DB", "postgres");
        jail.set_env("DATABASE_URL", "postgres://u:p@localhost/iam");
        let settings = Settings::load().map_err(|e| e.to_string())?;
        assert_eq!(settings.bind, "127.0.0.1:9999");
        assert_eq!(settings.lock_after_failures, 8);
        assert_eq!(settings.backend().ok(), Some(Backend::Postgres));
        Ok(())
    });
}

#[test]
fn backends_on_another_host_need_verified_tls() {
    let smtp_ok = "smtp://127.0.0.1:25";
    let db_ok = "sqlite://data/iam.db";
    for local in [
        "postgres://iam:iam@127.0.0.1:5432/iam",
        "postgres://iam@localhost/iam",
        "postgresql://iam@[::1]:5432/iam",
        "postgres:///iam?host=/var/run/postgresql",
        "postgres://db.internal/iam?sslmode=verify-full&sslrootcert=/etc/ca.pem",
        "postgres://10.0.0.5/iam?sslrootcert=/etc/ca.pem&sslmode=verify-ca",
    ] {
        assert_eq!(plaintext_backend(local, smtp_ok), None, "{local}");
    }
    for remote in [
        "postgres://iam:secret@db.internal:5432/iam",
        "postgres://iam@10.0.0.5/iam?sslmode=require",
        "postgresql://iam@[2001:db8::5]/iam?sslmode=prefer",
    ] {
        assert!(plaintext_backend(remote, smtp_ok).is_some(), "{remote}");
    }
    for relay in [
        "smtps://u:p@relay.example:465",
        "smtp://relay.example:587?tls=required",
        "smtp://localhost:25",
    ] {
        assert_eq!(plaintext_backend(db_ok, relay), None, "{relay}");
    }
    for relay in [
        "smtp://relay.example:25",
        "smtp://u:p@10.0.0.9:587?tls=opportunistic",
    ] {
        assert!(plaintext_backend(db_ok, relay).is_some(), "{relay}");
    }
    let remote = Settings {
        smtp_url: SecretString::from("smtp://relay.example:25"),
        ..Settings::default()
    };
    assert!(remote.validate().is_err(), "refused at start");
    let vouched = Settings {
        allow_plaintext_backends: true,
        ..remote
    };
    assert!(vouched.validate().is_ok());
}
