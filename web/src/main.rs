//! Entry point of the browser app.

fn main() {
    // The page's language and its texts first (iam_web::i18n).
    wasm_bindgen_futures::spawn_local(async {
        iam_web::i18n::prepare().await;
        leptos::mount::mount_to_body(iam_web::App);
    });
}
