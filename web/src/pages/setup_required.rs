//! "Set up required" (the webinar's authenticator list): after the first
//! factors, a user whose policy asks for a method they do not have sets it
//! up before the Confidentiality Statement. The server decides what is
//! required (the step's `methods`); setting it up counts as using it.

use iam_shared::dto::signin::SigninMethod;
use leptos::prelude::*;

use crate::components::Submission;
use crate::flow::{use_flow, use_navigator};
use crate::pages::signin_flow::{handle_failure, BackToSignIn, NoSignin};
use crate::passkey;

#[component]
pub fn SetupRequired() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    let setting_up = Submission::new();
    let set_up_passkey = move |_| {
        let Some(tx) = flow.transaction_id.get_untracked() else {
            return;
        };
        setting_up.run(
            passkey::set_up_during_sign_in(tx),
            move |step| nav.go(flow.advance(&step)),
            move |problem| handle_failure(flow, problem),
        );
    };
    view! {
        <Show when=move || flow.transaction_id.get().is_some() fallback=NoSignin>
            <div class="card">
                <h1>"Set up security methods"</h1>
                <p>"Your account requires a security method that also protects it from look-alike sites. Set it up now to continue; you will use it each time you sign in."</p>
                {setting_up.banner()}
                <h2>"Set up required"</h2>
                <ul class="methods">
                    {move || flow.second_factors.get().into_iter().filter(|m| *m == SigninMethod::Passkey).map(|_| view! {
                        <li>
                            <span><strong>"Passkey"</strong><br/>
                                <small class="muted">"This device's screen lock (fingerprint, face or PIN), or a security key"</small></span>
                            {if passkey::supported() {
                                view! {
                                    <button type="button" disabled=move || setting_up.pending.get()
                                        aria-label="Set up Passkey" on:click=set_up_passkey>
                                        {move || if setting_up.pending.get() { "Waiting…" } else { "Set up" }}
                                    </button>
                                }.into_any()
                            } else {
                                view! { <span class="muted">"This browser cannot create passkeys."</span> }.into_any()
                            }}
                        </li>
                    }).collect_view()}
                </ul>
                <BackToSignIn/>
            </div>
        </Show>
    }
}
