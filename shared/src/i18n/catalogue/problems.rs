//! The problem details the server writes (`detail` of problem+json); the
//! `code` beside them never changes with the language.

use crate::i18n::{catalogue_area, Area};

catalogue_area! { Area::Problems;
    NOT_FOUND = "The requested resource was not found." / "No se encontró el recurso solicitado.";
    METHOD_NOT_ALLOWED = "This method is not allowed on this resource." / "Este método no está permitido en este recurso.";
    PAYLOAD_TOO_LARGE = "The request body is larger than this endpoint accepts." / "La solicitud es más grande de lo permitido.";
    UNSUPPORTED_MEDIA_TYPE = "The request body must be JSON, sent with Content-Type: application/json." / "El cuerpo de la solicitud debe ser JSON, enviado con Content-Type: application/json.";
    MALFORMED_BODY = "The request could not be understood." / "No se pudo entender la solicitud.";
    RATE_LIMITED = "Too many requests. Please wait a moment and try again." / "Demasiadas solicitudes. Espere un momento e inténtelo de nuevo.";
    UNAVAILABLE = "The service is temporarily unavailable. Please try again in a few minutes." / "El servicio no está disponible en este momento. Inténtelo de nuevo en unos minutos.";
    BUSY = "The service is very busy right now. Please try again in a moment." / "El servicio está muy ocupado ahora. Inténtelo de nuevo en unos instantes.";
    INTERNAL = "Something went wrong on our side. Please try again; if it keeps happening, contact support." / "Ocurrió un error en nuestro sistema. Inténtelo de nuevo; si sigue ocurriendo, comuníquese con la Mesa de Ayuda.";
    REQUEST_TIMEOUT = "The request did not complete in time. Please try again." / "La solicitud no se completó a tiempo. Inténtelo de nuevo.";
    VALIDATION_FAILED = "Some fields are missing or invalid." / "Faltan algunos datos o no son válidos.";
    CONFLICT_RACE = "This already exists (created a moment ago). Reload and check." / "Esto ya existe (se creó hace un momento). Vuelva a cargar la página y verifique.";
    CAPTCHA_INVALID = "The characters you entered did not match the image. Please try again with the new image." / "Los caracteres que escribió no coinciden con la imagen. Inténtelo de nuevo con la imagen nueva.";
    SIGNIN_EXPIRED = "This sign-in has expired. Please sign in again." / "Este inicio de sesión ha vencido. Inicie sesión de nuevo.";
    SIGNIN_USED = "This sign-in is already complete. Please sign in again." / "Este inicio de sesión ya se completó. Inicie sesión de nuevo.";
}
