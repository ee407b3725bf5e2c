//! Every e-mail the system sends, one function each. Links are built from
//! the configured public URL, never from the request (docs/product.md §10); secrets
//! travel in the URL fragment, which browsers never send to a server.

use iam_shared::Page;

use super::EmailMessage;
use crate::config::Settings;

/// Escape text for HTML element content and attribute values.
pub(crate) fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Wrap paragraphs (and an optional call-to-action link) in a minimal HTML body.
fn html(paragraphs: &[String], link: Option<(&str, &str)>) -> String {
    let mut body =
        String::from("<!doctype html><html><body style=\"font-family:Arial,sans-serif\">");
    for p in paragraphs {
        body.push_str(&format!("<p>{}</p>", escape_html(p)));
    }
    if let Some((label, href)) = link {
        body.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape_html(href),
            escape_html(label)
        ));
    }
    body.push_str("</body></html>");
    body
}

/// A message: its paragraphs as text and HTML, with the call-to-action
/// link (if any) after them in both.
fn message(
    to: &str,
    subject: String,
    paragraphs: &[String],
    link: Option<(&str, &str)>,
) -> EmailMessage {
    let mut text = paragraphs.join("\n\n");
    if let Some((label, href)) = link {
        text.push_str(&format!("\n\n{label}: {href}\n"));
    }
    EmailMessage {
        to: to.to_owned(),
        subject,
        html: Some(html(paragraphs, link)),
        text,
    }
}

fn support_line(settings: &Settings) -> String {
    format!(
        "If you did not initiate this request, please contact {}.",
        support_team(settings)
    )
}

/// "the ImmTrac2 Customer Support Team at <phone> or <e-mail>".
fn support_team(settings: &Settings) -> String {
    format!(
        "the {} Customer Support Team at {} or {}",
        settings.app_name, settings.customer_support_phone, settings.customer_support_email
    )
}

/// The address of one of the browser app's screens.
fn page_link(settings: &Settings, page: Page) -> String {
    format!("{}{}", settings.public_base(), page.path())
}

/// The SPA's reset page with the token in the fragment (never sent to a server).
fn reset_link(settings: &Settings, token: &str) -> String {
    format!("{}#token={token}", page_link(settings, Page::ResetPassword))
}

/// "Welcome to IAMOnline!" with the username and the activation link (docs/product.md §7).
/// "Hello Pat," — or just "Hello," where the name is not ours to repeat.
fn greeting(first_name: &str) -> String {
    match first_name.trim() {
        "" => "Hello,".to_owned(),
        name => format!("Hello {name},"),
    }
}

pub fn welcome(
    settings: &Settings,
    to: &str,
    first_name: &str,
    username: &str,
    token: &str,
    valid_days: u64,
) -> EmailMessage {
    let link = format!("{}#token={token}", page_link(settings, Page::Activate));
    let paragraphs = vec![
        greeting(first_name),
        format!("An {} account has been created for you.", settings.portal_name),
        format!("Username: {username}"),
        format!("Select Activate Account to verify your e-mail address and set up your password. This link will be available for {valid_days} days."),
    ];
    message(
        to,
        format!("Welcome to {}!", settings.portal_name),
        &paragraphs,
        Some(("Activate Account", &link)),
    )
}

/// The Forgot Username answer, listing every username on the address (docs/product.md §6).
pub fn username_reminder(settings: &Settings, to: &str, usernames: &[String]) -> EmailMessage {
    let sign_in = page_link(settings, Page::SignIn);
    let mut paragraphs = vec![format!(
        "You have recently requested to receive your {} username. Your username is listed below. Enter your username along with an assigned org code and password in order to log in to the system.",
        settings.app_name
    )];
    paragraphs.extend(usernames.iter().map(|u| format!("Username: {u}")));
    paragraphs.push(format!("Sign in at {sign_in}"));
    paragraphs.push(support_line(settings));
    message(
        to,
        format!("{} Username Request", settings.app_name),
        &paragraphs,
        None,
    )
}

/// "ImmTrac2 Password Reset", with the 24-hour link (docs/product.md §5).
pub fn immtrac2_reset_link(
    settings: &Settings,
    to: &str,
    token: &str,
    valid_hours: u64,
) -> EmailMessage {
    let link = reset_link(settings, token);
    let paragraphs = vec![
        format!(
            "A request has been submitted to change your {} password. Please follow the link below to reset your password. This link will be available for {valid_hours} hours.",
            settings.app_name
        ),
        support_line(settings),
    ];
    message(
        to,
        format!("{} Password Reset", settings.app_name),
        &paragraphs,
        Some(("Reset Password", &link)),
    )
}

