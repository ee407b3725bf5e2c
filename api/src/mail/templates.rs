//! Every e-mail the system sends, one function each, in the reader's
//! language (docs/i18n.md; the texts are the catalogue's `mail` area).
//! Links are built from the configured public URL, never from the request
//! (docs/product.md §10); secrets travel in the URL fragment, which
//! browsers never send to a server.
//!
//! Every message has the seeds' frame (seed 001, the Okta e-mails): "Hi
//! name," first; then who to call for what (the IT Help Desk for signing in
//! and codes, Customer Support for the application), "Thank you," with the
//! configured sign-off, and a note that replies are not read.

use iam_shared::i18n::{mail, Lang, Msg};
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
    fn send_to(self, settings: &Settings, lang: Lang, to: &str) -> EmailMessage {
        self.render(settings, lang, to, false)
    }

    /// As [`Draft::send_to`], with whom to call right after the first
    /// paragraph rather than at the end (the seed's "password changed").
    fn send_with_help_early(self, settings: &Settings, lang: Lang, to: &str) -> EmailMessage {
        self.render(settings, lang, to, true)
    }

    fn render(
        mut self,
        settings: &Settings,
        lang: Lang,
        to: &str,
        help_early: bool,
    ) -> EmailMessage {
        let mut closing = closing(settings, lang);
        if help_early {
            let rest = self.before.split_off(self.before.len().min(1));
            self.before.append(&mut closing);
            self.before.extend(rest);
        }
        let mut text = format!("{}\n\n", self.greeting);
        let mut html = format!(
            "<!doctype html><html lang=\"{}\"><body style=\"font-family:Arial,sans-serif\">",
            lang.tag()
        );
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
        let thank_you = lang.text(mail::THANK_YOU);
        let sign_off = settings.texts_in(lang).mail_sign_off;
        let signed = format!("{thank_you}\n{sign_off}");
        text.push_str(&signed);
        text.push_str("\n\n");
        html.push_str(&format!(
            "<p>{}<br>{}</p>",
            escape_html(thank_you),
            escape_html(sign_off)
        ));
        let automatic = automatic_note(settings, lang);
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
fn closing(settings: &Settings, lang: Lang) -> Vec<Para> {
    let local = settings.texts_in(lang);
    vec![
        Para::Plain(mail::HELP_DESK.fill(
            lang,
            &[
                ("phone", local.help_desk_phone),
                ("hours", local.help_desk_hours),
            ],
        )),
        Para::Plain(mail::CUSTOMER_SUPPORT.fill(
            lang,
            &[
                ("app", settings.app_name.as_str()),
                ("phone", settings.customer_support_phone.as_str()),
                ("email", settings.customer_support_email.as_str()),
                ("hours", local.customer_support_hours),
            ],
        )),
    ]
}

fn automatic_note(settings: &Settings, lang: Lang) -> String {
    mail::AUTOMATIC_NOTE.fill(lang, &[("portal", settings.portal_name.as_str())])
}

/// "Hi Pat," — or just "Hi," where the name is not ours to repeat.
fn greeting(lang: Lang, first_name: &str) -> String {
    match first_name.trim() {
        "" => lang.text(mail::GREETING_NO_NAME).to_owned(),
        name => mail::GREETING.fill(lang, &[("name", name)]),
    }
}

/// The unit of a lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Minutes,
    Hours,
    Days,
}

impl Unit {
    /// The unit's name for one and for more, and the word for "one"
    /// before it (Spanish: "un minuto", "una hora").
    fn words(self) -> (Msg, Msg, Msg) {
        match self {
            Unit::Minutes => (mail::MINUTE, mail::MINUTES, mail::ONE_BEFORE_MINUTE),
            Unit::Hours => (mail::HOUR, mail::HOURS, mail::ONE_BEFORE_HOUR),
            Unit::Days => (mail::DAY, mail::DAYS, mail::ONE_BEFORE_DAY),
        }
    }
}

