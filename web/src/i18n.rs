//! The browser side of the text catalogue (docs/i18n.md). The app carries
//! the English of the texts it uses; another language's texts are fetched
//! once, before the app mounts, for the areas this bundle shows. Choosing
//! a language reloads the page, so no text needs to be reactive.

use std::cell::{Cell, RefCell};

use iam_shared::i18n::{Area, Lang, Msg};
use serde::Deserialize;

/// Where the choice is remembered in the browser.
const STORAGE_KEY: &str = "iam.lang";

/// The areas this bundle shows (problem details come from the server
/// already in the reader's language).
const AREAS: [Area; 2] = [Area::Common, Area::Signin];

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
    /// Per area (by `Area::ALL` position), the fetched texts, leaked once
    /// so that [`t`] can hand out `&'static str` like the English.
    static LOADED: RefCell<[Option<&'static [String]>; 4]> = const { RefCell::new([None; 4]) };
}

/// The language the page is shown in.
pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

/// The text of `msg` in the page's language; English where a text was not
/// fetched (the fetch failed, or the area is not this bundle's). Never
/// inlined: it is called at every text of every screen.
#[inline(never)]
pub fn t(msg: Msg) -> &'static str {
    let slot = Area::ALL.iter().position(|a| *a == msg.area).unwrap_or(0);
    LOADED
        .with(|loaded| loaded.borrow()[slot])
        .and_then(|texts| texts.get(usize::from(msg.index)))
        .map_or(msg.en, String::as_str)
}

/// `msg` with its `{name}`s filled, in the page's language.
#[inline(never)]
pub fn tf(msg: Msg, args: &[(&str, &str)]) -> String {
    iam_shared::i18n::fill(t(msg), args)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The language chosen in this browser, else the browser's own first
/// preference the portal speaks (what `Accept-Language` says), else English.
fn preferred() -> Lang {
    let stored = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Lang::from_tag(&tag));
    stored
        .or_else(|| {
            let languages = web_sys::window()?.navigator().languages();
            languages
                .iter()
                .filter_map(|v| v.as_string())
                .find_map(|tag| Lang::from_tag(&tag))
        })
        .unwrap_or_default()
}

#[derive(Deserialize)]
struct Texts {
    texts: Vec<String>,
}

/// Before the app mounts: settle the language and fetch its texts. A
/// language the portal does not offer has none to fetch (404), and the
/// page stays in English. The page's `lang` attribute follows.
pub async fn prepare() {
    let mut lang = preferred();
    if lang != Lang::En {
        for area in AREAS {
            let url = format!("/api/v1/texts/{}/{}", lang.tag(), area.slug());
            let fetched = match gloo_net::http::Request::get(&url).send().await {
                Ok(response) if response.ok() => response.json::<Texts>().await.ok(),
                _ => None,
            };
            let Some(fetched) = fetched else {
                lang = Lang::En;
                break;
            };
            let slot = Area::ALL.iter().position(|a| *a == area).unwrap_or(0);
            let texts: &'static [String] = Box::leak(fetched.texts.into_boxed_slice());
            LOADED.with(|loaded| loaded.borrow_mut()[slot] = Some(texts));
        }
    }
    CURRENT.with(|c| c.set(lang));
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// Choose `lang` in this browser and show the page again in it.
pub fn choose(lang: Lang) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, lang.tag());
    }
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
