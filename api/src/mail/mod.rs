//! Outgoing mail: a [`Mailer`] trait with an SMTP and a file transport
//! (both lettre), message templates, and the outbox sender.

pub mod outbox;
pub mod templates;

use std::path::PathBuf;

use async_trait::async_trait;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::{MailTransportKind, Settings};

/// One e-mail, as the templates build it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailMessage {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// A delivery failure; the outbox retries it.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(String),
    #[error("could not build the message: {0}")]
    Build(String),
    #[error("delivery failed: {0}")]
    Transport(String),
}

/// Delivers one message or says why not.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, message: &EmailMessage) -> Result<(), MailError>;
}

/// Build the transport named in the settings.
pub fn from_settings(settings: &Settings) -> Result<std::sync::Arc<dyn Mailer>, MailError> {
    let from: Mailbox = settings
        .mail_from
        .parse()
        .map_err(|e| MailError::Address(format!("mail_from: {e}")))?;
    Ok(match settings.mail_transport {
        MailTransportKind::Smtp => {
            std::sync::Arc::new(SmtpMailer::new(settings.smtp_url.expose_secret(), from)?)
        }
        MailTransportKind::File => std::sync::Arc::new(FileMailer::new(settings.mail_dir(), from)?),
    })
}

/// Turn an [`EmailMessage`] into a MIME message. lettre encodes headers, so
/// names with CR/LF cannot inject headers.
fn build(from: &Mailbox, message: &EmailMessage) -> Result<Message, MailError> {
    let to: Mailbox = message
        .to
        .parse()
        .map_err(|e| MailError::Address(format!("{e}")))?;
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(message.subject.replace(['\r', '\n'], " "));
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(message.text.clone());
    let built = match &message.html {
        Some(html) => builder.multipart(
            MultiPart::alternative().singlepart(text).singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(html.clone()),
            ),
        ),
        None => builder.singlepart(text),
    };
    built.map_err(|e| MailError::Build(e.to_string()))
}

/// Any lettre transport behind the [`Mailer`] trait: SMTP (`smtp://` plain or
/// `?tls=required` STARTTLS, `smtps://` TLS) or `.eml` files.
pub struct LettreMailer<T> {
    transport: T,
    from: Mailbox,
}

/// SMTP delivery.
pub type SmtpMailer = LettreMailer<AsyncSmtpTransport<Tokio1Executor>>;
/// `.eml` files for development (`/dev/mail` lists what was sent).
pub type FileMailer = LettreMailer<AsyncFileTransport<Tokio1Executor>>;

impl SmtpMailer {
    pub fn new(url: &str, from: Mailbox) -> Result<Self, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::Transport(format!("smtp_url: {e}")))?
            .timeout(Some(std::time::Duration::from_secs(10)))
            .build();
        Ok(Self { transport, from })
    }
}

impl FileMailer {
    pub fn new(dir: PathBuf, from: Mailbox) -> Result<Self, MailError> {
        std::fs::create_dir_all(&dir)
            .map_err(|e| MailError::Transport(format!("{}: {e}", dir.display())))?;
        Ok(Self {
            transport: AsyncFileTransport::new(dir),
            from,
        })
    }
}

#[async_trait]
impl<T> Mailer for LettreMailer<T>
where
    T: AsyncTransport + Send + Sync,
    T::Error: std::fmt::Display,
{
    async fn send(&self, message: &EmailMessage) -> Result<(), MailError> {
        let mime = build(&self.from, message)?;
        self.transport
            .send(mime)
            .await
            .map(drop)
            .map_err(|e| MailError::Transport(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_cannot_inject_headers() {
        let from: Mailbox = "ImmTrac2 <ImmTrac2@dshs.texas.gov>"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        let message = EmailMessage {
            to: "a@example.org".into(),
            subject: "Hi\r\nBcc: evil@example.org".into(),
            text: "body".into(),
            html: None,
        };
        let raw = String::from_utf8(
            build(&from, &message)
                .map(|m| m.formatted())
                .unwrap_or_default(),
        )
        .unwrap_or_default();
        assert!(!raw.contains("\r\nBcc:"), "{raw}");
    }

    #[test]
    fn invalid_recipients_are_refused() {
        let from: Mailbox = "a@example.org".parse().unwrap_or_else(|_| unreachable!());
        let message = EmailMessage {
            to: "not an address".into(),
            subject: "s".into(),
            text: "t".into(),
            html: None,
        };
        assert!(matches!(build(&from, &message), Err(MailError::Address(_))));
    }
}
