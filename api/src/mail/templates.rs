//! Every e-mail the system sends, one function each. Links are built from
//! the configured public URL, never from the request (docs/product.md §10); secrets
//! travel in the URL fragment, which browsers never send to a server.
//!
//! Every message has the seeds' frame (seed 001, the Okta e-mails): "Hi
//! name," first; then who to call for what (the IT Help Desk for signing in
//! and codes, Customer Support for the application), "Thank you," with the
//! configured sign-off, and a note that replies are not read.

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

/// One paragraph of a message. `Strong` is set in bold in the HTML body
/// (the seeds' "**Enter this code: 093457**").
#[derive(Clone)]
enum Para {
    Plain(String),
    Strong(String),
}

impl Para {
    fn text(&self) -> &str {
        match self {
            Para::Plain(t) | Para::Strong(t) => t,
        }
    }
}

impl From<String> for Para {
    fn from(text: String) -> Self {
        Para::Plain(text)
    }
}

/// A call-to-action button: its label and address.
type Link<'a> = Option<(&'a str, &'a str)>;

/// A message: the greeting, its paragraphs before and after the link, and
/// the shared closing, as text and as HTML.
struct Draft<'a> {
    subject: String,
    greeting: String,
    before: Vec<Para>,
    link: Link<'a>,
    after: Vec<Para>,
}

impl Draft<'_> {
    fn send_to(self, settings: &Settings, to: &str) -> EmailMessage {
        self.render(settings, to, false)
    }

    /// As [`Draft::send_to`], with whom to call right after the first
    /// paragraph rather than at the end (the seed's "password changed").
    fn send_with_help_early(self, settings: &Settings, to: &str) -> EmailMessage {
        self.render(settings, to, true)
    }

    fn render(mut self, settings: &Settings, to: &str, help_early: bool) -> EmailMessage {
        let mut closing = closing(settings);
        if help_early {
            let rest = self.before.split_off(self.before.len().min(1));
            self.before.append(&mut closing);
            self.before.extend(rest);
        }
        let mut text = format!("{}\n\n", self.greeting);
        let mut html =
            String::from("<!doctype html><html><body style=\"font-family:Arial,sans-serif\">");
        html.push_str(&format!("<p>{}</p>", escape_html(&self.greeting)));
        let add = |p: &Para, text: &mut String, html: &mut String| {
            text.push_str(p.text());
            text.push_str("\n\n");
            match p {
                Para::Plain(t) => html.push_str(&format!("<p>{}</p>", escape_html(t))),
                Para::Strong(t) => {
                    html.push_str(&format!("<p><strong>{}</strong></p>", escape_html(t)))
                }
            }
        };
        for p in &self.before {
            add(p, &mut text, &mut html);
        }
        if let Some((label, href)) = self.link {
            text.push_str(&format!("{label}: {href}\n\n"));
            html.push_str(&format!(
                "<p><a href=\"{}\" style=\"display:inline-block;padding:8px 16px;background:#1d4f91;color:#fff;text-decoration:none\">{}</a></p>",
                escape_html(href),
                escape_html(label)
            ));
        }
        for p in self.after.iter().chain(closing.iter()) {
            add(p, &mut text, &mut html);
        }
        let signed = format!("Thank you,\n{}", settings.mail_sign_off);
        text.push_str(&signed);
        text.push_str("\n\n");
        html.push_str(&format!(
            "<p>Thank you,<br>{}</p>",
            escape_html(&settings.mail_sign_off)
        ));
        let automatic = automatic_note(settings);
        text.push_str(&automatic);
        text.push('\n');
        html.push_str(&format!(
            "<p style=\"color:#555;font-size:smaller\">{}</p></body></html>",
            escape_html(&automatic)
        ));
        EmailMessage {
            to: to.to_owned(),
            subject: self.subject,
            text,
            html: Some(html),
        }
    }
}

