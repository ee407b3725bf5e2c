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
#[cfg(not(any(feature = "portal", feature = "support")))]
const AREAS: [Area; 2] = [Area::Common, Area::Signin];
#[cfg(feature = "portal")]
const AREAS: [Area; 4] = [Area::Common, Area::Signin, Area::Account, Area::Portal];
#[cfg(feature = "support")]
const AREAS: [Area; 3] = [Area::Common, Area::Signin, Area::Console];

/// The browser tab's title where it says more than the portal's name.
#[cfg(not(any(feature = "portal", feature = "support")))]
const TITLE: Option<Msg> = Some(iam_shared::i18n::signin::SIGN_IN_TITLE);
#[cfg(feature = "portal")]
const TITLE: Option<Msg> = None;
#[cfg(feature = "support")]
const TITLE: Option<Msg> = Some(iam_shared::i18n::console::DOCUMENT_TITLE);

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
    /// Per area (by `Area::ALL` position), the fetched texts, leaked once
    /// so that [`t`] can hand out `&'static str` like the English.
    static LOADED: RefCell<[Option<&'static [String]>; Area::ALL.len()]> =
        const { RefCell::new([None; Area::ALL.len()]) };
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
    version: String,
}

/// Where this tab remembers that the portal does not offer a language, so
/// that a browser asking for it does not wait for a 404 at every page.
const UNOFFERED_KEY: &str = "iam.lang.unoffered";

/// How long the page waits for its texts before it shows itself in English.
const FETCH_DEADLINE_MS: i32 = 3000;

enum Fetched {
    Texts(Vec<String>),
    NotOffered,
    Failed,
}

async fn fetch_area(lang: Lang, area: Area) -> Fetched {
    let version = area.version();
    let url = format!("/api/v1/texts/{}/{}?v={version}", lang.tag(), area.slug());
    match gloo_net::http::Request::get(&url).send().await {
        Ok(response) if response.ok() => match response.json::<Texts>().await {
            Ok(fetched) if fetched.version == version => Fetched::Texts(fetched.texts),
            // Another release's catalogue: its positions may not be ours.
            _ => Fetched::Failed,
        },
        Ok(response) if response.status() == 404 => Fetched::NotOffered,
        _ => Fetched::Failed,
    }
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Every area's texts in `lang`, or none: a page half in one language and
/// half in another would be worse than English.
async fn fetch_all(lang: Lang) -> Option<Vec<Vec<String>>> {
    use futures::future::{join_all, select, Either};
    let all = join_all(AREAS.map(|area| fetch_area(lang, area)));
    let deadline = sleep_ms(FETCH_DEADLINE_MS);
    futures::pin_mut!(all, deadline);
    let Either::Left((fetched, _)) = select(all, deadline).await else {
        return None;
    };
    if fetched.iter().any(|f| matches!(f, Fetched::NotOffered)) {
        if let Some(storage) = session_storage() {
            let _ = storage.set_item(UNOFFERED_KEY, lang.tag());
        }
    }
    fetched
        .into_iter()
        .map(|f| match f {
            Fetched::Texts(texts) => Some(texts),
            Fetched::NotOffered | Fetched::Failed => None,
        })
        .collect()
}

/// Before the app mounts: settle the language and fetch its texts, for at
/// most three seconds. A language the portal does not offer has none to
/// fetch (404), and the page stays in English. The page's `lang`
/// attribute follows.
pub async fn prepare() {
    let mut lang = preferred();
    let unoffered = session_storage()
        .and_then(|s| s.get_item(UNOFFERED_KEY).ok().flatten())
        .is_some_and(|tag| tag == lang.tag());
    if lang != Lang::En {
        let fetched = if unoffered {
            None
        } else {
            fetch_all(lang).await
        };
        match fetched {
            Some(areas) => {
                for (area, texts) in AREAS.into_iter().zip(areas) {
                    let slot = Area::ALL.iter().position(|a| *a == area).unwrap_or(0);
                    let texts: &'static [String] = Box::leak(texts.into_boxed_slice());
                    LOADED.with(|loaded| loaded.borrow_mut()[slot] = Some(texts));
                }
            }
            None => lang = Lang::En,
        }
    }
    CURRENT.with(|c| c.set(lang));
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(root) = document
        .as_ref()
        .and_then(web_sys::Document::document_element)
    {
        let _ = root.set_attribute("lang", lang.tag());
    }
    // The page's own title is the build's, in English (web/build.sh).
    if let (Some(document), Some(title)) = (document, TITLE.filter(|_| lang != Lang::En)) {
        document.set_title(&tf(title, &[("portal", "IAMOnline")]));
    }
}

/// Choose `lang` in this browser and show the page again in it.
pub fn choose(lang: Lang) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, lang.tag());
    }
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(UNOFFERED_KEY);
    }
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