/// "The IAMOnline password was changed for your account", with a one-time
/// Report Suspicious Activity link (docs/product.md §5).
pub fn password_changed(
    settings: &Settings,
    to: &str,
    first_name: &str,
    token: &str,
) -> EmailMessage {
    let link = format!(
        "{}#token={token}",
        page_link(settings, Page::ReportSuspicious)
    );
    let paragraphs = vec![
        format!("Hello {first_name},"),
        format!("The {} password was changed for your account.", settings.portal_name),
        "If you made this change, no action is needed.".to_owned(),
        "If you did not, select Report Suspicious Activity: we will sign you out everywhere and lock the account until the password is reset.".to_owned(),
        support_line(settings),
    ];
    message(
        to,
        format!("Your {} password was changed", settings.portal_name),
        &paragraphs,
        Some(("Report Suspicious Activity", &link)),
    )
}

/// "A security method was added to your account" (or removed), with a
/// one-time Report Suspicious Activity link (docs/authenticators.md).
pub fn security_method_changed(
    settings: &Settings,
    to: &str,
    first_name: &str,
    method: &str,
    added: bool,
    token: &str,
) -> EmailMessage {
    let link = format!(
        "{}#token={token}",
        page_link(settings, Page::ReportSuspicious)
    );
    let (subject, what) = if added {
        (
            "A security method was added to your account",
            format!("The security method \"{method}\" was added to your {} account. It can now be used to verify it's you when you sign in.", settings.portal_name),
        )
    } else {
        (
            "A security method was removed from your account",
            format!(
                "The security method \"{method}\" was removed from your {} account.",
                settings.portal_name
            ),
        )
    };
    let paragraphs = vec![
        format!("Hello {first_name},"),
        what,
        "If you made this change, no action is needed.".to_owned(),
        "If you did not, select Report Suspicious Activity: we will sign you out everywhere and lock the account until the password is reset.".to_owned(),
        support_line(settings),
    ];
    message(
        to,
        subject.to_owned(),
        &paragraphs,
        Some(("Report Suspicious Activity", &link)),
    )
}

/// The sign-in verification code (docs/product.md §3.2).
pub fn signin_code(
    settings: &Settings,
    to: &str,
    first_name: &str,
    code: &str,
    valid_minutes: u64,
) -> EmailMessage {
    let paragraphs = vec![
        format!("Hello {first_name},"),
        format!("Your {} verification code is: {code}", settings.portal_name),
        format!("The code expires in {valid_minutes} minutes and can be used once."),
        format!(
            "If you did not try to sign in, someone may know your password: change it, and contact {}.",
            support_team(settings)
        ),
    ];
    message(
        to,
        format!("Your {} verification code", settings.portal_name),
        &paragraphs,
        None,
    )
}

/// IAMOnline Forgot Password: a Reset Password link and the same-lived
/// 6-digit code, for whichever is handier (docs/product.md §5).
pub fn recovery_code(
    settings: &Settings,
    to: &str,
    first_name: &str,
    code: &str,
    token: &str,
    valid_minutes: u64,
) -> EmailMessage {
    let link = reset_link(settings, token);
    let paragraphs = vec![
        format!("Hello {first_name},"),
        format!(
            "A request was made to reset your {} password. Select Reset Password, or enter this code on the verification page: {code}",
            settings.portal_name
        ),
        format!("The link and the code expire in {valid_minutes} minutes and can be used once."),
        support_line(settings),
    ];
    message(
        to,
        format!("Reset your {} password", settings.portal_name),
        &paragraphs,
        Some(("Reset Password", &link)),
    )
}

/// The code that proves a new account's address during activation (docs/product.md §7).
pub fn activation_code(
    settings: &Settings,
    to: &str,
    first_name: &str,
    code: &str,
    valid_minutes: u64,
) -> EmailMessage {
    let paragraphs = vec![
        format!("Hello {first_name},"),
        format!(
            "Your {} verification code is: {code}",
            settings.portal_name
        ),
        format!("Enter it to continue activating your account. The code expires in {valid_minutes} minutes and can be used once."),
        support_line(settings),
    ];
    message(
        to,
        format!("Activate your {} account", settings.portal_name),
        &paragraphs,
        None,
    )
}