/// Who to call for what (seed 001, "Need Assistance?"): the IT Help Desk
/// for signing in and codes, Customer Support for the application.
fn closing(settings: &Settings) -> Vec<Para> {
    let app = &settings.app_name;
    vec![
        Para::Plain(format!(
            "For further help or if this email was received in error, please contact the IT Help Desk at {}, {}.",
            settings.help_desk_phone, settings.help_desk_hours
        )),
        Para::Plain(format!(
            "For questions about {app} or your {app} access, contact {app} Customer Support at {} or at {}, {}.",
            settings.customer_support_phone,
            settings.customer_support_email,
            settings.customer_support_hours
        )),
    ]
}

fn automatic_note(settings: &Settings) -> String {
    format!(
        "This is an automatically generated message from {}. Replies are not monitored or answered.",
        settings.portal_name
    )
}

/// "Hi Pat," — or just "Hi," where the name is not ours to repeat.
fn greeting(first_name: &str) -> String {
    match first_name.trim() {
        "" => "Hi,".to_owned(),
        name => format!("Hi {name},"),
    }
}

/// A small number as a word ("five"), larger ones as digits.
fn number_word(n: u64) -> String {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    usize::try_from(n)
        .ok()
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

fn unit_of(n: u64, unit: &str) -> &str {
    if n == 1 {
        unit.trim_end_matches('s')
    } else {
        unit
    }
}

/// A lifetime as the seeds write it: "five (5) minutes", "seven (7) days".
fn spelled(n: u64, unit: &str) -> String {
    match number_word(n) {
        word if word == n.to_string() => format!("{n} {}", unit_of(n, unit)),
        word => format!("{word} ({n}) {}", unit_of(n, unit)),
    }
}

/// A lifetime in words only, as the reset e-mail's note has it ("five minutes").
fn in_words(n: u64, unit: &str) -> String {
    format!("{} {}", number_word(n), unit_of(n, unit))
}

/// "If you did not initiate this request, please contact the ImmTrac2
/// Customer Support Team at <phone> or at <e-mail>." (seed 000).
fn support_line(settings: &Settings) -> Para {
    Para::Plain(format!(
        "If you did not initiate this request, please contact {}.",
        support_team(settings)
    ))
}

/// "the ImmTrac2 Customer Support Team at <phone> or at <e-mail>".
fn support_team(settings: &Settings) -> String {
    format!(
        "the {} Customer Support Team at {} or at {}",
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

/// The "Report Suspicious Activity" page with its one-time token.
fn report_link(settings: &Settings, token: &str) -> String {
    format!(
        "{}#token={token}",
        page_link(settings, Page::ReportSuspicious)
    )
}

/// The seed's "Don't recognize this activity?" block.
fn unrecognised_activity() -> Vec<Para> {
    vec![
        Para::Strong("Don't recognize this activity?".to_owned()),
        Para::Plain("If you believe your account may have been compromised, we recommend reporting the suspicious activity to your organization. Report Suspicious Activity below signs you out everywhere and locks the account until the password is reset.".to_owned()),
    ]
}

/// "Welcome to IAMOnline" with the username and the Activate Account link
/// (seed 001 "Activate Account", docs/product.md §7).
pub fn welcome(
    settings: &Settings,
    to: &str,
    first_name: &str,
    username: &str,
    token: &str,
    valid_days: u64,
) -> EmailMessage {
    let link = format!("{}#token={token}", page_link(settings, Page::Activate));
    let portal = &settings.portal_name;
    Draft {
        subject: format!("Welcome to {portal}"),
        greeting: greeting(first_name),
        before: vec![
            format!("Welcome to {portal}! Your account is active and ready for use. Access the portal using the link below:").into(),
            Para::Strong(format!("Username: {username}")),
        ],
        link: Some(("Activate Account", &link)),
        after: vec![
            Para::Strong(format!(
                "Please note that the link will only be active for {} for security reasons.",
                spelled(valid_days, "days")
            )),
            format!("After accessing {portal} for the first time, set up will require a password, a phone number, and a security question for the account. The Acceptable Use Agreement (AUA) must be completed as well: {}", page_link(settings, Page::Aua)).into(),
            format!("If you have any questions regarding how to complete this action, please review the {portal} Web Help and FAQs: {}", page_link(settings, Page::HelpGuide)).into(),
        ],
    }
    .send_to(settings, to)
}

/// The Forgot Username answer, listing every username on the address (seed 001
/// "Receive Username and Login", docs/product.md §6).
pub fn username_reminder(
    settings: &Settings,
    to: &str,
    first_name: &str,
    usernames: &[String],
) -> EmailMessage {
    let app = &settings.app_name;
    let sign_in = page_link(settings, Page::SignIn);
    let mut before: Vec<Para> = vec![format!(
        "You have recently requested to receive your {app} username. Your username is listed below. Enter your username along with an assigned org code and password in order to log in to the system."
    )
    .into()];
    before.extend(
        usernames
            .iter()
            .map(|u| Para::Strong(format!("Username: {u}"))),
    );
    before.push(
        format!("In order to login to {app}, please visit the following URL: {sign_in}").into(),
    );
    before.push(support_line(settings));
    Draft {
        subject: format!("{app} Request"),
        greeting: greeting(first_name),
        before,
        link: None,
        after: vec![],
    }
    .send_to(settings, to)
}

/// The ImmTrac2 Forgot Password link, valid 24 hours (seed 000, docs/product.md §5).
pub fn immtrac2_reset_link(
    settings: &Settings,
    to: &str,
    token: &str,
    valid_hours: u64,
) -> EmailMessage {
    let link = reset_link(settings, token);
    let app = &settings.app_name;
    Draft {
        subject: format!("{app} Password Reset"),
        greeting: greeting(""),
        before: vec![format!(
            "A request has been submitted to change your {app} password. Please follow the link below to reset your password. This link will be available for {valid_hours} hours."
        )
        .into()],
        link: Some(("Reset Password", &link)),
        after: vec![support_line(settings)],
    }
    .send_to(settings, to)
}

/// "The IAMOnline password was changed for your account", with a one-time
/// Report Suspicious Activity link (seed 001 "Your Password Was Changed").
pub fn password_changed(
    settings: &Settings,
    to: &str,
    first_name: &str,
    token: &str,
) -> EmailMessage {
    let link = report_link(settings, token);
    let portal = &settings.portal_name;
    Draft {
        subject: format!("Your {portal} password was changed"),
        greeting: greeting(first_name),
        before: [
            vec![Para::Plain(format!(
                "The {portal} password was changed for your account."
            ))],
            unrecognised_activity(),
        ]
        .concat(),
        link: Some(("Report Suspicious Activity", &link)),
        after: vec![],
    }
    .send_with_help_early(settings, to)
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
    let link = report_link(settings, token);
    let portal = &settings.portal_name;
    let (subject, what) = if added {
        (
            "A security method was added to your account",
            format!("The security method \"{method}\" was added to your {portal} account. It can now be used to verify it's you when you sign in."),
        )
    } else {
        (
            "A security method was removed from your account",
            format!("The security method \"{method}\" was removed from your {portal} account."),
        )
    };
    Draft {
        subject: subject.to_owned(),
        greeting: greeting(first_name),
        before: [vec![Para::Plain(what)], unrecognised_activity()].concat(),
        link: Some(("Report Suspicious Activity", &link)),
        after: vec![],
    }
    .send_to(settings, to)
}

/// The code e-mail's subject (seed 001 "Verification Email from Okta").
pub fn verification_subject(settings: &Settings) -> String {
    format!("{} | Your Email Verification", settings.portal_name)
}

/// A code e-mail, shaped as seed 001's verification e-mail: what the code
/// is for, the code itself, then what to do if it was not you.
fn code_message(
    settings: &Settings,
    to: &str,
    first_name: &str,
    intro: String,
    code: &str,
    warning: Para,
) -> EmailMessage {
    Draft {
        subject: verification_subject(settings),
        greeting: greeting(first_name),
        before: vec![
            intro.into(),
            Para::Strong(format!("Enter this code: {code}")),
            warning,
        ],
        link: None,
        after: vec![],
    }
    .send_to(settings, to)
}

/// The sign-in verification code (seed 001, docs/product.md §3.2).
pub fn signin_code(
    settings: &Settings,
    to: &str,
    first_name: &str,
    code: &str,
    valid_minutes: u64,
) -> EmailMessage {
    let portal = &settings.portal_name;
    code_message(
        settings,
        to,
        first_name,
        format!("You have requested an email verification code to sign in to {portal}. Enter the verification code into {portal}. The code will expire in {} and can be used once.", spelled(valid_minutes, "minutes")),
        code,
        format!("If you did not try to sign in, someone may know your password: change it, and contact {}.", support_team(settings)).into(),
    )
}

/// "Email me a code instead" of the CAPTCHA image (WCAG 1.1.1): the code
/// answers that one image's challenge, nothing else.
pub fn captcha_code(
    settings: &Settings,
    to: &str,
    first_name: &str,
    code: &str,
    valid_minutes: u64,
) -> EmailMessage {
    let portal = &settings.portal_name;
    code_message(
        settings,
        to,
        first_name,
        format!("You asked for a code to use instead of the characters in the image on the {portal} sign-in page. Type it where the characters go. The code will expire in {} and works once, for the page you asked from.", spelled(valid_minutes, "minutes")),
        code,
        format!("If you did not ask for it, someone may be trying to sign in as you: change your password, and contact {}.", support_team(settings)).into(),
    )
}

/// The same for a public request form (no account yet): the code goes to
/// the address typed on the form and answers only a form with that address.
pub fn form_captcha_code(
    settings: &Settings,
    to: &str,
    code: &str,
    valid_minutes: u64,
) -> EmailMessage {
    let portal = &settings.portal_name;
    code_message(
        settings,
        to,
        "",
        format!("You asked for a code to use instead of the characters in the image on a {portal} request form. Type it where the characters go. The code will expire in {} and works once, on a form that gives this email address.", spelled(valid_minutes, "minutes")),
        code,
        "If you did not ask for it, you can ignore this email.".to_owned().into(),
    )
}

/// IAMOnline Forgot Password: a Reset Password link and the same-lived
/// 6-digit code for when the link cannot be used (seed 001 "Reset Password"
/// link, docs/product.md §5).
pub fn recovery_code(
    settings: &Settings,
    to: &str,
    first_name: &str,
    code: &str,
    token: &str,
    valid_minutes: u64,
) -> EmailMessage {
    let link = reset_link(settings, token);
    let portal = &settings.portal_name;
    let lifetime = spelled(valid_minutes, "minutes");
    Draft {
        subject: format!("Reset your {portal} password"),
        greeting: greeting(first_name),
        before: vec![format!(
            "Please click on the link to reset your {portal} password or enter the verification code into {portal}. Both will expire in {lifetime} and can be used once."
        )
        .into()],
        link: Some(("Reset Password", &link)),
        after: vec![
            format!("Note: this link expires in {}.", in_words(valid_minutes, "minutes")).into(),
            Para::Strong(format!("Can't use the link? Enter this code instead: {code}")),
            support_line(settings),
        ],
    }
    .send_to(settings, to)
}

/// The code that proves a new account's address during activation (docs/product.md §7).
pub fn activation_code(
    settings: &Settings,
    to: &str,
    first_name: &str,
    code: &str,
    valid_minutes: u64,
) -> EmailMessage {
    let portal = &settings.portal_name;
    code_message(
        settings,
        to,
        first_name,
        format!("You have requested an email verification code to activate your {portal} account. Enter the verification code into {portal}. The code will expire in {} and can be used once.", spelled(valid_minutes, "minutes")),
        code,
        support_line(settings),
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
    let app = &settings.app_name;
    Draft {
        subject: format!("Your {app} account is locked"),
        greeting: greeting(first_name),
        before: vec![
            format!("Your {app} account was locked after several unsuccessful sign-in attempts.").into(),
            format!("If this was you, reset your password to unlock it. This link will be available for {valid_hours} hours.").into(),
        ],
        link: Some(("Reset Password", &link)),
        after: vec![format!(
            "If it was not, someone may be trying to guess your password: reset it all the same, and contact {}.",
            support_team(settings)
        )
        .into()],
    }
    .send_to(settings, to)
}

/// The portal locked a directory account: no reset link (the directory
/// holds the password); the help desk unlocks it.
pub fn directory_account_locked(settings: &Settings, to: &str, first_name: &str) -> EmailMessage {
    let app = &settings.app_name;
    Draft {
        subject: format!("Your {app} account is locked"),
        greeting: greeting(first_name),
        before: vec![
            format!("Your {app} account was locked after several unsuccessful sign-in attempts. Your HHS/DSHS network password was not changed.").into(),
            format!("To unlock it, call the IT Help Desk at {}, {}.", settings.help_desk_phone, settings.help_desk_hours).into(),
            format!(
                "If the attempts were not yours, someone may be trying to guess your network password: change it at {} and tell the IT Help Desk.",
                settings.internal_password_reset_url
            )
            .into(),
        ],
        link: None,
        after: vec![],
    }
    .send_to(settings, to)
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
    Draft {
        subject,
        greeting: greeting(first_name),
        before: vec![
            happened.into(),
            effect.into(),
            format!(
                "If this was not you, someone may be trying to get into your account: change your password from a device you trust, and contact {}.",
                support_team(settings)
            )
            .into(),
        ],
        link: None,
        after: vec![],
    }
    .send_to(settings, to)
}

/// The right password was typed but the e-mailed code was not, five times:
/// someone may know the password (checklist B11). No link, as above.
pub fn password_without_code(settings: &Settings, to: &str, first_name: &str) -> EmailMessage {
    let app = &settings.app_name;
    Draft {
        subject: format!("Someone used your {app} password"),
        greeting: greeting(first_name),
        before: vec![
            format!("Someone signed in to your {app} account with the correct password, then entered a wrong verification code five times. The sign-in did not go through.").into(),
            "If this was you, there is nothing to do: sign in again and use the code from the newest email.".to_owned().into(),
            format!(
                "If it was not you, someone knows your password. Change it now with Forgot Password, and contact {}.",
                support_team(settings)
            )
            .into(),
        ],
        link: None,
        after: vec![],
    }
    .send_to(settings, to)
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
    Draft {
        subject: format!("Choose a new {app} password"),
        greeting: greeting(first_name),
        before: vec![
            format!("{app} Customer Support asked for a new password on your {app} account, because the current one may be known to someone else. You have been signed out everywhere, and the account is locked until you choose a new password.").into(),
            format!("Choose it with the link below. This link will be available for {valid_hours} hours; after that, use Forgot Password.").into(),
        ],
        link: Some(("Reset Password", &link)),
        after: vec![],
    }
    .send_to(settings, to)
}

/// The public request form's receipt: support will decide (docs/product.md §7).
/// A stranger can send this to any address: it carries no text they typed
/// (no name), only ours.
pub fn request_received(settings: &Settings, to: &str) -> EmailMessage {
    Draft {
        subject: format!("Your {} request was received", settings.portal_name),
        greeting: greeting(""),
        before: vec![
            format!("We received your request for {} access. {} Customer Support will review it and email you when it is decided.", settings.portal_name, settings.app_name).into(),
            support_line(settings),
        ],
        link: None,
        after: vec![],
    }
    .send_to(settings, to)
}

/// Support rejected a request; the requester reads why.
pub fn request_rejected(
    settings: &Settings,
    to: &str,
    first_name: &str,
    reason: &str,
) -> EmailMessage {
    Draft {
        subject: format!("Your {} request", settings.portal_name),
        greeting: greeting(first_name),
        before: vec![
            format!(
                "Your request for {} access was not approved.",
                settings.portal_name
            )
            .into(),
            format!("Reason: {reason}").into(),
        ],
        link: None,
        after: vec![],
    }
    .send_to(settings, to)
}

/// A citizen sign-up for an address that has an account already: the
/// owner is told (and pointed at Forgot Password); the form's answer is
/// the same as for a new address, so it reveals nothing.
/// A stranger can send this to any address: it carries no text they typed.
pub fn account_exists(settings: &Settings, to: &str) -> EmailMessage {
    let forgot = page_link(settings, Page::ForgotPassword);
    Draft {
        subject: format!("Your {} account", settings.portal_name),
        greeting: greeting(""),
        before: vec![
            format!("Someone asked to create a new {} account with this email address, which already has one.", settings.portal_name).into(),
            "If you forgot your password, reset it with Forgot Password.".to_owned().into(),
        ],
        link: Some(("Forgot Password", &forgot)),
        after: vec![support_line(settings)],
    }
    .send_to(settings, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seeds' frame, which every message carries: the greeting, who to
    /// call for what with the full hours, the sign-off and the automatic note.
    fn assert_framed(mail: &EmailMessage, greeting: &str) {
        let text = &mail.text;
        assert!(text.starts_with(greeting), "greeting: {text}");
        for fact in [
            "please contact the IT Help Desk at 512-438-4720 or 855-435-7181 (toll-free), 7:00 a.m. to 7:00 p.m. Central Time (CT), Monday through Friday.",
            "contact ImmTrac2 Customer Support at 1-800-348-9158 or at ImmTrac2@dshs.texas.gov, 8:00 a.m. to 4:30 p.m., Monday through Friday.",
            "Thank you,\nIAM Team",
            "This is an automatically generated message from IAMOnline. Replies are not monitored or answered.",
        ] {
            assert!(text.contains(fact), "missing {fact:?} in {text}");
        }
        let html = mail.html.as_deref().unwrap_or_default();
        assert!(
            html.contains("Thank you,<br>IAM Team")
                && html.contains("Replies are not monitored or answered.")
        );
    }

    #[test]
    fn welcome_says_active_seven_days_for_security_and_what_set_up_asks() {
        let settings = Settings {
            public_url: "https://iam.example.org/".into(),
            ..Settings::default()
        };
        let mail = welcome(&settings, "jo@example.org", "John", "JO1234SM", "tok", 7);
        assert_eq!(mail.subject, "Welcome to IAMOnline");
        assert_framed(&mail, "Hi John,");
        for fact in [
            "Welcome to IAMOnline! Your account is active and ready for use.",
            "Username: JO1234SM",
            "Activate Account: https://iam.example.org/activate#token=tok",
            "the link will only be active for seven (7) days for security reasons",
            "set up will require a password, a phone number, and a security question for the account. The Acceptable Use Agreement (AUA) must be completed as well: https://iam.example.org/aua",
            "please review the IAMOnline Web Help and FAQs: https://iam.example.org/help",
        ] {
            assert!(mail.text.contains(fact), "missing {fact:?} in {}", mail.text);
        }
    }

    #[test]
    fn code_mails_carry_the_code_and_its_five_minutes() {
        let settings = Settings::default();
        for mail in [
            signin_code(&settings, "jo@example.org", "Paul", "354180", 5),
            activation_code(&settings, "jo@example.org", "Paul", "354180", 5),
        ] {
            assert_eq!(mail.subject, "IAMOnline | Your Email Verification");
            assert_framed(&mail, "Hi Paul,");
            assert!(
                mail.text.contains("Enter this code: 354180"),
                "{}",
                mail.text
            );
            assert!(
                mail.text
                    .contains("The code will expire in five (5) minutes"),
                "{}",
                mail.text
            );
            assert!(mail
                .html
                .unwrap_or_default()
                .contains("<strong>Enter this code: 354180</strong>"));
        }
    }

    #[test]
    fn reset_mail_offers_the_code_for_when_the_link_cannot_be_used() {
        let settings = Settings::default();
        let mail = recovery_code(&settings, "jo@example.org", "Pat", "561108", "tok", 5);
        assert_eq!(mail.subject, "Reset your IAMOnline password");
        assert_framed(&mail, "Hi Pat,");
        for fact in [
            "Please click on the link to reset your IAMOnline password or enter the verification code into IAMOnline. Both will expire in five (5) minutes",
            "Reset Password: http://127.0.0.1:8080/reset-password#token=tok",
            "Note: this link expires in five minutes.",
            "Can't use the link? Enter this code instead: 561108",
        ] {
            assert!(mail.text.contains(fact), "missing {fact:?} in {}", mail.text);
        }
    }

    #[test]
    fn password_changed_mail_asks_about_unrecognised_activity() {
        let settings = Settings::default();
        let mail = password_changed(&settings, "jo@example.org", "Pat", "tok");
        assert_eq!(mail.subject, "Your IAMOnline password was changed");
        assert_framed(&mail, "Hi Pat,");
        for fact in [
            "The IAMOnline password was changed for your account.",
            "Don't recognize this activity?",
            "we recommend reporting the suspicious activity to your organization",
            "Report Suspicious Activity: http://127.0.0.1:8080/report-suspicious#token=tok",
        ] {
            assert!(
                mail.text.contains(fact),
                "missing {fact:?} in {}",
                mail.text
            );
        }
        // The seed's order: what changed, whom to call, then the question.
        let at = |fact: &str| mail.text.find(fact).unwrap_or(usize::MAX);
        assert!(at("was changed for your account") < at("contact the IT Help Desk"));
        assert!(at("contact the IT Help Desk") < at("Don't recognize this activity?"));
    }

    #[test]
    fn immtrac2_reset_mail_is_the_seeds_24_hour_message() {
        let settings = Settings::default();
        let mail = immtrac2_reset_link(&settings, "jo@example.org", "tok", 24);
        assert_eq!(mail.subject, "ImmTrac2 Password Reset");
        assert_framed(&mail, "Hi,");
        assert!(mail.text.contains("A request has been submitted to change your ImmTrac2 password. Please follow the link below to reset your password. This link will be available for 24 hours."));
        assert!(mail.text.contains("If you did not initiate this request, please contact the ImmTrac2 Customer Support Team at 1-800-348-9158 or at ImmTrac2@dshs.texas.gov."));
    }

    #[test]
    fn username_mail_lists_every_username_the_login_url_and_the_support_line() {
        let settings = Settings::default();
        let mail = username_reminder(
            &settings,
            "jo@example.org",
            "Johnny",
            &["JO1234SM".into(), "JO5678SM".into()],
        );
        assert_eq!(mail.subject, "ImmTrac2 Request");
        assert_framed(&mail, "Hi Johnny,");
        assert!(mail
            .text
            .contains("You have recently requested to receive your ImmTrac2 username."));
        assert!(
            mail.text.contains("Username: JO1234SM") && mail.text.contains("Username: JO5678SM")
        );
        assert!(mail.text.contains(
            "In order to login to ImmTrac2, please visit the following URL: http://127.0.0.1:8080/"
        ));
        assert!(mail
            .text
            .contains("contact the ImmTrac2 Customer Support Team at 1-800-348-9158 or at ImmTrac2@dshs.texas.gov"));
    }

    #[test]
    fn every_other_mail_has_the_frame_too() {
        let s = Settings::default();
        let to = "jo@example.org";
        for mail in [
            account_locked(&s, to, "Jo", "t", 24),
            directory_account_locked(&s, to, "Jo"),
            unknown_devices_blocked(&s, to, "Jo", UnknownDeviceBlockKind::SignIn),
            unknown_devices_blocked(&s, to, "Jo", UnknownDeviceBlockKind::Reset),
            password_without_code(&s, to, "Jo"),
            captcha_code(&s, to, "Jo", "K7RXA", 5),
            password_change_required(&s, to, "Jo", "t", 24),
            security_method_changed(&s, to, "Jo", "Phone", true, "t"),
            request_rejected(&s, to, "Jo", "unknown org"),
        ] {
            assert_framed(&mail, "Hi Jo,");
        }
        assert_framed(&request_received(&s, to), "Hi,");
        assert_framed(&form_captcha_code(&s, to, "K7RXA", 5), "Hi,");
        assert_framed(&account_exists(&s, to), "Hi,");
    }

    #[test]
    fn lifetimes_are_spelled_as_the_seeds_do() {
        assert_eq!(spelled(5, "minutes"), "five (5) minutes");
        assert_eq!(spelled(7, "days"), "seven (7) days");
        assert_eq!(spelled(1, "days"), "one (1) day");
        assert_eq!(spelled(90, "minutes"), "90 minutes");
        assert_eq!(in_words(5, "minutes"), "five minutes");
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
