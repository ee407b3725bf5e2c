//! Header, footer, the language switch, and controls every page shares.

use crate::i18n::{catalogue_area, Area};

catalogue_area! { Area::Common;
    SKIP_TO_MAIN = "Skip to main content" / "Saltar al contenido principal";
    BRAND = "Texas Health and Human Services" / "Salud y Servicios Humanos de Texas";
    /// The switch's accessible name.
    LANGUAGE = "Language" / "Idioma";
    HELP_DESK_LINE = "For issues signing in to {portal} or with Multifactor Authentication (MFA), contact the IT Help Desk at {phone}, {hours}." / "Si tiene problemas para iniciar sesión en {portal} o con la autenticación multifactor (MFA), comuníquese con la Mesa de Ayuda de TI al {phone}, {hours}.";
    CUSTOMER_SUPPORT_LINE = "For issues with Syntropi or {app} access, call {app} Customer Support at {phone}, {hours}, or email {email}." / "Si tiene problemas con el acceso a Syntropi o a {app}, llame a Atención al Cliente de {app} al {phone}, {hours}, o escriba a {email}.";
    SYSTEM_USE_NOTIFICATION = "System Use Notification" / "Aviso de uso del sistema";
    LOADING = "Loading…" / "Cargando…";
    PLEASE_WAIT = "Please wait…" / "Espere, por favor…";
    INTERNAL_ERROR = "Something went wrong on our side. Please try again." / "Ocurrió un error en nuestro sistema. Inténtelo de nuevo.";
    CHECK_FIELDS = "Some fields are missing or invalid. Please check the highlighted fields." / "Faltan algunos datos o no son válidos. Revise los campos marcados.";
    /// Shown when a configured legal text has no translation yet.
    NOT_TRANSLATED = "This text is not yet available in Spanish; it is shown in English." / "Este texto aún no está disponible en español; se muestra en inglés.";
    /// The browser app's own refusals (no answer from the server, a passkey
    /// the browser could not use).
    NETWORK_ERROR = "We could not reach the server. Check your connection and try again." / "No pudimos comunicarnos con el servidor. Revise su conexión e inténtelo de nuevo.";
    PLEASE_SIGN_IN = "Please sign in." / "Inicie sesión, por favor.";
    PASSKEY_CANCELLED = "The passkey request was cancelled or timed out. Try again, or verify with something else." / "La solicitud de la llave de acceso se canceló o se agotó el tiempo. Inténtelo de nuevo o verifique con otro método.";
    PASSKEY_ALREADY_HERE = "This device already has a passkey for your account." / "Este dispositivo ya tiene una llave de acceso para su cuenta.";
    PASSKEY_WRONG_ADDRESS = "Passkeys cannot be used on this address." / "Las llaves de acceso no se pueden usar en esta dirección web.";
    PASSKEY_FAILED = "This browser could not use a passkey. Try again, or verify with something else." / "Este navegador no pudo usar una llave de acceso. Inténtelo de nuevo o verifique con otro método.";
    PASSKEY_UNSUPPORTED = "This browser cannot use passkeys." / "Este navegador no puede usar llaves de acceso.";
    PASSKEY_UNREADABLE = "The passkey request could not be read. Please try again." / "No se pudo leer la solicitud de la llave de acceso. Inténtelo de nuevo.";
    /// Every bundle's "Page not found".
    PAGE_NOT_FOUND = "Page not found" / "Página no encontrada";
    NO_PAGE_HERE = "There is no page at this address." / "No hay ninguna página en esta dirección.";
}