/// A small number as a word before `unit` ("five", "cinco"; "una" hora);
/// none from thirteen on, which are written in digits.
fn number_word(lang: Lang, n: u64, unit: Unit) -> Option<&'static str> {
    static FROM_TWO: [Msg; 11] = [
        mail::TWO,
        mail::THREE,
        mail::FOUR,
        mail::FIVE,
        mail::SIX,
        mail::SEVEN,
        mail::EIGHT,
        mail::NINE,
        mail::TEN,
        mail::ELEVEN,
        mail::TWELVE,
    ];
    let msg = match n {
        0 => mail::ZERO,
        1 => unit.words().2,
        n => *usize::try_from(n - 2).ok().and_then(|i| FROM_TWO.get(i))?,
    };
    Some(lang.text(msg))
}

/// The unit's name for `n` of it ("day", "days").
fn unit_of(lang: Lang, n: u64, unit: Unit) -> &'static str {
    let (one, more, _) = unit.words();
    lang.text(if n == 1 { one } else { more })
}

/// A lifetime as the seeds write it: "five (5) minutes", "seven (7) days".
fn spelled(lang: Lang, n: u64, unit: Unit) -> String {
    let name = unit_of(lang, n, unit);
    match number_word(lang, n, unit) {
        Some(word) => format!("{word} ({n}) {name}"),
        None => format!("{n} {name}"),
    }
}

/// A lifetime in words only, as the reset e-mail's note has it ("five minutes").
fn in_words(lang: Lang, n: u64, unit: Unit) -> String {
    let name = unit_of(lang, n, unit);
    match number_word(lang, n, unit) {
        Some(word) => format!("{word} {name}"),
        None => format!("{n} {name}"),
    }
}

/// A lifetime in digits, as the seed's reset e-mail has it ("24 hours").
fn counted(lang: Lang, n: u64, unit: Unit) -> String {
    format!("{n} {}", unit_of(lang, n, unit))
}

/// "If you did not initiate this request, please contact the ImmTrac2
/// Customer Support Team at <phone> or at <e-mail>." (seed 000).
fn support_line(settings: &Settings, lang: Lang) -> Para {
    Para::Plain(mail::SUPPORT_LINE.fill(lang, &[("team", support_team(settings, lang).as_str())]))
}

/// "the ImmTrac2 Customer Support Team at <phone> or at <e-mail>".
fn support_team(settings: &Settings, lang: Lang) -> String {
    mail::SUPPORT_TEAM.fill(
        lang,
        &[
            ("app", settings.app_name.as_str()),
            ("phone", settings.customer_support_phone.as_str()),
            ("email", settings.customer_support_email.as_str()),
        ],
    )
}

