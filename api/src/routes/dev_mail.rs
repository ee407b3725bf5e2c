//! `/dev/mail`: the newest e-mails, readable in the browser, so a newcomer
//! running `make run` (file transport, no SMTP server) can follow activation
//! and reset links. Mounted only in dev mode, with the file transport, on a
//! loopback address (see `routes::dev_mail_enabled`).

use actix_web::{web, HttpResponse};

use crate::error::AppResult;
use crate::mail::templates::escape_html;
use crate::state::AppState;

/// Escape a body and turn its http(s) URLs into links.
fn linkify(text: &str) -> String {
    text.split_inclusive(char::is_whitespace)
        .map(|word| {
            let trimmed = word.trim_end();
            if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
                let url = escape_html(trimmed);
                format!("<a href=\"{url}\">{url}</a>{}", &word[trimmed.len()..])
            } else {
                escape_html(word)
            }
        })
        .collect()
}

/// List the 50 newest messages.
pub async fn list_dev_mail(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = state.db.run(crate::services::dev_mail::recent).await?;
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Development mail</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>\
         <main><h1>Development mail</h1><p>Messages written by the file transport (newest first). \
         This page exists only in dev mode.</p>",
    );
    if rows.is_empty() {
        html.push_str("<p>No mail yet.</p>");
    }
    for row in rows {
        let body = match state.mail_sealer.open(&row.body_text) {
            Ok(text) => linkify(&text),
            Err(_) if row.body_text.is_empty() => "(delivered; the body was erased)".to_owned(),
            Err(e) => escape_html(&e.to_string()),
        };
        html.push_str(&format!(
            "<article><h2>{}</h2><p>To: {} · {} · {}</p><pre style=\"white-space:pre-wrap\">{}</pre></article><hr>",
            escape_html(&row.subject),
            escape_html(&row.recipient),
            row.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
            escape_html(row.status.as_str()),
            body
        ));
    }
    html.push_str("</main></body></html>");
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_escaped_and_links_clickable() {
        let out = linkify("Go <b>now</b>: http://127.0.0.1:8080/activate#token=abc\nbye");
        assert!(out.contains("&lt;b&gt;now&lt;/b&gt;"));
        assert!(out.contains("<a href=\"http://127.0.0.1:8080/activate#token=abc\">"));
    }
}
