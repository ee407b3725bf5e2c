//! The texts the server writes into its answers: problem details
//! (`detail` of problem+json; the `code` beside them never changes with the
//! language), the `message` of a successful answer, and the texts of the
//! AUA form and of password feedback.

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
    INTERNAL = "Something went wrong on our side. Please try again; if it keeps happening, contact support." / "Ocurrió un error en nuestro sistema. Inténtelo de nuevo; si sigue ocurriendo, comuníquese con la Mesa de Ayuda de TI.";
    REQUEST_TIMEOUT = "The request did not complete in time. Please try again." / "La solicitud no se completó a tiempo. Inténtelo de nuevo.";
    VALIDATION_FAILED = "Some fields are missing or invalid." / "Faltan algunos datos o no son válidos.";
    CONFLICT_RACE = "This already exists (created a moment ago). Reload and check." / "Esto ya existe (se creó hace un momento). Vuelva a cargar la página y verifique.";
    CAPTCHA_INVALID = "The characters you entered did not match the image. Please try again with the new image." / "Los caracteres que escribió no coinciden con la imagen. Inténtelo de nuevo con la imagen nueva.";
    SIGNIN_EXPIRED = "This sign-in has expired. Please sign in again." / "Este inicio de sesión ha vencido. Inicie sesión de nuevo.";
    SIGNIN_USED = "This sign-in is already complete. Please sign in again." / "Este inicio de sesión ya se completó. Inicie sesión de nuevo.";
    MALFORMED_JSON = "The request body is not well-formed JSON." / "El cuerpo de la solicitud no es un JSON bien formado.";
    UNREADABLE_BODY = "The request body could not be read." / "No se pudo leer el cuerpo de la solicitud.";
    UNKNOWN_FIELD = "Unknown field `{field}` in the request body." / "No se reconoce el campo `{field}` del cuerpo de la solicitud.";
    MISSING_FIELD = "Missing field `{field}` in the request body." / "Falta el campo `{field}` en el cuerpo de la solicitud.";
    WRONG_FIELD_TYPE = "A field of the request body has the wrong type." / "Un campo del cuerpo de la solicitud tiene un tipo incorrecto.";
    INVALID_QUERY = "The query string is invalid." / "La cadena de consulta no es válida.";
    NOT_FROM_THE_APP = "This request must come from the sign-in app." / "Esta solicitud debe venir de la aplicación de inicio de sesión.";
    /// Shown when a session is missing, expired, idle too long or revoked.
    SESSION_ENDED = "Your session has ended. Please sign in again." / "Su sesión terminó. Inicie sesión de nuevo.";
    /// What a signed-in non-staff caller gets from a support route.
    STAFF_ONLY = "This page is for registry support staff." / "Esta página es para el personal de soporte del registro.";
    /// Shown when an action needs the password again.
    REAUTHENTICATE = "For your security, enter your password again to continue." / "Por su seguridad, escriba de nuevo su contraseña para continuar.";
    /// Shown when an action needs a whole new sign-in.
    SIGN_IN_AGAIN = "For your security, sign in again to change your security methods." / "Por su seguridad, inicie sesión de nuevo para cambiar sus métodos de seguridad.";
    NO_SUCH_SESSION = "No such session is live for your account." / "Esa sesión no está activa en su cuenta.";
    CURRENT_SESSION = "This is the session you are using: sign out instead." / "Esta es la sesión que está usando: para terminarla, cierre la sesión.";
    NOT_A_MEMBER = "You do not belong to this organization." / "Usted no pertenece a esta organización.";
    /// A disabled account's refusal at either door (seed 000).
    ACCOUNT_DISABLED = "Your user account is disabled. Please contact {app} Customer Support at {phone} or at {email}." / "Su cuenta de usuario está desactivada. Comuníquese con Atención al Cliente de {app} al {phone} o a {email}.";
    ACTIVATION_LINK_UNKNOWN = "This activation link is not valid. Check that you opened the whole link from the Welcome e-mail." / "Este enlace de activación no es válido. Verifique que abrió el enlace completo del correo de bienvenida.";
    ACTIVATION_LINK_USED = "This activation link was already used. Sign in with your username and password, or ask Customer Support for help." / "Este enlace de activación ya se usó. Inicie sesión con su nombre de usuario y contraseña, o pida ayuda a Atención al Cliente.";
    ACTIVATION_LINK_EXPIRED = "This activation link has expired. Ask Customer Support to send you a new one." / "Este enlace de activación venció. Pida a Atención al Cliente que le envíe uno nuevo.";
    VERIFY_EMAIL_FIRST = "Verify your e-mail address with the code first." / "Primero verifique su correo electrónico con el código.";
    RESET_LINK_UNKNOWN = "This link is not valid. Check that you opened the whole link from the e-mail, or request a new one." / "Este enlace no es válido. Verifique que abrió el enlace completo del correo, o pida uno nuevo.";
    RESET_LINK_USED = "This link was already used. Request a new one if you still need to reset your password." / "Este enlace ya se usó. Pida uno nuevo si todavía necesita restablecer su contraseña.";
    RESET_LINK_EXPIRED = "This link has expired. Request a new one to reset your password." / "Este enlace venció. Pida uno nuevo para restablecer su contraseña.";
    PLEASE_SIGN_IN = "Please sign in." / "Inicie sesión, por favor.";
    CODE_GONE = "This code can no longer be used. Select Send again to get a new code." / "Este código ya no se puede usar. Seleccione «Enviar de nuevo» para recibir un código nuevo.";
    CODE_EXPIRED = "This code has expired. Select Send again to get a new code." / "Este código venció. Seleccione «Enviar de nuevo» para recibir un código nuevo.";
    EMAIL_CODE_WRONG = "The code you entered is not valid. Please check the e-mail and try again." / "El código que escribió no es válido. Revise el correo e inténtelo de nuevo.";
    EMAIL_CODE_NOT_ENOUGH = "Your role requires a stronger security method than an e-mail code. Verify with your passkey or authenticator app." / "Su función requiere un método de seguridad más fuerte que un código por correo. Verifique con su llave de acceso o su aplicación de autenticación.";
    PASSKEY_REQUIRED_VERIFY = "Your role requires a passkey. Verify with your passkey." / "Su función requiere una llave de acceso. Verifique con su llave de acceso.";
    PASSKEY_REQUIRED_SET_UP = "Your role requires a passkey. Set up a passkey." / "Su función requiere una llave de acceso. Configure una llave de acceso.";
    NO_APP_SET_UP = "No authenticator app is set up for this account. Verify with the e-mail code." / "Esta cuenta no tiene una aplicación de autenticación configurada. Verifique con el código del correo.";
    APP_CODE_WRONG = "The code is incorrect. Enter the 6-digit code your authenticator app shows now." / "El código no es correcto. Escriba el código de 6 dígitos que su aplicación de autenticación muestra ahora.";
    /// The failed-password ladder (docs/product.md §3.1, seed 000): the
    /// account is locked, also said to the right password afterwards.
    LOGIN_ATTEMPTS_EXCEEDED = "Login attempts have been exceeded. Click on the Forgot Password button to reset your password and unlock your account." / "Se superó el número de intentos de inicio de sesión. Haga clic en el botón «¿Olvidó su contraseña?» para restablecer su contraseña y desbloquear su cuenta.";
    ONE_MORE_ATTEMPT = "You have one more attempt to enter correct user information before your account will be locked." / "Le queda un intento más para escribir correctamente sus datos de usuario antes de que su cuenta se bloquee.";
    INVALID_COMBINATION_ORG_CODE = "The Org Code, Username and Password combination is invalid." / "La combinación de código de organización, nombre de usuario y contraseña no es válida.";
    INVALID_COMBINATION = "The Username and Password combination is invalid." / "La combinación de nombre de usuario y contraseña no es válida.";
    REENTER_ORG_CODE = "The Org Code, Username, or password entered is invalid. Please re-enter your user information." / "El código de organización, el nombre de usuario o la contraseña que escribió no son válidos. Vuelva a escribir sus datos de usuario.";
    REENTER = "The Username or password entered is invalid. Please re-enter your user information." / "El nombre de usuario o la contraseña que escribió no son válidos. Vuelva a escribir sus datos de usuario.";
    NO_MATCH = "The information entered does not match our records. Please try again." / "Los datos que escribió no coinciden con nuestros registros. Inténtelo de nuevo.";
    RESET_ATTEMPTS_EXCEEDED = "You have exceeded the number of attempts to reset your password. Please contact {app} Customer Support at {phone} or at {email}." / "Superó el número de intentos para restablecer su contraseña. Comuníquese con Atención al Cliente de {app} al {phone} o a {email}.";
    /// A transaction whose e-mailed link was voided (a newer one was sent)
    /// or has expired.
    LINK_REPLACED = "This link is no longer valid: a newer one may have been sent. Open the link in your most recent e-mail." / "Este enlace ya no es válido: es posible que se haya enviado uno más reciente. Abra el enlace de su correo más reciente.";
    OUT_OF_ORDER = "This step is not due yet. Continue with the step shown." / "Todavía no corresponde este paso. Continúe con el paso que se muestra.";
    /// The agency directory's refusals (the help desk runs the directory).
    DIRECTORY_INVALID_CREDENTIALS = "The username or password is incorrect." / "El nombre de usuario o la contraseña no son correctos.";
    DIRECTORY_LOCKED = "Your network account is locked. Call the IT Help Desk to unlock it." / "Su cuenta de la red está bloqueada. Llame a la Mesa de Ayuda de TI para desbloquearla.";
    DIRECTORY_PASSWORD_EXPIRED = "Your network password has expired. Change it with Forgot Password? (HHS/DSHS Emails Only), then sign in again." / "Su contraseña de la red venció. Cámbiela con «¿Olvidó su contraseña? (solo correos de HHS/DSHS)» y luego inicie sesión de nuevo.";
    DIRECTORY_MUST_CHANGE_PASSWORD = "You must change your network password before you sign in. Change it with Forgot Password? (HHS/DSHS Emails Only), then sign in again." / "Debe cambiar su contraseña de la red antes de iniciar sesión. Cámbiela con «¿Olvidó su contraseña? (solo correos de HHS/DSHS)» y luego inicie sesión de nuevo.";
    DIRECTORY_DISABLED = "Your network account is disabled. Call the IT Help Desk." / "Su cuenta de la red está desactivada. Llame a la Mesa de Ayuda de TI.";
    DIRECTORY_ACCOUNT_EXPIRED = "Your network account has expired. Call the IT Help Desk." / "Su cuenta de la red venció. Llame a la Mesa de Ayuda de TI.";
    DIRECTORY_RESTRICTED = "Your network account may not sign in at this time or from this place. Call the IT Help Desk." / "Su cuenta de la red no puede iniciar sesión a esta hora o desde este lugar. Llame a la Mesa de Ayuda de TI.";
    /// Setting or resetting the password of a directory account.
    PASSWORD_ELSEWHERE = "This account signs in with its HHS/DSHS network password, which the portal does not keep. Change it with Forgot Password? (HHS/DSHS Emails Only)." / "Esta cuenta inicia sesión con su contraseña de la red de HHS/DSHS, que el portal no guarda. Cámbiela con «¿Olvidó su contraseña? (solo correos de HHS/DSHS)».";
    DIRECTORY_UNAVAILABLE = "The agency directory is not answering, so HHS/DSHS network accounts cannot sign in right now. Please try again in a few minutes." / "El directorio de la agencia no responde, así que las cuentas de la red de HHS/DSHS no pueden iniciar sesión en este momento. Inténtelo de nuevo en unos minutos.";
    DIRECTORY_OTHER_ADDRESS = "The directory entry found for this address has another e-mail address: correct one of them first." / "La entrada del directorio encontrada para esta dirección tiene otro correo electrónico: primero corrija uno de los dos.";
    DIRECTORY_ENTRY_TAKEN = "Another account is already linked to this person's directory entry." / "Otra cuenta ya está vinculada a la entrada del directorio de esta persona.";
    DIRECTORY_NO_ADDRESS = "Your network account has no e-mail address the portal can use. Please call the IT Help Desk." / "Su cuenta de la red no tiene un correo electrónico que el portal pueda usar. Llame a la Mesa de Ayuda de TI.";
    DIRECTORY_LINK_REQUIRED = "An account with your address already exists and is not linked to your network account. Please call Customer Support to link it." / "Ya existe una cuenta con su correo electrónico y no está vinculada a su cuenta de la red. Llame a Atención al Cliente para que la vinculen.";
    PASSKEYS_OFF = "Passkeys are not available on this server." / "Las llaves de acceso no están disponibles en este servidor.";
    PASSKEY_SETUP_GONE = "This passkey set-up has expired or was finished already. Start adding the passkey again." / "La configuración de esta llave de acceso venció o ya terminó. Empiece de nuevo a agregar la llave de acceso.";
    PASSKEY_ALREADY_SET_UP = "This passkey is already set up." / "Esta llave de acceso ya está configurada.";
    PASSKEY_REQUEST_GONE = "This passkey request has expired. Try the passkey again." / "Esta solicitud de llave de acceso venció. Intente de nuevo con la llave de acceso.";
    /// A refused passkey at sign-in.
    PASSKEY_REFUSED = "This passkey was not accepted. Try again, or verify with something else." / "No se aceptó esta llave de acceso. Inténtelo de nuevo, o verifique con otro método.";
    NO_PASSKEY_SET_UP = "No passkey is set up for this account. Verify with the e-mail code." / "Esta cuenta no tiene una llave de acceso configurada. Verifique con el código del correo.";
    TOO_MANY_METHODS = "An account can have at most {max} security methods. Remove one you no longer use first." / "Una cuenta puede tener como máximo {max} métodos de seguridad. Primero elimine uno que ya no use.";
    NO_SUCH_METHOD = "No such security method on your account." / "Ese método de seguridad no está en su cuenta.";
    SIGN_IN_WITH_STRONG_METHOD = "Sign in again with your passkey or authenticator app to change your security methods." / "Inicie sesión de nuevo con su llave de acceso o su aplicación de autenticación para cambiar sus métodos de seguridad.";
    APP_SETUP_GONE = "This set-up has expired or was finished already. Start setting up the app again." / "Esta configuración venció o ya terminó. Empiece de nuevo a configurar la aplicación.";
    METHOD_STILL_NEEDED = "Your role requires this kind of security method. Add another one before you remove this one." / "Su función requiere este tipo de método de seguridad. Agregue otro antes de eliminar este.";
    NO_SUCH_REQUEST = "There is no such request." / "Esa solicitud no existe.";
    POC_ONLY_REQUESTS = "Only the organization's Point of Contact can request access for it." / "Solo el Punto de Contacto de la organización puede solicitar acceso para ella.";
    POC_ONLY_SEES_REQUESTS = "Only an organization's Point of Contact sees its access requests." / "Solo el Punto de Contacto de una organización puede ver sus solicitudes de acceso.";
    POC_ONLY_MANAGES_MEMBERS = "Only an organization's Point of Contact manages who can use its applications." / "Solo el Punto de Contacto de una organización administra quién puede usar sus aplicaciones.";
    REQUEST_DECIDED = "This request was already decided." / "Ya se tomó una decisión sobre esta solicitud.";
    ORG_CODE_TAKEN = "An organization with org code {code} already exists." / "Ya existe una organización con el código de organización {code}.";
    NO_FREE_USERNAME = "No free username is left for this name; add a middle initial to the first name." / "No queda ningún nombre de usuario libre para este nombre; agregue la inicial del segundo nombre al nombre.";
    USERNAME_TAKEN = "An account with this username already exists." / "Ya existe una cuenta con este nombre de usuario.";
    /// Why an application refused the user (403 `aua_required`).
    AUA_REQUIRED = "Please sign the Acceptable Use Agreement first: yours is missing or has expired. The applications open as soon as it is signed." / "Primero firme el Acuerdo de Uso Aceptable (AUA): no tiene uno o el suyo venció. Las aplicaciones se abren en cuanto lo firme.";
    AUA_POLICY_CHANGED = "The Acceptable Use Policy has changed since you opened the form. Read the new version and sign again." / "La Política de Uso Aceptable cambió desde que abrió el formulario. Lea la versión nueva y firme de nuevo.";
    /// Support's actions on accounts.
    ADMIN_ONLY_FOR_STAFF = "Only an administrator can act on the account of support staff." / "Solo un administrador puede actuar sobre la cuenta del personal de soporte.";
    NOT_TO_OWN_ACCOUNT = "You cannot do this to your own account." / "No puede hacer esto con su propia cuenta.";
    NOT_LOCKED = "This account is not locked." / "Esta cuenta no está bloqueada.";
    NOT_DISABLED = "This account is not disabled." / "Esta cuenta no está desactivada.";
    ALREADY_DISABLED = "This account is already disabled." / "Esta cuenta ya está desactivada.";
    ALREADY_ACTIVATED = "This account is already activated." / "Esta cuenta ya está activada.";
    NO_PASSWORD_YET = "This account has no password yet." / "Esta cuenta todavía no tiene contraseña.";
    ENABLE_FIRST = "This account is disabled: enable it first." / "Esta cuenta está desactivada: primero reactívela.";
    NO_METHODS_TO_RESET = "This account has no security methods to reset." / "Esta cuenta no tiene métodos de seguridad que restablecer.";
    NO_DEVICE_FAILURES = "There are no failures from unknown devices to clear." / "No hay intentos fallidos desde dispositivos desconocidos que borrar.";
    NO_DIRECTORY = "No agency directory is configured for this portal." / "Este portal no tiene configurado ningún directorio de la agencia.";
    NO_DIRECTORY_ENTRY = "The directory has no usable entry with this account's e-mail address." / "El directorio no tiene ninguna entrada utilizable con el correo electrónico de esta cuenta.";
    DIRECTORY_MAKES_STAFF = "The directory makes this person support staff: only an administrator can link the account." / "El directorio hace a esta persona parte del personal de soporte: solo un administrador puede vincular la cuenta.";
    ADDRESS_CHANGED_MEANWHILE = "The account's e-mail address changed meanwhile: try again." / "El correo electrónico de la cuenta cambió mientras tanto: inténtelo de nuevo.";
    ALREADY_LINKED = "This account is already linked to the directory." / "Esta cuenta ya está vinculada al directorio.";
    NOT_CENTRAL_OFFICE = "Only central-office accounts sign in with the agency directory." / "Solo las cuentas de la oficina central inician sesión con el directorio de la agencia.";
    NO_SUCH_ACCOUNT = "There is no such account." / "Esa cuenta no existe.";
    NO_SECURITY_ANSWER = "This account has no security answer on file (it was never activated)." / "Esta cuenta no tiene una respuesta de seguridad registrada (nunca se activó).";
    ADMIN_ONLY_GRANTS_STAFF = "Only an administrator can grant the support or admin role." / "Solo un administrador puede otorgar la función de soporte o de administrador.";
    CAPTCHA_GONE = "This image can no longer be used. Ask for a new image, then for a code." / "Esta imagen ya no se puede usar. Pida una imagen nueva y luego un código.";
    TOO_MANY_SECTIONS = "You have the most sections a dashboard can hold. Rename or reuse one." / "Ya tiene el máximo de secciones que admite el panel principal. Cambie el nombre de una o reutilícela.";
    NO_SUCH_DEVICE = "No such device is remembered for your account." / "Ese dispositivo no está registrado como conocido en su cuenta.";
    /// A client the console registers (docs/oidc.md): terse, for administrators.
    CLIENT_ID_INVALID = "client_id: 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit" / "client_id: de 1 a 64 letras, dígitos, '-', '_' o '.', que empiece con una letra o un dígito";
    CLIENT_NAME_LENGTH = "name: 1 to 200 characters" / "name: de 1 a 200 caracteres";
    CLIENT_AUTH_NONE = "a public client authenticates with `none`, a confidential one never does" / "un cliente público se autentica con `none`; uno confidencial, nunca";
    CLIENT_JWKS_NEEDED = "private_key_jwt needs the client's public keys (jwks)" / "private_key_jwt necesita las claves públicas del cliente (jwks)";
    CLIENT_JWKS_UNWANTED = "jwks is for private_key_jwt clients" / "jwks es para clientes private_key_jwt";
    /// Why a URI cannot be registered for a client (`check_client_uri`).
    URI_HAS_SPACES = "{uri} has spaces, control characters or backslashes" / "{uri} tiene espacios, caracteres de control o barras invertidas";
    URI_NOT_ABSOLUTE = "{uri} is not an absolute URL" / "{uri} no es una URL absoluta";
    URI_HAS_FRAGMENT = "{uri} has a fragment (RFC 6749 §3.1.2)" / "{uri} tiene un fragmento (RFC 6749 §3.1.2)";
    URI_HAS_CREDENTIALS = "{uri} carries credentials" / "{uri} lleva credenciales";
    URI_NOT_HTTPS = "{uri} must be https (or http on the loopback)" / "{uri} debe ser https (o http en la interfaz loopback)";
    CLIENT_UNKNOWN_SCOPE = "unknown scope {scope}" / "ámbito desconocido {scope}";
    CLIENT_UNKNOWN_GRANT = "unknown grant type {grant}" / "tipo de concesión desconocido {grant}";
    CLIENT_CONFIDENTIAL_ONLY = "client_credentials and api: scopes are for confidential clients" / "client_credentials y los ámbitos api: son para clientes confidenciales";
    CLIENT_REDIRECT_NEEDED = "the authorization code flow needs a redirect URI" / "el flujo de código de autorización necesita un URI de redirección";
    CLIENT_TOKEN_LIFETIMES = "token lifetimes: 1 second to 90 days" / "duración de los tokens: de 1 segundo a 90 días";
    JWKS_NOT_JSON = "jwks is not JSON" / "jwks no es JSON";
    JWKS_NO_KEYS = "jwks needs a non-empty \"keys\" array" / "jwks necesita un arreglo \"keys\" que no esté vacío";
    JWKS_PRIVATE_KEYS = "jwks must hold public keys only" / "jwks debe contener solo claves públicas";
    JWKS_INVALID = "jwks: {error}" / "jwks: {error}";
    CLIENT_NO_SECRET = "this client has no secret (public, or private_key_jwt)" / "este cliente no tiene secreto (es público, o usa private_key_jwt)";
    CLIENT_EXISTS = "client {client_id} exists already" / "el cliente {client_id} ya existe";
    CATALOGUE_ADMINS_ONLY = "Only an administrator manages the application catalogue." / "Solo un administrador gestiona el catálogo de aplicaciones.";
    APPLICATION_EXISTS = "An application or client {id} exists already." / "Ya existe una aplicación o un cliente {id}.";
    AUTHORIZE_REQUEST_GONE = "This sign-in request has expired or was already used. Return to the application and try again." / "Esta solicitud de inicio de sesión venció o ya se usó. Vuelva a la aplicación e inténtelo de nuevo.";
    LOGOUT_REQUEST_GONE = "This sign-out request has expired or was already used." / "Esta solicitud de cierre de sesión venció o ya se usó.";
    ADMIN_ONLY_IMPORTS = "Only an administrator can import accounts." / "Solo un administrador puede importar cuentas.";
    IMPORT_MEDIA_TYPE = "Send the file as text/csv or application/json." / "Envíe el archivo como text/csv o application/json.";
    DATABASE_UNREACHABLE = "The database is unreachable." / "No se puede conectar con la base de datos.";
    /// A refused account import (each ends with what was left undone).
    IMPORT_NOT_CSV = "The file is not valid CSV. Nothing was imported; {total} line(s) need fixing." / "El archivo no es CSV válido. No se importó nada; hay que corregir {total} línea(s).";
    IMPORT_BAD_HEADER = "The header line is not as expected. Nothing was imported; {total} line(s) need fixing." / "La línea de encabezado no es la esperada. No se importó nada; hay que corregir {total} línea(s).";
    IMPORT_TOO_MANY_ROWS = "The file has too many rows. Nothing was imported; {total} line(s) need fixing." / "El archivo tiene demasiadas filas. No se importó nada; hay que corregir {total} línea(s).";
    IMPORT_UNREADABLE_LINES = "Some lines could not be read. Nothing was imported; {total} line(s) need fixing." / "No se pudieron leer algunas líneas. No se importó nada; hay que corregir {total} línea(s).";
    IMPORT_NOT_JSON_ARRAY = "The file is not a JSON array of user records. Nothing was imported; {total} line(s) need fixing." / "El archivo no es un arreglo JSON de registros de usuarios. No se importó nada; hay que corregir {total} línea(s).";
    IMPORT_UNREADABLE_RECORDS = "Some records could not be read. Nothing was imported; {total} line(s) need fixing." / "No se pudieron leer algunos registros. No se importó nada; hay que corregir {total} línea(s).";
    IMPORT_INVALID_LINES = "Some lines are invalid. Nothing was imported; {total} line(s) need fixing." / "Algunas líneas no son válidas. No se importó nada; hay que corregir {total} línea(s).";
    IMPORT_EMPTY = "The file has no accounts. Nothing was imported; {total} line(s) need fixing." / "El archivo no tiene cuentas. No se importó nada; hay que corregir {total} línea(s).";

    // The `message` of successful answers.
    PASSWORD_UPDATED_MESSAGE = "Password Updated. Your password was changed; you can now sign in with your new password." / "Contraseña actualizada. Su contraseña se cambió; ya puede iniciar sesión con su nueva contraseña.";
    REPORT_RECEIVED = "Thank you. We signed your account out everywhere, removed its passkeys and authenticator apps, and locked it. Reset your password to unlock it, set up your security methods again, and contact Customer Support if you need help." / "Gracias. Cerramos la sesión de su cuenta en todos los dispositivos, quitamos sus llaves de acceso y aplicaciones de autenticación, y la bloqueamos. Restablezca su contraseña para desbloquearla, vuelva a configurar sus métodos de seguridad y comuníquese con Atención al Cliente si necesita ayuda.";
    USERNAME_REQUEST_COMPLETE = "An email has been sent to the email address on file." / "Se envió un correo electrónico a la dirección registrada.";
    CAPTCHA_EMAIL_SENT = "If this username belongs to an account, we sent a code to its email address. Type the code where the image's characters go." / "Si este nombre de usuario pertenece a una cuenta, enviamos un código a su correo electrónico. Escriba el código donde van los caracteres de la imagen.";
    FORM_CAPTCHA_EMAIL_SENT = "We sent a code to the email address on the form. Type the code where the image's characters go." / "Enviamos un código al correo electrónico del formulario. Escriba el código donde van los caracteres de la imagen.";
    REGISTRATION_RECEIVED = "Thank you. Your request has been received; we will e-mail you at the address you gave." / "Gracias. Recibimos su solicitud; le escribiremos al correo electrónico que nos dio.";
    CITIZEN_CHECK_EMAIL = "Check your e-mail: we sent a message to the address you gave with the next step." / "Revise su correo electrónico: enviamos un mensaje a la dirección que nos dio con el siguiente paso.";
    AUA_SUBMITTED = "Your signed AUA Form has been successfully submitted. Thank you." / "Su formulario del AUA firmado se envió correctamente. Gracias.";
    LOGGED_OUT = "You are now logged out of {app}." / "Ya cerró su sesión de {app}.";
    REQUEST_APPROVED = "Approved. The account {username} was created and the Welcome e-mail is on its way." / "Aprobada. Se creó la cuenta {username} y el correo de bienvenida está en camino.";
    REQUEST_REJECTED = "Rejected. The requester can read the reason." / "Rechazada. El solicitante puede leer el motivo.";
    ACCOUNT_CREATED = "The account {username} was created and the Welcome e-mail is on its way." / "Se creó la cuenta {username} y el correo de bienvenida está en camino.";
    SECURITY_ANSWER_MATCHES = "The answer matches the one on file." / "La respuesta coincide con la registrada.";
    SECURITY_ANSWER_DIFFERS = "The answer does not match the one on file." / "La respuesta no coincide con la registrada.";
    ACCOUNTS_IMPORTED = "{count} account(s) imported." / "Se importaron {count} cuenta(s).";
    // The AUA form (seed: "Acceptable Use Agreement").
    AUA_ACKNOWLEDGEMENT = "I have read, understand, and will comply with the requirements in the Information Security Acceptable Use Policy." / "He leído y entiendo los requisitos de la Política de Uso Aceptable de Seguridad de la Información, y los cumpliré.";
    AFFILIATION_HHSC = "An employee of HHSC (specify department and division)" / "Empleado de HHSC (indique el departamento y la división)";
    AFFILIATION_DSHS = "An employee of DSHS (specify department and division)" / "Empleado de DSHS (indique el departamento y la división)";
    AFFILIATION_OTHER_AGENCY = "An employee of another agency (specify agency, department, and division)" / "Empleado de otra agencia (indique la agencia, el departamento y la división)";
    AFFILIATION_CONTRACTOR = "A contractor (specify employer or non-state agency name)" / "Contratista (indique el empleador o el nombre de la entidad no estatal)";
    AFFILIATION_INTERN = "An intern or volunteer (specify agency, department, and division)" / "Pasante o voluntario (indique la agencia, el departamento y la división)";
    AFFILIATION_OTHER = "Other (specify below if you are an advisory council member or an employee of a private provider)" / "Otro (indique abajo si es miembro de un consejo asesor o empleado de un proveedor privado)";
    // Password feedback: the portal's own, then the strength estimator's.
    FEEDBACK_SERVICE_WORDS = "Avoid the names of this service (ImmTrac2, IAMOnline, DSHS) and the word \"password\"." / "Evite los nombres de este servicio (ImmTrac2, IAMOnline, DSHS) y la palabra \"password\" (contraseña).";
    FEEDBACK_ORGANIZATION_WORDS = "Avoid the names and codes of your organizations." / "Evite los nombres y códigos de sus organizaciones.";
    FEEDBACK_STRAIGHT_ROWS = "Straight rows of keys are easy to guess." / "Las filas seguidas de teclas son fáciles de adivinar.";
    FEEDBACK_SHORT_KEYBOARD_PATTERNS = "Short keyboard patterns are easy to guess." / "Los patrones cortos del teclado son fáciles de adivinar.";
    FEEDBACK_REPEATS_AAA = "Repeats like \"aaa\" are easy to guess." / "Las repeticiones como \"aaa\" son fáciles de adivinar.";
    FEEDBACK_REPEATS_ABCABC = "Repeats like \"abcabcabc\" are only slightly harder to guess than \"abc\"." / "Las repeticiones como \"abcabcabc\" son apenas un poco más difíciles de adivinar que \"abc\".";
    FEEDBACK_TOP10 = "This is a top-10 common password." / "Esta es una de las 10 contraseñas más comunes.";
    FEEDBACK_TOP100 = "This is a top-100 common password." / "Esta es una de las 100 contraseñas más comunes.";
    FEEDBACK_COMMON = "This is a very common password." / "Esta es una contraseña muy común.";
    FEEDBACK_SIMILAR_COMMON = "This is similar to a commonly used password." / "Se parece a una contraseña de uso común.";
    FEEDBACK_SEQUENCES = "Sequences like abc or 6543 are easy to guess." / "Las secuencias como abc o 6543 son fáciles de adivinar.";
    FEEDBACK_RECENT_YEARS = "Recent years are easy to guess." / "Los años recientes son fáciles de adivinar.";
    FEEDBACK_SINGLE_WORD = "A word by itself is easy to guess." / "Una palabra sola es fácil de adivinar.";
    FEEDBACK_DATES = "Dates are often easy to guess." / "Las fechas suelen ser fáciles de adivinar.";
    FEEDBACK_NAMES_ALONE = "Names and surnames by themselves are easy to guess." / "Los nombres y apellidos solos son fáciles de adivinar.";
    FEEDBACK_COMMON_NAMES = "Common names and surnames are easy to guess." / "Los nombres y apellidos comunes son fáciles de adivinar.";
    FEEDBACK_USE_A_FEW_WORDS = "Use a few words, avoid common phrases." / "Use varias palabras y evite frases comunes.";
    FEEDBACK_NO_NEED_FOR_SYMBOLS = "No need for symbols, digits, or uppercase letters." / "No hacen falta símbolos, números ni mayúsculas.";
    FEEDBACK_ADD_A_WORD = "Add another word or two. Uncommon words are better." / "Agregue una o dos palabras más. Las palabras poco comunes son mejores.";
    FEEDBACK_CAPITALIZATION = "Capitalization doesn't help very much." / "Usar mayúsculas no ayuda mucho.";
    FEEDBACK_ALL_UPPERCASE = "All-uppercase is almost as easy to guess as all-lowercase." / "Todo en mayúsculas es casi tan fácil de adivinar como todo en minúsculas.";
    FEEDBACK_REVERSED_WORDS = "Reversed words aren't much harder to guess." / "Las palabras al revés no son mucho más difíciles de adivinar.";
    FEEDBACK_SUBSTITUTIONS = "Predictable substitutions like '@' instead of 'a' don't help very much." / "Los cambios previsibles, como '@' en lugar de 'a', no ayudan mucho.";
    FEEDBACK_LONGER_KEYBOARD_PATTERN = "Use a longer keyboard pattern with more turns." / "Use un patrón de teclado más largo y con más cambios de dirección.";
    FEEDBACK_AVOID_REPEATS = "Avoid repeated words and characters." / "Evite palabras y caracteres repetidos.";
    FEEDBACK_AVOID_SEQUENCES = "Avoid sequences." / "Evite las secuencias.";
    FEEDBACK_AVOID_RECENT_YEARS = "Avoid recent years." / "Evite los años recientes.";
    FEEDBACK_AVOID_YOUR_YEARS = "Avoid years that are associated with you." / "Evite los años relacionados con usted.";
    FEEDBACK_AVOID_YOUR_DATES = "Avoid dates and years that are associated with you." / "Evite las fechas y los años relacionados con usted.";
    // The dashboard's cards and panels (seed: the IAMOnline home page).
    CARD_SIGN_AUA = "Sign AUA Form" / "Firmar el formulario del AUA";
    CARD_POLICY_VIOLATIONS = "Policy Violations" / "Infracciones de la política";
    CARD_APPROVALS = "Approvals" / "Aprobaciones";
    PANEL_VIOLATIONS = "Latest Violation Work Items" / "Últimas tareas por infracciones";
    PANEL_ACCESS_REVIEWS = "My Access Reviews" / "Mis revisiones de acceso";
    PANEL_APPROVALS = "Latest Approvals" / "Últimas aprobaciones";
    APPROVAL_ACCESS_FOR = "Access for {first} {last} ({org})" / "Acceso para {first} {last} ({org})";
    APPROVAL_ACCOUNT_FOR = "Account for {first} {last}" / "Cuenta para {first} {last}";
    SUSPICIOUS_ACTIVITY_ON = "Suspicious activity reported on {when}" / "Actividad sospechosa informada el {when}";
    /// Seed 000: the ImmTrac2 Forgot Password answer.
    RESET_LINK_SENT = "A password reset link has been sent to the email address associated with this account and will be valid for {hours} hours." / "Se envió un enlace para restablecer la contraseña al correo electrónico asociado con esta cuenta; será válido por {hours} horas.";
    NO_OTHER_DEVICES = "You were not signed in on any other device." / "No tenía la sesión iniciada en ningún otro dispositivo.";
    SIGNED_OUT_OF_ONE_DEVICE = "You are now signed out of 1 other device." / "Se cerró su sesión en 1 dispositivo más.";
    SIGNED_OUT_OF_DEVICES = "You are now signed out of {count} other devices." / "Se cerró su sesión en {count} dispositivos más.";
    // The page shown when an application's sign-in request cannot be trusted.
    REFUSED_TITLE = "Sign-in request refused" / "Solicitud de inicio de sesión rechazada";
    REFUSED_UNKNOWN_CLIENT = "The application that sent you here is not registered with IAMOnline." / "La aplicación que lo envió aquí no está registrada en IAMOnline.";
    REFUSED_BAD_REDIRECT_URI = "The application that sent you here gave a return address that is not registered with IAMOnline." / "La aplicación que lo envió aquí dio una dirección de regreso que no está registrada en IAMOnline.";
    REFUSED_NOT_SENT_BACK = "For your safety you were not sent back to it. Please contact the application's support." / "Por su seguridad, no lo enviamos de regreso a ella. Comuníquese con el soporte de la aplicación.";
    REFUSED_GO_HOME = "Go to IAMOnline" / "Ir a IAMOnline";
    // What a field of the application catalogue's form must be.
    FIELD_CLIENT_ID = "1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit" / "de 1 a 64 letras, dígitos, '-', '_' o '.', empezando por una letra o un dígito";
    FIELD_NAME_LENGTH = "1 to 100 characters" / "de 1 a 100 caracteres";
    FIELD_DESCRIPTION_LENGTH = "at most 300 characters" / "300 caracteres como máximo";
    FIELD_GROUP = "my_apps or my_applications" / "my_apps o my_applications";
    FIELD_LAUNCH_URL = "a page of the portal (/…) or an https address" / "una página del portal (/…) o una dirección https";
    FIELD_ORG_CODES = "organization codes: 1 to 20 letters or digits" / "códigos de organización: de 1 a 20 letras o dígitos";
    FIELD_ID_TOKEN_ALG = "RS256 or EdDSA" / "RS256 o EdDSA";
    FIELD_ID_IN_ADDRESS = "must be the id in the address" / "debe ser el id de la dirección";
}