/// The account was locked by failed sign-ins: a reset link unlocks it
/// (docs/product.md §3.1, Okta's self-service unlock).
pub fn account_locked(
    settings: &Settings,
    to: &str,
    first_name: &str,
    token: &str,
    valid_hours: u64,
) -> EmailMessage {
    let link = reset_link(settings, token);
    let paragraphs = vec![
        format!("Hello {first_name},"),
        format!(
            "Your {} account was locked after several unsuccessful sign-in attempts.",
            settings.app_name
        ),
        format!("If this was you, reset your password to unlock it. This link will be available for {valid_hours} hours."),
        format!(
            "If it was not, someone may be trying to guess your password: reset it all the same, and contact {}.",
            support_team(settings)
        ),
    ];
    message(
        to,
        format!("Your {} account is locked", settings.app_name),
        &paragraphs,
        Some(("Reset Password", &link)),
    )
}

/// The portal locked a directory account: no reset link (the directory
/// holds the password); the help desk unlocks it.
pub fn directory_account_locked(settings: &Settings, to: &str, first_name: &str) -> EmailMessage {
    let paragraphs = vec![
        format!("Hello {first_name},"),
        format!(
            "Your {} account was locked after several unsuccessful sign-in attempts. Your HHS/DSHS network password was not changed.",
            settings.app_name
        ),
        format!(
            "To unlock it, call the IT Help Desk at {} ({}).",
            settings.help_desk_phone, settings.help_desk_hours
        ),
        format!(
            "If the attempts were not yours, someone may be trying to guess your network password: change it at {} and tell the IT Help Desk.",
            settings.internal_password_reset_url
        ),
    ];
    message(
        to,
        format!("Your {} account is locked", settings.app_name),
        &paragraphs,
        None,
    )
}

/// Strangers walked an unknown-device ladder to its end: the owner learns
/// it once (issue 15, point 9). No link: the message must not become a
/// way to send the owner someone else's text or a phishing look-alike.
pub fn unknown_devices_blocked(
    settings: &Settings,
    to: &str,
    first_name: &str,
    what: UnknownDeviceBlockKind,
) -> EmailMessage {
    let app = &settings.app_name;
    let (subject, happened, effect) = match what {
        UnknownDeviceBlockKind::SignIn => (
            format!("Sign-ins to your {app} account from new devices are blocked"),
            format!("Someone entered a wrong password for your {app} account several times from a computer or browser you have not signed in from before."),
            "To protect your account, password sign-ins from devices you have not used before are refused for now. Your account is not locked: you can sign in as usual from a computer or browser you have signed in from before. To sign in from a new device, reset your password with Forgot Password; that lifts the block.".to_owned(),
        ),
        UnknownDeviceBlockKind::Reset => (
            format!("Password resets for your {app} account from new devices are blocked"),
            format!("Someone asked to reset the password of your {app} account several times with details that did not match, from a computer or browser you have not signed in from before."),
            "To protect your account, password resets from devices you have not used before are refused for the next 24 hours. Your account is not disabled: you can sign in, and reset your password, as usual from a computer or browser you have signed in from before.".to_owned(),
        ),
    };
    let paragraphs = vec![
        greeting(first_name),
        happened,
        effect,
        format!(
            "If this was not you, someone may be trying to get into your account: change your password from a device you trust, and contact {}.",
            support_team(settings)
        ),
    ];
    message(to, subject, &paragraphs, None)
}

/// The right password was typed but the e-mailed code was not, five times:
/// someone may know the password (checklist B11). No link, as above.
pub fn password_without_code(settings: &Settings, to: &str, first_name: &str) -> EmailMessage {
    let app = &settings.app_name;
    let paragraphs = vec![
        greeting(first_name),
        format!("Someone signed in to your {app} account with the correct password, then entered a wrong verification code five times. The sign-in did not go through."),
        "If this was you, there is nothing to do: sign in again and use the code from the newest e-mail.".to_owned(),
        format!(
            "If it was not you, someone knows your password. Change it now with Forgot Password, and contact {}.",
            support_team(settings)
        ),
    ];
    message(
        to,
        format!("Someone used your {app} password"),
        &paragraphs,
        None,
    )
}

/// Which unknown-device ladder reached its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownDeviceBlockKind {
    /// Failed passwords at either door.
    SignIn,
    /// ImmTrac2 Forgot Password mismatches.
    Reset,
}

