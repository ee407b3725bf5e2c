//! The dashboard, access and AUA forms, public request forms, single sign-on screens and the ImmTrac2 home.

use crate::i18n::{catalogue_area, Area};

catalogue_area! { Area::Portal;
    /// The dashboard (docs/product.md §8).
    DASHBOARD = "Dashboard" / "Panel principal";
    ADD_SECTION = "Add section" / "Agregar una sección";
    SHOW_OR_HIDE_SECTION = "Show or hide {section}" / "Mostrar u ocultar {section}";
    HIDE = "Hide" / "Ocultar";
    SHOW = "Show" / "Mostrar";
    EDIT_SECTION = "Edit section {section}" / "Editar la sección {section}";
    EDIT = "Edit" / "Editar";
    /// The lock on a tile's icon.
    LOCKED_UNTIL_AUA = "Locked until you sign the Acceptable Use Agreement" / "Bloqueada hasta que firme el Acuerdo de Uso Aceptable";
    HOME = "Home" / "Inicio";
    NO_DATA = "Currently no data" / "Por ahora no hay datos";
    SECTION_NAME = "Section name" / "Nombre de la sección";
    SECTION_NAME_HELP = "Enter a name of 1 to 60 characters." / "Escriba un nombre de 1 a 60 caracteres.";
    TILES_IN_SECTION = "Tiles in this section" / "Aplicaciones de esta sección";
    SAVING = "Saving…" / "Guardando…";
    SAVE_SECTION = "Save section" / "Guardar la sección";
    CANCEL = "Cancel" / "Cancelar";
    BACK_TO_DASHBOARD = "Back to the dashboard" / "Volver al panel principal";

    /// The Acceptable Use Agreement form.
    AUA_TITLE = "Acceptable Use Agreement (AUA)" / "Acuerdo de Uso Aceptable (AUA)";
    AUA_REQUIRED = "The application you opened needs a signed Acceptable Use Agreement, and yours is missing or has expired. Sign it below; the applications open as soon as you submit it." / "La aplicación que abrió requiere un Acuerdo de Uso Aceptable firmado, y el suyo falta o está vencido. Fírmelo abajo; las aplicaciones se abrirán en cuanto lo envíe.";
    AUA_POLICY = "Information Security Acceptable Use Policy" / "Política de Uso Aceptable de Seguridad de la Información";
    POLICY_VERSION = "Policy version {version}." / "Versión de la política: {version}.";
    ACKNOWLEDGEMENT = "Acknowledgement" / "Reconocimiento";
    CHECK_ACKNOWLEDGEMENT = "Check the acknowledgement to sign." / "Marque la casilla de reconocimiento para firmar.";
    FIRST_NAME_REQUIRED = "First Name *" / "Nombre *";
    LAST_NAME_REQUIRED = "Last Name *" / "Apellido *";
    ENTER_YOUR_FIRST_NAME = "Enter your first name." / "Escriba su nombre.";
    ENTER_YOUR_LAST_NAME = "Enter your last name." / "Escriba su apellido.";
    YOUR_WORK_EMAIL = "Your Work Email *" / "Su correo electrónico del trabajo *";
    ENTER_VALID_EMAIL = "Enter a valid e-mail address." / "Escriba un correo electrónico válido.";
    YOUR_WORK_PHONE = "Your Work Phone" / "Su teléfono del trabajo";
    PHONE_HELP = "Enter a phone number with 10 to 15 digits, or leave it empty." / "Escriba un número de teléfono de 10 a 15 dígitos, o deje el campo vacío.";
    AFFILIATION = "I am (choose one and explain below): *" / "Soy (elija una opción y explíquela abajo): *";
    CHOOSE_ONE = "Choose one." / "Elija una opción.";
    EXPLANATION = "Explanation *" / "Explicación *";
    EXPLANATION_HELP = "Explain your choice (at most 500 characters)." / "Explique su elección (500 caracteres como máximo).";
    COMMENTS = "Comments" / "Comentarios";
    COMMENTS_HELP = "At most 1,000 characters." / "1,000 caracteres como máximo.";
    EMPLOYEE_ID = "HHS Employee ID, if applicable" / "Número de empleado de HHS, si corresponde";
    EMPLOYEE_ID_HELP = "Letters and digits only." / "Solo letras y dígitos.";
    DATE_SIGNED = "Date Agreement Signed *" / "Fecha de firma del acuerdo *";
    ENTER_TODAY = "Enter today's date." / "Escriba la fecha de hoy.";
    SUBMITTING = "Submitting…" / "Enviando…";

    /// Organization roles and account statuses, as the tables show them.
    ROLE_USER = "User" / "Usuario";
    ROLE_POC = "Point of Contact" / "Punto de Contacto";
    ROLE_SUPPORT = "Support" / "Soporte";
    ROLE_ADMIN = "Administrator" / "Administrador";
    STATUS_PENDING_ACTIVATION = "Waiting for activation" / "En espera de activación";
    STATUS_ACTIVE = "Active" / "Activa";
    STATUS_LOCKED = "Locked" / "Bloqueada";
    STATUS_DISABLED = "Disabled" / "Desactivada";

    /// "Manage Access (Beta)": a Point of Contact's people.
    MANAGE_ACCESS = "Manage Access (Beta)" / "Administrar el acceso (beta)";
    MANAGE_ACCESS_INTRO = "These people can use the applications of the organizations you are the Point of Contact of. Support changes roles and accounts; ask them when someone leaves." / "Estas personas pueden usar las aplicaciones de las organizaciones de las que usted es Punto de Contacto. El equipo de soporte cambia las funciones y las cuentas; avísele cuando alguien se vaya.";
    NAME = "Name" / "Nombre";
    ROLE = "Role" / "Función";
    STATUS = "Status" / "Estado";
    LAST_SIGN_IN = "Last sign-in" / "Último inicio de sesión";
    NEVER = "Never" / "Nunca";
    REQUEST_ACCESS_FOR_NEW_PERSON = "Request access for a new person" / "Solicitar acceso para una persona nueva";

    /// "Manage My Access": one's organizations, roles and applications.
    MANAGE_MY_ACCESS = "Manage My Access" / "Administrar mi acceso";
    NO_ORGANIZATION = "You do not belong to an organization." / "Usted no pertenece a ninguna organización.";
    YOUR_ACCOUNT = "Your account" / "Su cuenta";
    ACCOUNT_SUMMARY = "{first} {last}, username {username}." / "{first} {last}, nombre de usuario {username}.";
    YOUR_ORGANIZATIONS = "Your organizations and roles" / "Sus organizaciones y funciones";
    ASK_YOUR_POC = "To be added to an organization, ask its Point of Contact to request access for you." / "Para que lo agreguen a una organización, pida a su Punto de Contacto que solicite acceso para usted.";
    YOUR_APPLICATIONS = "Your applications" / "Sus aplicaciones";
    /// Before the link "Acceptable Use Agreement" beside a locked application.
    LOCKED_UNTIL_YOU_SIGN = " — locked until you sign the " / " — bloqueada hasta que firme el ";
    AUA = "Acceptable Use Agreement" / "Acuerdo de Uso Aceptable";
    CHANGE_PASSWORD = "Change password" / "Cambiar contraseña";
    APPLICATIONS_ALLOWED = "Applications you allowed" / "Aplicaciones que usted autorizó";
    NO_LONGER_HAS_ACCESS = "{application} no longer has access to your account." / "{application} ya no tiene acceso a su cuenta.";
    NO_APPLICATION_ALLOWED = "You have not allowed any application outside the agency's catalogue." / "Usted no ha autorizado ninguna aplicación fuera del catálogo de la agencia.";
    ALLOWED_AT = " — allowed {time} " / " — autorizada el {time} ";
    REVOKE_ACCESS_FOR = "Revoke access for {application}" / "Revocar el acceso de {application}";
    REVOKE = "Revoke" / "Revocar";

    /// What a scope lets an application see or do (the consent screen and
    /// "Manage My Access").
    SCOPE_OPENID = "Know who you are (a stable identifier)" / "Saber quién es usted (un identificador estable)";
    SCOPE_PROFILE = "Your name and username" / "Su nombre y su nombre de usuario";
    SCOPE_EMAIL = "Your e-mail address" / "Su correo electrónico";
    SCOPE_ORGANIZATIONS = "Your organizations, roles and user type, and when your AUA expires" / "Sus organizaciones, funciones y tipo de usuario, y cuándo vence su AUA";
    SCOPE_OFFLINE_ACCESS = "Keep access while you are not using it" / "Mantener el acceso aunque usted no la esté usando";
    SCOPE_API = "Use the registry API: {api}" / "Usar la API del registro: {api}";

    /// "Authorized Help Guide".
    HELP_GUIDE = "Authorized Help Guide" / "Guía de ayuda autorizada";
    HELP_SIGNING_IN_HEADING = "Signing in" / "Cómo iniciar sesión";
    HELP_SIGNING_IN = "On the {portal} sign-in page, enter your username and select Next. Verify it's you with your password, then with the code we e-mail you, and accept the Confidentiality Statement. Your dashboard opens the applications you may use." / "En la página de inicio de sesión de {portal}, escriba su nombre de usuario y seleccione «Siguiente». Verifique su identidad con su contraseña y luego con el código que le enviamos por correo electrónico, y acepte la Declaración de Confidencialidad. Su panel principal abre las aplicaciones que puede usar.";
    HELP_APP_LOGIN = "The {app} login page asks for your Org Code, Username and Password instead." / "La página de inicio de sesión de {app} le pide, en cambio, su código de organización, su nombre de usuario y su contraseña.";
    HELP_FORGOT_PASSWORD_HEADING = "Forgot your password?" / "¿Olvidó su contraseña?";
    HELP_FORGOT_PASSWORD = "On the {portal} sign-in page, select Forgot Password? (External Users Only): we e-mail you a Reset Password link and a code; both expire within minutes, so use them right away. On the {app} login page, Forgot Password e-mails a link that lasts hours; the e-mail says how long. Central office staff (HHS and DSHS e-mail addresses) reset their network password with the agency instead." / "En la página de inicio de sesión de {portal}, seleccione «¿Olvidó su contraseña? (solo usuarios externos)»: le enviamos por correo electrónico un enlace «Restablecer contraseña» y un código; ambos vencen en pocos minutos, así que úselos de inmediato. En la página de inicio de sesión de {app}, «¿Olvidó su contraseña?» le envía por correo electrónico un enlace que dura horas; el correo indica cuánto tiempo. El personal de la oficina central (correos electrónicos de HHS y DSHS) restablece su contraseña de red con la agencia.";
    HELP_FORGOT_USERNAME_HEADING = "Forgot your username?" / "¿Olvidó su nombre de usuario?";
    HELP_FORGOT_USERNAME = "Select Forgot Username and enter your first name, last name and e-mail address; the username comes to the e-mail address on file." / "Seleccione «¿Olvidó su nombre de usuario?» y escriba su nombre, su apellido y su correo electrónico; el nombre de usuario se envía al correo electrónico registrado.";
    HELP_LOCKED_OUT_HEADING = "Locked out?" / "¿Su cuenta está bloqueada?";
    HELP_LOCKED_OUT = "After several wrong passwords in a row the account locks: resetting your password unlocks it. After repeated Forgot Password requests whose details do not match, the account is disabled: call Customer Support." / "Después de varias contraseñas incorrectas seguidas, la cuenta se bloquea: al restablecer su contraseña, se desbloquea. Después de varias solicitudes de «¿Olvidó su contraseña?» con datos que no coinciden, la cuenta se desactiva: llame a Atención al Cliente.";
    NEED_ASSISTANCE = "Need Assistance?" / "¿Necesita ayuda?";

    /// "Forms".
    FORMS = "Forms" / "Formularios";
    FORMS_AUA_NOTE = " — sign or renew it once a year." / " — fírmelo o renuévelo una vez al año.";
    ACCESS_REQUESTS = "Access Requests" / "Solicitudes de acceso";
    FORMS_ACCESS_REQUESTS_NOTE = " — a Point of Contact asks for an account for a new person." / " — un Punto de Contacto pide una cuenta para una persona nueva.";

    /// "Access Requests" and the public request forms (docs/product.md §7).
    NAME_HELP = "Use letters, spaces, hyphens and apostrophes only (at most 64)." / "Use solo letras, espacios, guiones y apóstrofos (64 como máximo).";
    REQUEST_PENDING = "Waiting for support" / "En espera del equipo de soporte";
    REQUEST_APPROVED = "Approved" / "Aprobada";
    REQUEST_REJECTED = "Rejected" / "Rechazada";
    REQUEST_SENT = "Your request for {first} {last} was sent to support." / "Su solicitud para {first} {last} se envió al equipo de soporte.";
    ACCESS_REQUESTS_INTRO = "As your organization's Point of Contact, request a username for a new person. Support reviews the request; once it is approved, the person receives the Welcome e-mail." / "Como Punto de Contacto de su organización, solicite un nombre de usuario para una persona nueva. El equipo de soporte revisa la solicitud; cuando se aprueba, la persona recibe el correo de bienvenida.";
    ORG_CODE_REQUIRED = "Org Code *" / "Código de organización *";
    ENTER_ORGANIZATION_ORG_CODE = "Enter the org code of your organization." / "Escriba el código de organización de su organización.";
    ENTER_A_FIRST_NAME = "Enter a first name." / "Escriba un nombre.";
    ENTER_A_LAST_NAME = "Enter a last name." / "Escriba un apellido.";
    EMAIL_ADDRESS_REQUIRED = "Email Address *" / "Correo electrónico *";
    PHONE = "Phone" / "Teléfono";
    WHY_ACCESS = "Why does this person need access?" / "¿Por qué necesita acceso esta persona?";
    REQUEST_ACCESS = "Request access" / "Solicitar acceso";
    ORGANIZATION_REQUESTS = "Your organization's requests" / "Solicitudes de su organización";
    REQUESTS_CAPTION = "Requests of your organizations" / "Solicitudes de sus organizaciones";
    PERSON = "Person" / "Persona";
    ORGANIZATION = "Organization" / "Organización";
    DETAILS = "Details" / "Detalles";
    USERNAME_IS = "Username {username}" / "Nombre de usuario: {username}";
    REASON_IS = "Reason: {reason}" / "Motivo: {reason}";
    SUPPORT_REVIEWS = "Support reviews every request and answers by e-mail." / "El equipo de soporte revisa cada solicitud y responde por correo electrónico.";
    I_WANT_TO = "I want to" / "Quiero";
    KIND_ACCOUNT = "Request an account (I am not an HHS employee)" / "Solicitar una cuenta (no soy empleado de HHS)";
    KIND_ORGANIZATION = "Register my organization (I will be its Point of Contact)" / "Registrar mi organización (seré su Punto de Contacto)";
    WORK_PHONE = "Work Phone" / "Teléfono del trabajo";
    ORGANIZATION_NAME_REQUIRED = "Organization Name *" / "Nombre de la organización *";
    ENTER_ORGANIZATION_NAME = "Enter the organization's name." / "Escriba el nombre de la organización.";
    ORG_CODE_IF_KNOWN = "Org Code (if you know it)" / "Código de organización (si lo sabe)";
    ORG_CODE_HELP = "An org code has only letters and digits." / "Un código de organización tiene solo letras y dígitos.";
    ANYTHING_FOR_SUPPORT = "Anything support should know" / "Algo más que el equipo de soporte deba saber";
    SEND_REQUEST = "Send request" / "Enviar la solicitud";
    CENTRAL_OFFICE_ADDRESS = "Central office staff sign in with their network account. Use another e-mail address to create a citizen account." / "El personal de la oficina central inicia sesión con su cuenta de red. Use otro correo electrónico para crear una cuenta como persona particular.";
    CITIZEN_INTRO = "Your e-mail address becomes your username. We will send you a link to verify it and set up your password." / "Su correo electrónico será su nombre de usuario. Le enviaremos un enlace para verificarlo y establecer su contraseña.";
    CREATE_ACCOUNT = "Create account" / "Crear la cuenta";

    /// An application's sign-in request (docs/oidc.md).
    NO_SIGN_IN_REQUEST = "There is no sign-in request to continue. Return to the application and try again." / "No hay ninguna solicitud de inicio de sesión para continuar. Vuelva a la aplicación e inténtelo de nuevo.";
    SIGNING_YOU_IN = "Signing you in" / "Iniciando su sesión";
    TAKING_YOU_TO_APPLICATION = "Please wait while we take you to the application…" / "Espere mientras lo llevamos a la aplicación…";
    ALLOW_ACCESS_TITLE = "Allow access?" / "¿Permitir el acceso?";
    CONSENT_ASKS = "{application} is not one of the agency's applications. It asks to:" / "{application} no es una de las aplicaciones de la agencia. Solicita:";
    CONSENT_NOTE = "It never sees your password. You can take this back at any time in Manage My Access." / "Nunca ve su contraseña. Puede retirar este permiso en cualquier momento en «Administrar mi acceso».";
    ALLOW = "Allow" / "Permitir";
    DONT_ALLOW = "Don't Allow" / "No permitir";
    SIGN_IN_NOT_COMPLETED = "Sign-in request not completed" / "La solicitud de inicio de sesión no se completó";
    GO_TO_SIGN_IN = "Go to IAMOnline sign-in" / "Ir al inicio de sesión de IAMOnline";

    /// An application's sign-out request (docs/oidc.md, "Logout").
    NO_SIGN_OUT_REQUEST = "There is no sign-out request to continue." / "No hay ninguna solicitud de cierre de sesión para continuar.";
    SIGNING_YOU_OUT = "Signing you out" / "Cerrando su sesión";
    /// Who asks to sign out, when the application is not known.
    AN_APPLICATION = "An application" / "Una aplicación";
    SIGN_OUT_TITLE = "Sign out of IAMOnline?" / "¿Cerrar su sesión de IAMOnline?";
    SIGN_OUT_ASKED = "{application} asks to sign you out of IAMOnline. The other applications you opened with this sign-in are signed out too." / "{application} pide cerrar su sesión de IAMOnline. También se cerrará la sesión de las otras aplicaciones que abrió con este inicio de sesión.";
    SIGN_OUT = "Sign out" / "Cerrar sesión";
    STAY_SIGNED_IN = "Stay signed in" / "Mantener la sesión iniciada";
    SIGNED_OUT = "Signed out" / "Sesión cerrada";
    SIGNED_OUT_TEXT = "You are now signed out of IAMOnline and the applications you opened with it." / "Ya cerró su sesión de IAMOnline y de las aplicaciones que abrió con ella.";
    SIGN_OUT_NOT_COMPLETED = "Sign-out request not completed" / "La solicitud de cierre de sesión no se completó";

    /// The application home, the portal view and logout (docs/product.md §3).
    LOGGING_OUT = "Logging out…" / "Cerrando sesión…";
    LOGOUT = "Logout" / "Cerrar sesión";
    NONE_SELECTED = "None selected" / "Ninguna seleccionada";
    WELCOME = "Welcome, {first} {last}." / "Le damos la bienvenida, {first} {last}.";
    /// The application home's links' accessible name.
    ACCOUNT = "Account" / "Cuenta";
    CHANGE_ORGANIZATION = "Change organization" / "Cambiar de organización";
    SUPPORT_CONSOLE = "Support console" / "Consola de soporte";
    RELATED_LINKS = "Related Links" / "Enlaces relacionados";
    USER_MANUAL = "Online User Manual" / "Manual del usuario en línea";
    SELECT_ORGANIZATION = "Select an organization" / "Seleccione una organización";
    CHOOSE_ORGANIZATION = "You have access to these organizations. Choose the one to work in." / "Usted tiene acceso a estas organizaciones. Elija aquella en la que va a trabajar.";
    LOGGED_OUT_OF = "You are now logged out of {app}." / "Ya cerró su sesión de {app}.";
    LOGGED_OUT = "Logged out" / "Sesión cerrada";
    IMMTRAC2_LOGIN = "ImmTrac2 login" / "Inicio de sesión de ImmTrac2";
}
