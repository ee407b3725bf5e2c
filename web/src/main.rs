//! Entry point of the browser app.

fn main() {
    leptos::mount::mount_to_body(iam_web::App);
}