/// A text whose only value is whom to call (`{team}`).
fn with_team(settings: &Settings, lang: Lang, msg: Msg) -> Para {
    Para::Plain(msg.fill(lang, &[("team", support_team(settings, lang).as_str())]))
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
fn unrecognised_activity(lang: Lang) -> Vec<Para> {
    vec![
        Para::Strong(lang.text(mail::UNRECOGNISED).to_owned()),
        Para::Plain(lang.text(mail::UNRECOGNISED_ADVICE).to_owned()),
    ]
}

/// "Welcome to IAMOnline" with the username and the Activate Account link
/// (seed 001 "Activate Account", docs/product.md §7).
pub fn welcome(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
    username: &str,
    token: &str,
    valid_days: u64,
) -> EmailMessage {
    let link = format!("{}#token={token}", page_link(settings, Page::Activate));
    let portal = settings.portal_name.as_str();
    let lifetime = spelled(lang, valid_days, Unit::Days);
    let aua = page_link(settings, Page::Aua);
    let help = page_link(settings, Page::HelpGuide);
    Draft {
        subject: mail::WELCOME_SUBJECT.fill(lang, &[("portal", portal)]),
        greeting: greeting(lang, first_name),
        before: vec![
            mail::WELCOME_INTRO.fill(lang, &[("portal", portal)]).into(),
            Para::Strong(mail::USERNAME.fill(lang, &[("username", username)])),
        ],
        link: Some((lang.text(mail::ACTIVATE_ACCOUNT), &link)),
        after: vec![
            Para::Strong(
                mail::WELCOME_LINK_LIFETIME.fill(lang, &[("lifetime", lifetime.as_str())]),
            ),
            mail::WELCOME_SET_UP
                .fill(lang, &[("portal", portal), ("link", aua.as_str())])
                .into(),
            mail::WELCOME_HELP
                .fill(lang, &[("portal", portal), ("link", help.as_str())])
                .into(),
        ],
    }
    .send_to(settings, lang, to)
}

/// The Forgot Username answer, listing every username on the address (seed 001
/// "Receive Username and Login", docs/product.md §6).
pub fn username_reminder(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
    usernames: &[String],
) -> EmailMessage {
    let app = settings.app_name.as_str();
    let sign_in = page_link(settings, Page::SignIn);
    let mut before: Vec<Para> = vec![mail::USERNAME_INTRO.fill(lang, &[("app", app)]).into()];
    before.extend(
        usernames
            .iter()
            .map(|u| Para::Strong(mail::USERNAME.fill(lang, &[("username", u.as_str())]))),
    );
    before.push(
        mail::USERNAME_SIGN_IN
            .fill(lang, &[("app", app), ("link", sign_in.as_str())])
            .into(),
    );
    before.push(support_line(settings, lang));
    Draft {
        subject: mail::USERNAME_SUBJECT.fill(lang, &[("app", app)]),
        greeting: greeting(lang, first_name),
        before,
        link: None,
        after: vec![],
    }
    .send_to(settings, lang, to)
}

/// The ImmTrac2 Forgot Password link, valid 24 hours (seed 000, docs/product.md §5).
pub fn immtrac2_reset_link(
    settings: &Settings,
    lang: Lang,
    to: &str,
    token: &str,
    valid_hours: u64,
) -> EmailMessage {
    let link = reset_link(settings, token);
    let app = settings.app_name.as_str();
    let lifetime = counted(lang, valid_hours, Unit::Hours);
    Draft {
        subject: mail::IMMTRAC2_RESET_SUBJECT.fill(lang, &[("app", app)]),
        greeting: greeting(lang, ""),
        before: vec![mail::IMMTRAC2_RESET_INTRO
            .fill(lang, &[("app", app), ("lifetime", lifetime.as_str())])
            .into()],
        link: Some((lang.text(mail::RESET_PASSWORD), &link)),
        after: vec![support_line(settings, lang)],
    }
    .send_to(settings, lang, to)
}

/// "The IAMOnline password was changed for your account", with a one-time
/// Report Suspicious Activity link (seed 001 "Your Password Was Changed").
pub fn password_changed(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
    token: &str,
) -> EmailMessage {
    let link = report_link(settings, token);
    let portal = settings.portal_name.as_str();
    Draft {
        subject: mail::PASSWORD_CHANGED_SUBJECT.fill(lang, &[("portal", portal)]),
        greeting: greeting(lang, first_name),
        before: [
            vec![Para::Plain(
                mail::PASSWORD_CHANGED.fill(lang, &[("portal", portal)]),
            )],
            unrecognised_activity(lang),
        ]
        .concat(),
        link: Some((lang.text(mail::REPORT_SUSPICIOUS), &link)),
        after: vec![],
    }
    .send_with_help_early(settings, lang, to)
}

/// "A security method was added to your account" (or removed), with a
/// one-time Report Suspicious Activity link (docs/authenticators.md).
pub fn security_method_changed(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
    method: &str,
    added: bool,
    token: &str,
) -> EmailMessage {
    let link = report_link(settings, token);
    let portal = settings.portal_name.as_str();
    let (subject, what) = if added {
        (mail::METHOD_ADDED_SUBJECT, mail::METHOD_ADDED)
    } else {
        (mail::METHOD_REMOVED_SUBJECT, mail::METHOD_REMOVED)
    };
    let what = what.fill(lang, &[("method", method), ("portal", portal)]);
    Draft {
        subject: lang.text(subject).to_owned(),
        greeting: greeting(lang, first_name),
        before: [vec![Para::Plain(what)], unrecognised_activity(lang)].concat(),
        link: Some((lang.text(mail::REPORT_SUSPICIOUS), &link)),
        after: vec![],
    }
    .send_to(settings, lang, to)
}

/// The code e-mail's subject (seed 001 "Verification Email from Okta").
pub fn verification_subject(settings: &Settings, lang: Lang) -> String {
    mail::VERIFICATION_SUBJECT.fill(lang, &[("portal", settings.portal_name.as_str())])
}

/// A code e-mail, shaped as seed 001's verification e-mail: what the code
/// is for, the code itself, then what to do if it was not you.
fn code_message(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
    intro: String,
    code: &str,
    warning: Para,
) -> EmailMessage {
    Draft {
        subject: verification_subject(settings, lang),
        greeting: greeting(lang, first_name),
        before: vec![
            intro.into(),
            Para::Strong(mail::ENTER_CODE.fill(lang, &[("code", code)])),
            warning,
        ],
        link: None,
        after: vec![],
    }
    .send_to(settings, lang, to)
}

/// A code e-mail's first paragraph: `msg` with the portal and the lifetime.
fn code_intro(settings: &Settings, lang: Lang, msg: Msg, valid_minutes: u64) -> String {
    msg.fill(
        lang,
        &[
            ("portal", settings.portal_name.as_str()),
            (
                "lifetime",
                spelled(lang, valid_minutes, Unit::Minutes).as_str(),
            ),
        ],
    )
}

/// The sign-in verification code (seed 001, docs/product.md §3.2).
pub fn signin_code(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
    code: &str,
    valid_minutes: u64,
) -> EmailMessage {
    code_message(
        settings,
        lang,
        to,
        first_name,
        code_intro(settings, lang, mail::SIGNIN_CODE_INTRO, valid_minutes),
        code,
        with_team(settings, lang, mail::SIGNIN_CODE_WARNING),
    )
}

/// "Email me a code instead" of the CAPTCHA image (WCAG 1.1.1): the code
/// answers that one image's challenge, nothing else.
pub fn captcha_code(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
    code: &str,
    valid_minutes: u64,
) -> EmailMessage {
    code_message(
        settings,
        lang,
        to,
        first_name,
        code_intro(settings, lang, mail::CAPTCHA_CODE_INTRO, valid_minutes),
        code,
        with_team(settings, lang, mail::CAPTCHA_CODE_WARNING),
    )
}

/// The same for a public request form (no account yet): the code goes to
/// the address typed on the form and answers only a form with that address.
pub fn form_captcha_code(
    settings: &Settings,
    lang: Lang,
    to: &str,
    code: &str,
    valid_minutes: u64,
) -> EmailMessage {
    code_message(
        settings,
        lang,
        to,
        "",
        code_intro(settings, lang, mail::FORM_CAPTCHA_CODE_INTRO, valid_minutes),
        code,
        lang.text(mail::FORM_CAPTCHA_CODE_WARNING).to_owned().into(),
    )
}

/// IAMOnline Forgot Password: a Reset Password link and the same-lived
/// 6-digit code for when the link cannot be used (seed 001 "Reset Password"
/// link, docs/product.md §5).
pub fn recovery_code(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
    code: &str,
    token: &str,
    valid_minutes: u64,
) -> EmailMessage {
    let link = reset_link(settings, token);
    let portal = settings.portal_name.as_str();
    let lifetime = spelled(lang, valid_minutes, Unit::Minutes);
    let note = in_words(lang, valid_minutes, Unit::Minutes);
    Draft {
        subject: mail::RECOVERY_SUBJECT.fill(lang, &[("portal", portal)]),
        greeting: greeting(lang, first_name),
        before: vec![mail::RECOVERY_INTRO
            .fill(lang, &[("portal", portal), ("lifetime", lifetime.as_str())])
            .into()],
        link: Some((lang.text(mail::RESET_PASSWORD), &link)),
        after: vec![
            mail::RECOVERY_LINK_NOTE
                .fill(lang, &[("lifetime", note.as_str())])
                .into(),
            Para::Strong(mail::RECOVERY_CODE.fill(lang, &[("code", code)])),
            support_line(settings, lang),
        ],
    }
    .send_to(settings, lang, to)
}

/// The code that proves a new account's address during activation (docs/product.md §7).
pub fn activation_code(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
    code: &str,
    valid_minutes: u64,
) -> EmailMessage {
    code_message(
        settings,
        lang,
        to,
        first_name,
        code_intro(settings, lang, mail::ACTIVATION_CODE_INTRO, valid_minutes),
        code,
        support_line(settings, lang),
    )
}

/// The account was locked by failed sign-ins: a reset link unlocks it
/// (docs/product.md §3.1, Okta's self-service unlock).
pub fn account_locked(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
    token: &str,
    valid_hours: u64,
) -> EmailMessage {
    let link = reset_link(settings, token);
    let app = settings.app_name.as_str();
    let lifetime = counted(lang, valid_hours, Unit::Hours);
    Draft {
        subject: mail::LOCKED_SUBJECT.fill(lang, &[("app", app)]),
        greeting: greeting(lang, first_name),
        before: vec![
            mail::LOCKED.fill(lang, &[("app", app)]).into(),
            mail::LOCKED_IF_YOU
                .fill(lang, &[("lifetime", lifetime.as_str())])
                .into(),
        ],
        link: Some((lang.text(mail::RESET_PASSWORD), &link)),
        after: vec![with_team(settings, lang, mail::LOCKED_IF_NOT)],
    }
    .send_to(settings, lang, to)
}

/// The portal locked a directory account: no reset link (the directory
/// holds the password); the help desk unlocks it.
pub fn directory_account_locked(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
) -> EmailMessage {
    let app = settings.app_name.as_str();
    Draft {
        subject: mail::LOCKED_SUBJECT.fill(lang, &[("app", app)]),
        greeting: greeting(lang, first_name),
        before: vec![
            mail::DIRECTORY_LOCKED.fill(lang, &[("app", app)]).into(),
            mail::DIRECTORY_UNLOCK
                .fill(
                    lang,
                    &[
                        ("phone", settings.texts_in(lang).help_desk_phone),
                        ("hours", settings.texts_in(lang).help_desk_hours),
                    ],
                )
                .into(),
            mail::DIRECTORY_IF_NOT
                .fill(
                    lang,
                    &[("link", settings.internal_password_reset_url.as_str())],
                )
                .into(),
        ],
        link: None,
        after: vec![],
    }
    .send_to(settings, lang, to)
}

/// Strangers walked an unknown-device ladder to its end: the owner learns
/// it once (issue 15, point 9). No link: the message must not become a
/// way to send the owner someone else's text or a phishing look-alike.
pub fn unknown_devices_blocked(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
    what: UnknownDeviceBlockKind,
) -> EmailMessage {
    let app = settings.app_name.as_str();
    let (subject, happened, effect) = match what {
        UnknownDeviceBlockKind::SignIn => (
            mail::SIGNIN_BLOCKED_SUBJECT,
            mail::SIGNIN_BLOCKED_HAPPENED,
            mail::SIGNIN_BLOCKED_EFFECT,
        ),
        UnknownDeviceBlockKind::Reset => (
            mail::RESET_BLOCKED_SUBJECT,
            mail::RESET_BLOCKED_HAPPENED,
            mail::RESET_BLOCKED_EFFECT,
        ),
    };
    let fill = |msg: Msg| msg.fill(lang, &[("app", app)]);
    Draft {
        subject: fill(subject),
        greeting: greeting(lang, first_name),
        before: vec![
            fill(happened).into(),
            fill(effect).into(),
            with_team(settings, lang, mail::BLOCKED_IF_NOT),
        ],
        link: None,
        after: vec![],
    }
    .send_to(settings, lang, to)
}

/// The right password was typed but the e-mailed code was not, five times:
/// someone may know the password (checklist B11). No link, as above.
pub fn password_without_code(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
) -> EmailMessage {
    let app = settings.app_name.as_str();
    Draft {
        subject: mail::PASSWORD_USED_SUBJECT.fill(lang, &[("app", app)]),
        greeting: greeting(lang, first_name),
        before: vec![
            mail::PASSWORD_USED.fill(lang, &[("app", app)]).into(),
            lang.text(mail::PASSWORD_USED_IF_YOU).to_owned().into(),
            with_team(settings, lang, mail::PASSWORD_USED_IF_NOT),
        ],
        link: None,
        after: vec![],
    }
    .send_to(settings, lang, to)
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
    lang: Lang,
    to: &str,
    first_name: &str,
    token: &str,
    valid_hours: u64,
) -> EmailMessage {
    let link = reset_link(settings, token);
    let app = settings.app_name.as_str();
    let lifetime = counted(lang, valid_hours, Unit::Hours);
    Draft {
        subject: mail::CHANGE_REQUIRED_SUBJECT.fill(lang, &[("app", app)]),
        greeting: greeting(lang, first_name),
        before: vec![
            mail::CHANGE_REQUIRED.fill(lang, &[("app", app)]).into(),
            mail::CHANGE_REQUIRED_LINK
                .fill(lang, &[("lifetime", lifetime.as_str())])
                .into(),
        ],
        link: Some((lang.text(mail::RESET_PASSWORD), &link)),
        after: vec![],
    }
    .send_to(settings, lang, to)
}

/// The public request form's receipt: support will decide (docs/product.md §7).
/// A stranger can send this to any address: it carries no text they typed
/// (no name), only ours.
pub fn request_received(settings: &Settings, lang: Lang, to: &str) -> EmailMessage {
    let portal = settings.portal_name.as_str();
    Draft {
        subject: mail::REQUEST_RECEIVED_SUBJECT.fill(lang, &[("portal", portal)]),
        greeting: greeting(lang, ""),
        before: vec![
            mail::REQUEST_RECEIVED
                .fill(
                    lang,
                    &[("portal", portal), ("app", settings.app_name.as_str())],
                )
                .into(),
            support_line(settings, lang),
        ],
        link: None,
        after: vec![],
    }
    .send_to(settings, lang, to)
}

/// Support rejected a request; the requester reads why.
pub fn request_rejected(
    settings: &Settings,
    lang: Lang,
    to: &str,
    first_name: &str,
    reason: &str,
) -> EmailMessage {
    let portal = settings.portal_name.as_str();
    Draft {
        subject: mail::REQUEST_REJECTED_SUBJECT.fill(lang, &[("portal", portal)]),
        greeting: greeting(lang, first_name),
        before: vec![
            mail::REQUEST_REJECTED
                .fill(lang, &[("portal", portal)])
                .into(),
            mail::REASON.fill(lang, &[("reason", reason)]).into(),
        ],
        link: None,
        after: vec![],
    }
    .send_to(settings, lang, to)
}

/// A citizen sign-up for an address that has an account already: the
/// owner is told (and pointed at Forgot Password); the form's answer is
/// the same as for a new address, so it reveals nothing.
/// A stranger can send this to any address: it carries no text they typed.
pub fn account_exists(settings: &Settings, lang: Lang, to: &str) -> EmailMessage {
    let forgot = page_link(settings, Page::ForgotPassword);
    let portal = settings.portal_name.as_str();
    Draft {
        subject: mail::ACCOUNT_EXISTS_SUBJECT.fill(lang, &[("portal", portal)]),
        greeting: greeting(lang, ""),
        before: vec![
            mail::ACCOUNT_EXISTS
                .fill(lang, &[("portal", portal)])
                .into(),
            lang.text(mail::ACCOUNT_EXISTS_FORGOT).to_owned().into(),
        ],
        link: Some((lang.text(mail::FORGOT_PASSWORD), &forgot)),
        after: vec![support_line(settings, lang)],
    }
    .send_to(settings, lang, to)
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
        let mail = welcome(
            &settings,
            Lang::En,
            "jo@example.org",
            "John",
            "JO1234SM",
            "tok",
            7,
        );
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
        assert!(mail
            .html
            .unwrap_or_default()
            .starts_with("<!doctype html><html lang=\"en\">"));
    }

    #[test]
    fn code_mails_carry_the_code_and_its_five_minutes() {
        let settings = Settings::default();
        for mail in [
            signin_code(&settings, Lang::En, "jo@example.org", "Paul", "354180", 5),
            activation_code(&settings, Lang::En, "jo@example.org", "Paul", "354180", 5),
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
        let mail = recovery_code(
            &settings,
            Lang::En,
            "jo@example.org",
            "Pat",
            "561108",
            "tok",
            5,
        );
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
        let mail = password_changed(&settings, Lang::En, "jo@example.org", "Pat", "tok");
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
        let mail = immtrac2_reset_link(&settings, Lang::En, "jo@example.org", "tok", 24);
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
            Lang::En,
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
        let (en, to) = (Lang::En, "jo@example.org");
        for mail in [
            account_locked(&s, en, to, "Jo", "t", 24),
            directory_account_locked(&s, en, to, "Jo"),
            unknown_devices_blocked(&s, en, to, "Jo", UnknownDeviceBlockKind::SignIn),
            unknown_devices_blocked(&s, en, to, "Jo", UnknownDeviceBlockKind::Reset),
            password_without_code(&s, en, to, "Jo"),
            captcha_code(&s, en, to, "Jo", "K7RXA", 5),
            password_change_required(&s, en, to, "Jo", "t", 24),
            security_method_changed(&s, en, to, "Jo", "Phone", true, "t"),
            request_rejected(&s, en, to, "Jo", "unknown org"),
        ] {
            assert_framed(&mail, "Hi Jo,");
        }
        assert_framed(&request_received(&s, en, to), "Hi,");
        assert_framed(&form_captcha_code(&s, en, to, "K7RXA", 5), "Hi,");
        assert_framed(&account_exists(&s, en, to), "Hi,");
    }

    #[test]
    fn spanish_mails_carry_the_same_facts() {
        let settings = Settings {
            public_url: "https://iam.example.org/".into(),
            ..Settings::default()
        };
        let es = Lang::Es;
        let to = "jo@example.org";
        let welcomed = welcome(&settings, es, to, "Juan", "JO1234SM", "tok", 7);
        let recovery = recovery_code(&settings, es, to, "Pat", "561108", "tok", 5);
        let signin = signin_code(&settings, es, to, "Paul", "354180", 5);
        let changed = password_changed(&settings, es, to, "Pat", "tok");

        assert_eq!(welcomed.subject, "Le damos la bienvenida a IAMOnline");
        assert_eq!(recovery.subject, "Restablecer su contraseña de IAMOnline");
        assert_eq!(
            signin.subject,
            "IAMOnline | Verificación de su correo electrónico"
        );
        assert_eq!(changed.subject, "Se cambió su contraseña de IAMOnline");

        let facts: [(&EmailMessage, &[&str]); 4] = [
            (
                &welcomed,
                &[
                    "Hola, Juan:",
                    "Nombre de usuario: JO1234SM",
                    "Activar cuenta: https://iam.example.org/activate#token=tok",
                    "siete (7) días",
                    "Acuerdo de Uso Aceptable (AUA): https://iam.example.org/aua",
                ],
            ),
            (
                &recovery,
                &[
                    "Hola, Pat:",
                    "cinco (5) minutos",
                    "Nota: este enlace vence en cinco minutos.",
                    "Restablecer contraseña: https://iam.example.org/reset-password#token=tok",
                    "561108",
                    "Atención al Cliente de ImmTrac2 al 1-800-348-9158 o a ImmTrac2@dshs.texas.gov",
                ],
            ),
            (
                &signin,
                &[
                    "Hola, Paul:",
                    "Escriba este código: 354180",
                    "cinco (5) minutos",
                ],
            ),
            (
                &changed,
                &[
                    "Hola, Pat:",
                    "¿No reconoce esta actividad?",
                    "Informar actividad sospechosa: https://iam.example.org/report-suspicious#token=tok",
                ],
            ),
        ];
        for (mail, facts) in facts {
            let text = &mail.text;
            for fact in facts.iter().chain(&[
                "Mesa de Ayuda de TI al 512-438-4720 o 855-435-7181 (llamada gratuita), de 7:00 a. m. a 7:00 p. m., hora del centro (CT), de lunes a viernes",
                "Gracias,\nEquipo de IAM",
                "Este es un mensaje automático de IAMOnline.",
            ]) {
                assert!(text.contains(fact), "missing {fact:?} in {text}");
            }
            for english in [
                "Hi ",
                "Thank you,",
                "Welcome to",
                "Username:",
                "Enter this code",
                "please contact",
                "Customer Support",
                "IT Help Desk",
                "This is an automatically generated message",
                "Replies are not monitored",
                "minutes",
                "days",
                "Reset Password",
                "Report Suspicious Activity",
                "Monday through Friday",
                "toll-free",
            ] {
                assert!(!text.contains(english), "English {english:?} in {text}");
            }
            let html = mail.html.as_deref().unwrap_or_default();
            assert!(html.contains("<html lang=\"es\">"), "{html}");
            assert!(html.contains("Gracias,<br>Equipo de IAM"), "{html}");
        }
        assert!(signin
            .html
            .as_deref()
            .unwrap_or_default()
            .contains("<strong>Escriba este código: 354180</strong>"));
        // The seed's order holds in Spanish too: what changed, whom to
        // call, then the question.
        let at = |fact: &str| changed.text.find(fact).unwrap_or(usize::MAX);
        assert!(at("Se cambió la contraseña de IAMOnline") < at("Mesa de Ayuda de TI"));
        assert!(at("Mesa de Ayuda de TI") < at("¿No reconoce esta actividad?"));
    }

    #[test]
    fn lifetimes_are_spelled_as_the_seeds_do() {
        let en = Lang::En;
        assert_eq!(spelled(en, 5, Unit::Minutes), "five (5) minutes");
        assert_eq!(spelled(en, 7, Unit::Days), "seven (7) days");
        assert_eq!(spelled(en, 1, Unit::Days), "one (1) day");
        assert_eq!(spelled(en, 90, Unit::Minutes), "90 minutes");
        assert_eq!(in_words(en, 5, Unit::Minutes), "five minutes");
        assert_eq!(counted(en, 24, Unit::Hours), "24 hours");
    }

    #[test]
    fn spanish_lifetimes_agree_with_their_unit() {
        let es = Lang::Es;
        assert_eq!(spelled(es, 5, Unit::Minutes), "cinco (5) minutos");
        assert_eq!(spelled(es, 7, Unit::Days), "siete (7) días");
        assert_eq!(spelled(es, 1, Unit::Minutes), "un (1) minuto");
        assert_eq!(spelled(es, 1, Unit::Days), "un (1) día");
        assert_eq!(spelled(es, 1, Unit::Hours), "una (1) hora");
        assert_eq!(spelled(es, 12, Unit::Hours), "doce (12) horas");
        assert_eq!(spelled(es, 0, Unit::Minutes), "cero (0) minutos");
        assert_eq!(spelled(es, 90, Unit::Minutes), "90 minutos");
        assert_eq!(in_words(es, 5, Unit::Minutes), "cinco minutos");
        assert_eq!(counted(es, 24, Unit::Hours), "24 horas");
        assert_eq!(counted(es, 1, Unit::Hours), "1 hora");
    }

    #[test]
    fn lock_mail_explains_the_lock_and_carries_a_reset_link_in_the_fragment() {
        let settings = Settings::default();
        let mail = account_locked(&settings, Lang::En, "jo@example.org", "John", "tok", 24);
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
        let mail = welcome(
            &settings,
            Lang::En,
            "jo@example.org",
            "<script>",
            "JO1234SM",
            "t",
            7,
        );
        let html = mail.html.unwrap_or_default();
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    }
}