/// Support judged the password compromised (checklist A8): the owner
/// chooses a new one from this link; the account stays locked until then.
pub fn password_change_required(
    settings: &Settings,
    to: &str,
    first_name: &str,
    token: &str,
    valid_hours: u64,
) -> EmailMessage {
    let link = reset_link(settings, token);
    let app = &settings.app_name;
    let paragraphs = vec![
        greeting(first_name),
        format!("{app} Customer Support asked for a new password on your {app} account, because the current one may be known to someone else. You have been signed out everywhere, and the account is locked until you choose a new password."),
        format!("Choose it with the link below. This link will be available for {valid_hours} hours; after that, use Forgot Password."),
        format!(
            "Questions? Contact {}.",
            support_team(settings)
        ),
    ];
    message(
        to,
        format!("Choose a new {app} password"),
        &paragraphs,
        Some(("Reset Password", &link)),
    )
}

/// The public request form's receipt: support will decide (docs/product.md §7).
/// A stranger can send this to any address: it carries no text they typed
/// (no name), only ours.
pub fn request_received(settings: &Settings, to: &str) -> EmailMessage {
    let paragraphs = vec![
        greeting(""),
        format!("We received your request for {} access. {} Customer Support will review it and e-mail you when it is decided.", settings.portal_name, settings.app_name),
        support_line(settings),
    ];
    message(
        to,
        format!("Your {} request was received", settings.portal_name),
        &paragraphs,
        None,
    )
}

/// Support rejected a request; the requester reads why.
pub fn request_rejected(
    settings: &Settings,
    to: &str,
    first_name: &str,
    reason: &str,
) -> EmailMessage {
    let paragraphs = vec![
        format!("Hello {first_name},"),
        format!(
            "Your request for {} access was not approved.",
            settings.portal_name
        ),
        format!("Reason: {reason}"),
        format!("For questions, contact {}.", support_team(settings)),
    ];
    message(
        to,
        format!("Your {} request", settings.portal_name),
        &paragraphs,
        None,
    )
}

/// A citizen sign-up for an address that has an account already: the
/// owner is told (and pointed at Forgot Password); the form's answer is
/// the same as for a new address, so it reveals nothing.
/// A stranger can send this to any address: it carries no text they typed.
pub fn account_exists(settings: &Settings, to: &str) -> EmailMessage {
    let forgot = page_link(settings, Page::ForgotPassword);
    let paragraphs = vec![
        greeting(""),
        format!(
            "Someone asked to create a new {} account with this e-mail address, which already has one.",
            settings.portal_name
        ),
        "If you forgot your password, reset it with Forgot Password.".to_owned(),
        support_line(settings),
    ];
    message(
        to,
        format!("Your {} account", settings.portal_name),
        &paragraphs,
        Some(("Forgot Password", &forgot)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welcome_mail_links_to_the_public_url_with_the_token_in_the_fragment() {
        let settings = Settings {
            public_url: "https://iam.example.org/".into(),
            ..Settings::default()
        };
        let mail = welcome(&settings, "jo@example.org", "John", "JO1234SM", "tok", 7);
        assert_eq!(mail.subject, "Welcome to IAMOnline!");
        assert!(mail.text.contains("Username: JO1234SM"));
        assert!(
            mail.text
                .contains("Activate Account: https://iam.example.org/activate#token=tok"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains("available for 7 days"));
    }

    #[test]
    fn username_mail_lists_every_username_and_the_support_line() {
        let settings = Settings::default();
        let mail = username_reminder(
            &settings,
            "jo@example.org",
            &["JO1234SM".into(), "JO5678SM".into()],
        );
        assert!(mail
            .text
            .starts_with("You have recently requested to receive your ImmTrac2 username."));
        assert!(
            mail.text.contains("Username: JO1234SM") && mail.text.contains("Username: JO5678SM")
        );
        assert!(mail
            .text
            .contains("contact the ImmTrac2 Customer Support Team at 1-800-348-9158"));
    }

    #[test]
    fn lock_mail_explains_the_lock_and_carries_a_reset_link_in_the_fragment() {
        let settings = Settings::default();
        let mail = account_locked(&settings, "jo@example.org", "John", "tok", 24);
        assert!(mail
            .text
            .contains("locked after several unsuccessful sign-in attempts"));
        assert!(
            mail.text
                .contains("Reset Password: http://127.0.0.1:8080/reset-password#token=tok"),
            "{}",
            mail.text
        );
    }

    #[test]
    fn html_bodies_escape_user_supplied_names() {
        let settings = Settings::default();
        let mail = welcome(&settings, "jo@example.org", "<script>", "JO1234SM", "t", 7);
        let html = mail.html.unwrap_or_default();
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    }
}
