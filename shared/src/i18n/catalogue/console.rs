//! The support console (docs/product.md §9).

use crate::i18n::{catalogue_area, Area};

catalogue_area! { Area::Console;
    // Shared by the console's screens (admin/mod.rs).
    SUPPORT_CONSOLE = "Support console" / "Consola de soporte";
    FIND_A_USER = "Find a user" / "Buscar un usuario";
    ACCESS_REQUESTS = "Access requests" / "Solicitudes de acceso";
    AUDIT_TRAIL = "Audit trail" / "Registro de auditoría";
    APPLICATIONS = "Applications" / "Aplicaciones";
    DASHBOARD = "Dashboard" / "Panel principal";
    STATUS_PENDING_ACTIVATION = "Pending activation" / "Pendiente de activación";
    STATUS_ACTIVE = "Active" / "Activa";
    STATUS_LOCKED = "Locked" / "Bloqueada";
    STATUS_DISABLED = "Disabled" / "Desactivada";
    NO_DATA = "Currently no data" / "Por ahora no hay datos";
    TIME = "Time" / "Fecha y hora";
    EVENT = "Event" / "Evento";
    /// An IP address.
    ADDRESS = "Address" / "Dirección IP";
    DETAILS = "Details" / "Detalles";
    /// Who did it, after an event's details or a request's date.
    BY = " by {name}" / " por {name}";
    CANCEL = "Cancel" / "Cancelar";
    NAME = "Name" / "Nombre";
    EMAIL = "E-mail" / "Correo electrónico";
    STATUS = "Status" / "Estado";
    PASSWORD = "Password" / "Contraseña";
    ACCOUNT = "Account" / "Cuenta";

    // Find a user, create a user, the evidence export (admin/find.rs).
    SEARCH_LABEL = "Username, e-mail address or name" / "Nombre de usuario, correo electrónico o nombre";
    ANY = "Any" / "Cualquiera";
    SEARCH = "Search" / "Buscar";
    ACCOUNTS_FOUND = "{count} account(s) found." / "{count} cuenta(s) encontrada(s).";
    ACCOUNTS_FOUND_CAPTION = "Accounts found" / "Cuentas encontradas";
    /// Where an account's password is kept.
    HHS_NETWORK = "HHS/DSHS network" / "Red de HHS/DSHS";
    PORTAL = "Portal" / "Portal";
    EVIDENCE_DOWNLOADED = "Downloaded acceptance-evidence.csv ({rows} acceptance(s))." / "Se descargó acceptance-evidence.csv ({rows} aceptación(es)).";
    ACCEPTANCE_EVIDENCE = "Acceptance evidence" / "Constancias de aceptación";
    EVIDENCE_HELP = "Every signature of the Acceptable Use Agreement and every acceptance of the Confidentiality Statement, with the document version and its hash, for an audit." / "Cada firma del Acuerdo de Uso Aceptable y cada aceptación de la Declaración de Confidencialidad, con la versión del documento y su hash, para una auditoría.";
    PREPARING = "Preparing…" / "Preparando…";
    EXPORT_CSV = "Export as CSV" / "Exportar como CSV";
    CREATE_A_USER = "Create a user" / "Crear un usuario";
    CREATE_HELP = "The person receives the Welcome e-mail with the username and a 7-day Activate Account link." / "La persona recibe el correo de bienvenida con el nombre de usuario y un enlace «Activar cuenta» válido por 7 días.";
    ACCOUNT_TYPE = "Type of account" / "Tipo de cuenta";
    TYPE_EXTERNAL = "External (2-4-2 username)" / "Externa (nombre de usuario 2-4-2)";
    TYPE_CENTRAL_OFFICE = "Central office (work e-mail)" / "Oficina central (correo electrónico del trabajo)";
    TYPE_CITIZEN = "Citizen (e-mail)" / "Persona particular (correo electrónico)";
    FIRST_NAME = "First name" / "Nombre";
    LAST_NAME = "Last name" / "Apellido";
    EMAIL_ADDRESS = "E-mail address" / "Correo electrónico";
    ORG_CODE = "Org code" / "Código de organización";
    ENTER_FIRST_NAME = "Enter a first name." / "Escriba un nombre.";
    ENTER_LAST_NAME = "Enter a last name." / "Escriba un apellido.";
    ENTER_VALID_EMAIL = "Enter a valid e-mail address." / "Escriba un correo electrónico válido.";
    ENTER_EXISTING_ORG_CODE = "Enter the org code of an existing organization." / "Escriba el código de organización de una organización existente.";
    ROLE_IN_ORG = "Role in the organization" / "Función en la organización";
    ROLE_OPTION_USER = "User" / "Usuario";
    ROLE_OPTION_POC = "Point of Contact" / "Punto de Contacto";
    ROLE_OPTION_SUPPORT = "Support (admins only)" / "Soporte (solo administradores)";
    CREATING = "Creating…" / "Creando…";
    CREATE_USER = "Create user" / "Crear el usuario";

    // The audit trail (admin/audit.rs).
    AUDIT_HELP = "Every sign-in, reset, lock and support action, newest first. The trail is append-only and hash-chained." / "Cada inicio de sesión, restablecimiento, bloqueo y acción de soporte, del más reciente al más antiguo. Al registro solo se le pueden agregar entradas, y están encadenadas con hashes.";
    USER_ID = "User id" / "ID de usuario";
    EVENT_TYPE = "Event type" / "Tipo de evento";
    SINCE = "Since" / "Desde";
    FILTER = "Filter" / "Filtrar";
    EVENTS_SHOWN = "{count} event(s) shown." / "Se muestran {count} evento(s).";
    AUDIT_EVENTS = "Audit events" / "Eventos de auditoría";
    SHOW_OLDER = "Show older events" / "Mostrar eventos anteriores";

    // One account (admin/user.rs).
    /// What a session's sign-in used.
    VERIFIED_PASSWORD_AND_PASSKEY = "Password and passkey" / "Contraseña y llave de acceso";
    VERIFIED_PASSWORD_AND_APP = "Password and authenticator app" / "Contraseña y aplicación de autenticación";
    VERIFIED_PASSWORD_AND_EMAIL = "Password and e-mail code" / "Contraseña y código por correo electrónico";
    BLOCKED_UNTIL = "{failures} — unknown devices blocked until {until}" / "{failures} — dispositivos desconocidos bloqueados hasta {until}";
    /// An e-mail's delivery state.
    DELIVERY_QUEUED = "Queued" / "En cola";
    DELIVERY_SENT = "Sent" / "Enviado";
    DELIVERY_RETRYING = "Retrying" / "Reintentando";
    DELIVERY_FAILED = "Failed" / "Fallido";
    PHONE = "Phone" / "Teléfono";
    FAILED_SIGNINS_OWN = "Failed sign-ins (own devices)" / "Inicios de sesión fallidos (dispositivos propios)";
    FAILED_RESETS_OWN = "Failed reset requests (own devices)" / "Solicitudes de restablecimiento fallidas (dispositivos propios)";
    FAILED_SIGNINS_UNKNOWN = "Failed sign-ins (unknown devices)" / "Inicios de sesión fallidos (dispositivos desconocidos)";
    FAILED_RESETS_UNKNOWN = "Failed reset requests (unknown devices)" / "Solicitudes de restablecimiento fallidas (dispositivos desconocidos)";
    LAST_SIGN_IN = "Last sign-in" / "Último inicio de sesión";
    NEVER = "Never" / "Nunca";
    CREATED = "Created" / "Fecha de creación";
    DIRECTORY_SYNCED = "HHS/DSHS network (directory), last synced {when}" / "Red de HHS/DSHS (directorio), última sincronización: {when}";
    DIRECTORY_NEVER_SYNCED = "HHS/DSHS network (directory), last synced never" / "Red de HHS/DSHS (directorio), nunca sincronizada";
    KEPT_BY_PORTAL = "Kept by the portal" / "La guarda el portal";
    ACCOUNT_ACTIONS = "Account actions" / "Acciones de la cuenta";
    UNLOCKED = "The account is unlocked." / "La cuenta está desbloqueada.";
    UNLOCK = "Unlock account" / "Desbloquear la cuenta";
    ENABLED = "The account is enabled." / "La cuenta está reactivada.";
    ENABLE = "Enable account" / "Reactivar la cuenta";
    ACTIVATION_RESENT = "A new Welcome e-mail is on its way; earlier links no longer work." / "Un nuevo correo de bienvenida va en camino; los enlaces anteriores ya no funcionan.";
    RESEND_ACTIVATION = "Resend activation e-mail" / "Reenviar el correo de activación";
    DEVICE_BLOCKS_CLEARED = "Failures from unknown devices are cleared; new devices may sign in again." / "Se borraron los intentos fallidos desde dispositivos desconocidos; los dispositivos nuevos pueden volver a iniciar sesión.";
    CLEAR_DEVICE_BLOCKS = "Clear unknown-device failures" / "Borrar los intentos fallidos de dispositivos desconocidos";
    SESSIONS_ENDED = "Every session of the account has ended." / "Terminaron todas las sesiones de la cuenta.";
    END_ALL_SESSIONS = "End all sessions" / "Cerrar todas las sesiones";
    REQUIRE_NEW_PASSWORD = "Require a new password" / "Exigir una contraseña nueva";
    RESET_METHODS = "Reset security methods" / "Restablecer los métodos de seguridad";
    LINK_DIRECTORY = "Link to the directory" / "Vincular con el directorio";
    DISABLE = "Disable account" / "Desactivar la cuenta";
    CONFIRM_NEW_PASSWORD = "Require a new password? The account is signed out everywhere and locked until its owner sets a new password from the link we e-mail them." / "¿Exigir una contraseña nueva? Se cerrará la sesión de la cuenta en todas partes, y la cuenta quedará bloqueada hasta que su titular establezca una contraseña nueva con el enlace que le enviaremos por correo electrónico.";
    NEW_PASSWORD_REQUIRED = "The owner was signed out and e-mailed a link to choose a new password." / "Se cerró la sesión del titular y se le envió por correo electrónico un enlace para elegir una contraseña nueva.";
    YES_REQUIRE_NEW_PASSWORD = "Yes, require a new password" / "Sí, exigir una contraseña nueva";
    CONFIRM_RESET_METHODS = "Reset the security methods? Every authenticator app and passkey of the account is removed and its owner is told by e-mail; they sign in with the e-mail code until they set up another. Verify the caller first." / "¿Restablecer los métodos de seguridad? Se quitarán todas las aplicaciones de autenticación y llaves de acceso de la cuenta, y se avisará a su titular por correo electrónico; iniciará sesión con el código por correo electrónico hasta que configure otro método. Primero verifique la identidad de la persona que llama.";
    METHODS_RESET = "The security methods are reset; the owner was told by e-mail." / "Se restablecieron los métodos de seguridad; se avisó al titular por correo electrónico.";
    YES_RESET_THEM = "Yes, reset them" / "Sí, restablecerlos";
    CONFIRM_LINK = "Link this account to its owner's HHS/DSHS network account, found by its e-mail address? From then on it signs in with the network password: the portal's password is dropped, and its names, e-mail address and organizations follow the directory." / "¿Vincular esta cuenta con la cuenta de la red de HHS/DSHS de su titular, encontrada por su correo electrónico? Desde entonces, iniciará sesión con la contraseña de la red: se elimina la contraseña del portal, y su nombre, correo electrónico y organizaciones se tomarán del directorio.";
    LINKED = "The account is linked: it now signs in with the HHS/DSHS network password." / "La cuenta quedó vinculada: ahora inicia sesión con la contraseña de la red de HHS/DSHS.";
    YES_LINK_IT = "Yes, link it" / "Sí, vincularla";
    CONFIRM_DISABLE = "Disable the account of {name}? It cannot sign in until support enables it, and its sessions end now." / "¿Desactivar la cuenta de {name}? No podrá iniciar sesión hasta que el equipo de soporte la reactive, y sus sesiones terminan ahora.";
    DISABLED = "The account is disabled." / "La cuenta está desactivada.";
    YES_DISABLE = "Yes, disable" / "Sí, desactivar";
    ORGANIZATIONS = "Organizations" / "Organizaciones";
    NONE = "None" / "Ninguna";
    SECURITY_METHODS = "Security methods" / "Métodos de seguridad";
    ONLY_PASSWORD_AND_EMAIL = "Password and e-mail code only" / "Solo contraseña y código por correo electrónico";
    /// A security method: its name, kind, when it was added and last used.
    METHOD_LAST_USED = "{name} — {kind}, added {added}, last used {used}" / "{name} — {kind}, agregada: {added}, último uso: {used}";
    METHOD_NEVER_USED = "{name} — {kind}, added {added}, never used" / "{name} — {kind}, agregada: {added}, nunca usada";
    KIND_TOTP = "authenticator app" / "aplicación de autenticación";
    KIND_PASSKEY = "passkey" / "llave de acceso";
    SESSIONS = "Sessions" / "Sesiones";
    NO_LIVE_SESSIONS = "No live sessions" / "No hay sesiones activas";
    LIVE_SESSIONS = "Live sessions" / "Sesiones activas";
    STARTED = "Started" / "Inicio";
    LAST_SEEN = "Last seen" / "Última actividad";
    /// The sign-in door (IAMOnline or ImmTrac2).
    DOOR = "Door" / "Entrada";
    VERIFIED_WITH = "Verified with" / "Verificada con";
    EMAILS = "E-mails" / "Correos electrónicos";
    NO_EMAILS = "No e-mails" / "No hay correos electrónicos";
    EMAILS_CAPTION = "E-mails sent to this user" / "Correos electrónicos enviados a este usuario";
    /// When an e-mail was queued (a column).
    QUEUED_AT = "Queued" / "Puesto en cola";
    SUBJECT = "Subject" / "Asunto";
    DELIVERY = "Delivery" / "Entrega";
    ATTEMPTS = "Attempts" / "Intentos";
    RECENT_EVENTS = "Recent events" / "Eventos recientes";
    RECENT_EVENTS_CAPTION = "Recent events of this user" / "Eventos recientes de este usuario";
    VERIFY_A_CALLER = "Verify a caller" / "Verificar a una persona que llama";
    NO_SECURITY_QUESTION = "No security question on file yet (the account was not activated)." / "Todavía no hay una pregunta de seguridad registrada (la cuenta no se activó).";
    /// Followed by the security question.
    ASK_THE_CALLER = "Ask the caller: " / "Pregunte a la persona que llama: ";
    CALLERS_ANSWER = "The caller's answer" / "La respuesta de la persona que llama";
    CHECK_ANSWER = "Check answer" / "Comprobar la respuesta";

    // Access and organization requests (admin/requests.rs).
    SHOW = "Show" / "Mostrar";
    WAITING_FOR_DECISION = "Waiting for a decision" / "En espera de una decisión";
    APPROVED = "Approved" / "Aprobadas";
    REJECTED = "Rejected" / "Rechazadas";
    KIND_ACCESS = "Access request by a POC" / "Solicitud de acceso de un POC";
    KIND_NON_HHS_ACCOUNT = "Account for a non-HHS employee" / "Cuenta para una persona que no es empleada de HHS";
    KIND_ORGANIZATION = "New organization" / "Organización nueva";
    ENTER_ORG_CODE_FOR_ACCOUNT = "Enter an org code (letters and digits) for the account's organization." / "Escriba un código de organización (letras y dígitos) para la organización de la cuenta.";
    REQUEST_FOR = "Request for {name}" / "Solicitud de {name}";
    ORGANIZATION = "Organization" / "Organización";
    REQUESTED = "Requested" / "Fecha de solicitud";
    JUSTIFICATION = "Justification" / "Justificación";
    REASON = "Reason" / "Motivo";
    ORG_CODE_FOR_ACCOUNT = "Org code for the account" / "Código de organización para la cuenta";
    APPROVE = "Approve" / "Aprobar";
    REJECTION_REASON = "Reason for a rejection" / "Motivo del rechazo";
    REJECT = "Reject" / "Rechazar";

    // The application catalogue (admin/applications.rs).
    /// Who may use an application: lists of wire names, joined by "; ".
    WHO_USER_TYPES = "user types: {list}" / "tipos de usuario: {list}";
    WHO_ROLES = "roles: {list}" / "funciones: {list}";
    WHO_ORGANIZATIONS = "organizations {list}" / "organizaciones {list}";
    EVERYONE = "Everyone" / "Todos";
    NO_CLIENT = "No client: a plain link" / "Sin cliente: un enlace simple";
    /// Appended to a client's type and authentication.
    CLIENT_ASKS_CONSENT = ", asks for consent" / ", pide consentimiento";
    CLIENT_DISABLED = " — disabled" / " — desactivado";
    GRANT_AUTHORIZATION_CODE = "Sign-in (authorization code)" / "Inicio de sesión (código de autorización)";
    GRANT_REFRESH_TOKEN = "Refresh tokens" / "Tokens de actualización";
    GRANT_CLIENT_CREDENTIALS = "API access without a user (client credentials)" / "Acceso a la API sin usuario (credenciales de cliente)";
    USER_TYPE_EXTERNAL = "External users" / "Usuarios externos";
    USER_TYPE_CENTRAL_OFFICE = "Central office" / "Oficina central";
    USER_TYPE_CITIZEN = "Citizens" / "Personas particulares";
    ROLE_USER = "Users" / "Usuarios";
    ROLE_POC = "Points of contact" / "Puntos de Contacto";
    ROLE_SUPPORT = "Support staff" / "Personal de soporte";
    ROLE_ADMIN = "Administrators" / "Administradores";
    ADD_AN_APPLICATION = "Add an application" / "Agregar una aplicación";
    EDIT_NAMED = "Edit {name}" / "Editar {name}";
    APPLICATIONS_HELP = "The tiles of the dashboard and the OpenID Connect clients behind them. Changes apply at once and are kept in the audit trail." / "Los mosaicos del panel principal y los clientes de OpenID Connect que hay detrás. Los cambios se aplican de inmediato y quedan en el registro de auditoría.";
    CLIENT_SECRET_SHOWN = "The client secret of {name}. Copy it now: it is not shown again." / "El secreto de cliente de {name}. Cópielo ahora: no se volverá a mostrar.";
    CATALOGUE_CAPTION = "The application catalogue" / "El catálogo de aplicaciones";
    APPLICATION = "Application" / "Aplicación";
    WHO_MAY_USE = "Who may use it" / "Quién puede usarla";
    AUA = "AUA" / "AUA";
    CLIENT = "Client" / "Cliente";
    ACTIONS = "Actions" / "Acciones";
    REQUIRED = "Required" / "Obligatorio";
    EDIT = "Edit" / "Editar";
    ENABLE_CLIENT = "Enable client" / "Activar el cliente";
    DISABLE_CLIENT = "Disable client" / "Desactivar el cliente";
    ENABLE_CLIENT_OF = "Enable client of {name}" / "Activar el cliente de {name}";
    DISABLE_CLIENT_OF = "Disable client of {name}" / "Desactivar el cliente de {name}";
    NEW_SECRET_FOR = "New secret for {name}" / "Nuevo secreto para {name}";
    NEW_SECRET = "New secret" / "Nuevo secreto";
    APP_ID = "Id (also the client id)" / "ID (también es el ID de cliente)";
    DESCRIPTION = "Description" / "Descripción";
    DASHBOARD_SECTION = "Dashboard section" / "Sección del panel principal";
    MY_APPS = "My Apps" / "Mis apps";
    MY_APPLICATIONS = "My Applications" / "Mis aplicaciones";
    LAUNCH_ADDRESS = "Launch address" / "Dirección web de inicio";
    REQUIRES_AUA = "Requires a signed Acceptable Use Agreement" / "Requiere un Acuerdo de Uso Aceptable firmado";
    WHO_MAY_USE_LEGEND = "Who may use it (nothing ticked: everyone)" / "Quién puede usarla (si no marca nada: todos)";
    USER_TYPES = "User types" / "Tipos de usuario";
    ROLES_IN_ORG = "Roles in an organization" / "Funciones en una organización";
    ONLY_MEMBERS = "Only members of these organizations (Org Codes, separated by spaces)" / "Solo miembros de estas organizaciones (códigos de organización, separados por espacios)";
    SSO_LEGEND = "Single sign-on (OpenID Connect; leave the URIs empty for a plain link)" / "Inicio de sesión único (OpenID Connect; deje los URI vacíos para un enlace simple)";
    REDIRECT_URIS = "Redirect URIs (one per line)" / "URI de redirección (uno por línea)";
    INITIATE_LOGIN_URI = "Initiate-login URI (where a tile starts its sign-in)" / "URI para iniciar sesión (donde un mosaico empieza su inicio de sesión)";
    POST_LOGOUT_URIS = "Post-logout redirect URIs (one per line)" / "URI de redirección después de cerrar sesión (uno por línea)";
    BACKCHANNEL_URI = "Back-channel logout URI" / "URI de cierre de sesión por canal interno (back-channel)";
    CLIENT_AUTH = "Client authentication" / "Autenticación del cliente";
    AUTH_SECRET_BASIC = "Client secret (HTTP Basic)" / "Secreto de cliente (HTTP Basic)";
    AUTH_SECRET_POST = "Client secret (form post)" / "Secreto de cliente (en el cuerpo del formulario)";
    AUTH_PRIVATE_KEY_JWT = "Signed JWT with the application's key (private_key_jwt)" / "JWT firmado con la clave de la aplicación (private_key_jwt)";
    AUTH_NONE = "None: a public client (browser or mobile app, PKCE only)" / "Ninguna: un cliente público (navegador o aplicación móvil, solo PKCE)";
    JWKS = "The application's public keys (a JWKS document)" / "Las claves públicas de la aplicación (un documento JWKS)";
    SCOPES = "Scopes it may ask for (separated by spaces)" / "Ámbitos (scopes) que puede pedir (separados por espacios)";
    GRANT_TYPES = "Grant types" / "Tipos de concesión (grant types)";
    ID_TOKEN_SIGNATURE = "ID token signature" / "Firma del token de ID";
    ACCESS_TOKEN_LIFETIME = "Access token lifetime (seconds)" / "Vigencia del token de acceso (segundos)";
    REFRESH_TOKEN_LIFETIME = "Refresh token lifetime (seconds)" / "Vigencia del token de actualización (segundos)";
    ASK_CONSENT = "Not the agency's: ask users for consent" / "No es de la agencia: pedir el consentimiento de los usuarios";
    SAVE_CHANGES = "Save changes" / "Guardar los cambios";
    ADD_APPLICATION = "Add application" / "Agregar la aplicación";
    /// A membership's role on a user's page: the wire name in English.
    MEMBER_USER = "user" / "usuario";
    MEMBER_POC = "poc" / "punto de contacto";
    MEMBER_SUPPORT = "support" / "soporte";
    MEMBER_ADMIN = "admin" / "administrador";
    /// The browser tab's title on the console's pages (web/build.sh).
    DOCUMENT_TITLE = "{portal} Support" / "Soporte de {portal}";
}
