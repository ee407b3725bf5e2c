//! The e-mails (api/src/mail/templates.rs): every message keeps seed 001's
//! frame (greeting, whom to call, "Thank you," and the automatic note).
//! The English is exactly what the seeds and the tests expect.

use crate::i18n::{catalogue_area, Area};

catalogue_area! { Area::Mail;
    // The frame every message carries.
    GREETING = "Hi {name}," / "Hola, {name}:";
    /// Where the name is not ours to repeat.
    GREETING_NO_NAME = "Hi," / "Hola:";
    HELP_DESK = "For further help or if this email was received in error, please contact the IT Help Desk at {phone}, {hours}." / "Si necesita más ayuda o si recibió este correo por error, comuníquese con la Mesa de Ayuda de TI al {phone}, {hours}.";
    CUSTOMER_SUPPORT = "For questions about {app} or your {app} access, contact {app} Customer Support at {phone} or at {email}, {hours}." / "Si tiene preguntas sobre {app} o sobre su acceso a {app}, comuníquese con Atención al Cliente de {app} al {phone} o a {email}, {hours}.";
    /// Followed, on the next line, by the configured sign-off ("IAM Team").
    THANK_YOU = "Thank you," / "Gracias,";
    AUTOMATIC_NOTE = "This is an automatically generated message from {portal}. Replies are not monitored or answered." / "Este es un mensaje automático de {portal}. Las respuestas a este correo no se revisan ni se contestan.";
    /// `{team}` is [`SUPPORT_TEAM`].
    SUPPORT_LINE = "If you did not initiate this request, please contact {team}." / "Si usted no hizo esta solicitud, comuníquese con {team}.";
    /// Filled into other texts as `{team}`, after "contact".
    SUPPORT_TEAM = "the {app} Customer Support Team at {phone} or at {email}" / "el equipo de Atención al Cliente de {app} al {phone} o a {email}";
    UNRECOGNISED = "Don't recognize this activity?" / "¿No reconoce esta actividad?";
    UNRECOGNISED_ADVICE = "If you believe your account may have been compromised, we recommend reporting the suspicious activity to your organization. Report Suspicious Activity below signs you out everywhere and locks the account until the password is reset." / "Si cree que otra persona pudo haber entrado a su cuenta, le recomendamos informar la actividad sospechosa a su organización. El botón «Informar actividad sospechosa» de abajo cierra su sesión en todos los dispositivos y bloquea la cuenta hasta que se restablezca la contraseña.";

    // Buttons.
    ACTIVATE_ACCOUNT = "Activate Account" / "Activar cuenta";
    RESET_PASSWORD = "Reset Password" / "Restablecer contraseña";
    REPORT_SUSPICIOUS = "Report Suspicious Activity" / "Informar actividad sospechosa";
    FORGOT_PASSWORD = "Forgot Password" / "¿Olvidó su contraseña?";

    // Lifetimes: "five (5) minutes", "seven (7) days", "24 hours".
    MINUTE = "minute" / "minuto";
    MINUTES = "minutes" / "minutos";
    HOUR = "hour" / "hora";
    HOURS = "hours" / "horas";
    DAY = "day" / "día";
    DAYS = "days" / "días";
    ZERO = "zero" / "cero";
    /// "one" before "minute" (Spanish: "un minuto").
    ONE_BEFORE_MINUTE = "one" / "un";
    /// "one" before "hour" (Spanish: "una hora").
    ONE_BEFORE_HOUR = "one" / "una";
    /// "one" before "day" (Spanish: "un día").
    ONE_BEFORE_DAY = "one" / "un";
    TWO = "two" / "dos";
    THREE = "three" / "tres";
    FOUR = "four" / "cuatro";
    FIVE = "five" / "cinco";
    SIX = "six" / "seis";
    SEVEN = "seven" / "siete";
    EIGHT = "eight" / "ocho";
    NINE = "nine" / "nueve";
    TEN = "ten" / "diez";
    ELEVEN = "eleven" / "once";
    TWELVE = "twelve" / "doce";

    // Welcome (seed 001 "Activate Account").
    WELCOME_SUBJECT = "Welcome to {portal}" / "Le damos la bienvenida a {portal}";
    WELCOME_INTRO = "Welcome to {portal}! Your account is active and ready for use. Access the portal using the link below:" / "¡Le damos la bienvenida a {portal}! Su cuenta está activa y lista para usarse. Entre al portal con el enlace de abajo:";
    USERNAME = "Username: {username}" / "Nombre de usuario: {username}";
    WELCOME_LINK_LIFETIME = "Please note that the link will only be active for {lifetime} for security reasons." / "Tenga en cuenta que, por seguridad, el enlace solo estará activo durante {lifetime}.";
    WELCOME_SET_UP = "After accessing {portal} for the first time, set up will require a password, a phone number, and a security question for the account. The Acceptable Use Agreement (AUA) must be completed as well: {link}" / "La primera vez que entre a {portal}, deberá configurar una contraseña, un número de teléfono y una pregunta de seguridad para la cuenta. También deberá completar el Acuerdo de Uso Aceptable (AUA): {link}";
    WELCOME_HELP = "If you have any questions regarding how to complete this action, please review the {portal} Web Help and FAQs: {link}" / "Si tiene preguntas sobre cómo completar estos pasos, consulte la Ayuda en línea y las Preguntas frecuentes de {portal}: {link}";

    // Forgot Username (seed 001 "Receive Username and Login").
    USERNAME_SUBJECT = "{app} Request" / "Solicitud de {app}";
    USERNAME_INTRO = "You have recently requested to receive your {app} username. Your username is listed below. Enter your username along with an assigned org code and password in order to log in to the system." / "Hace poco pidió recibir su nombre de usuario de {app}. Su nombre de usuario aparece abajo. Para iniciar sesión en el sistema, escriba su nombre de usuario junto con el código de organización asignado y su contraseña.";
    USERNAME_SIGN_IN = "In order to login to {app}, please visit the following URL: {link}" / "Para iniciar sesión en {app}, visite esta dirección: {link}";

    // ImmTrac2 Forgot Password (seed 000).
    IMMTRAC2_RESET_SUBJECT = "{app} Password Reset" / "Restablecimiento de contraseña de {app}";
    IMMTRAC2_RESET_INTRO = "A request has been submitted to change your {app} password. Please follow the link below to reset your password. This link will be available for {lifetime}." / "Se recibió una solicitud para cambiar su contraseña de {app}. Use el enlace de abajo para restablecer su contraseña. Este enlace estará disponible durante {lifetime}.";

    // Password changed, security methods (seed 001 "Your Password Was Changed").
    PASSWORD_CHANGED_SUBJECT = "Your {portal} password was changed" / "Se cambió su contraseña de {portal}";
    PASSWORD_CHANGED = "The {portal} password was changed for your account." / "Se cambió la contraseña de {portal} de su cuenta.";
    METHOD_ADDED_SUBJECT = "A security method was added to your account" / "Se agregó un método de seguridad a su cuenta";
    METHOD_ADDED = "The security method \"{method}\" was added to your {portal} account. It can now be used to verify it's you when you sign in." / "Se agregó el método de seguridad «{method}» a su cuenta de {portal}. Desde ahora puede usarlo para verificar su identidad al iniciar sesión.";
    METHOD_REMOVED_SUBJECT = "A security method was removed from your account" / "Se quitó un método de seguridad de su cuenta";
    METHOD_REMOVED = "The security method \"{method}\" was removed from your {portal} account." / "Se quitó el método de seguridad «{method}» de su cuenta de {portal}.";

    // Codes (seed 001 "Verification Email from Okta").
    VERIFICATION_SUBJECT = "{portal} | Your Email Verification" / "{portal} | Verificación de su correo electrónico";
    ENTER_CODE = "Enter this code: {code}" / "Escriba este código: {code}";
    SIGNIN_CODE_INTRO = "You have requested an email verification code to sign in to {portal}. Enter the verification code into {portal}. The code will expire in {lifetime} and can be used once." / "Usted pidió un código de verificación por correo electrónico para iniciar sesión en {portal}. Escriba el código de verificación en {portal}. El código vence en {lifetime} y se puede usar una sola vez.";
    SIGNIN_CODE_WARNING = "If you did not try to sign in, someone may know your password: change it, and contact {team}." / "Si usted no intentó iniciar sesión, es posible que otra persona conozca su contraseña: cámbiela y comuníquese con {team}.";
    CAPTCHA_CODE_INTRO = "You asked for a code to use instead of the characters in the image on the {portal} sign-in page. Type it where the characters go. The code will expire in {lifetime} and works once, for the page you asked from." / "Usted pidió un código para usarlo en lugar de los caracteres de la imagen en la página de inicio de sesión de {portal}. Escríbalo donde van los caracteres. El código vence en {lifetime} y sirve una sola vez, en la página desde la que lo pidió.";
    CAPTCHA_CODE_WARNING = "If you did not ask for it, someone may be trying to sign in as you: change your password, and contact {team}." / "Si usted no lo pidió, es posible que otra persona esté intentando iniciar sesión con su cuenta: cambie su contraseña y comuníquese con {team}.";
    FORM_CAPTCHA_CODE_INTRO = "You asked for a code to use instead of the characters in the image on a {portal} request form. Type it where the characters go. The code will expire in {lifetime} and works once, on a form that gives this email address." / "Usted pidió un código para usarlo en lugar de los caracteres de la imagen en un formulario de solicitud de {portal}. Escríbalo donde van los caracteres. El código vence en {lifetime} y sirve una sola vez, en un formulario que indique este correo electrónico.";
    FORM_CAPTCHA_CODE_WARNING = "If you did not ask for it, you can ignore this email." / "Si usted no lo pidió, puede ignorar este correo.";
    ACTIVATION_CODE_INTRO = "You have requested an email verification code to activate your {portal} account. Enter the verification code into {portal}. The code will expire in {lifetime} and can be used once." / "Usted pidió un código de verificación por correo electrónico para activar su cuenta de {portal}. Escriba el código de verificación en {portal}. El código vence en {lifetime} y se puede usar una sola vez.";

    // IAMOnline Forgot Password (seed 001 "Reset Password").
    RECOVERY_SUBJECT = "Reset your {portal} password" / "Restablecer su contraseña de {portal}";
    RECOVERY_INTRO = "Please click on the link to reset your {portal} password or enter the verification code into {portal}. Both will expire in {lifetime} and can be used once." / "Haga clic en el enlace para restablecer su contraseña de {portal}, o escriba el código de verificación en {portal}. Ambos vencen en {lifetime} y se pueden usar una sola vez.";
    /// `{lifetime}` in words only ("five minutes").
    RECOVERY_LINK_NOTE = "Note: this link expires in {lifetime}." / "Nota: este enlace vence en {lifetime}.";
    RECOVERY_CODE = "Can't use the link? Enter this code instead: {code}" / "¿No puede usar el enlace? Escriba este código en su lugar: {code}";

    // Locked accounts.
    LOCKED_SUBJECT = "Your {app} account is locked" / "Su cuenta de {app} está bloqueada";
    LOCKED = "Your {app} account was locked after several unsuccessful sign-in attempts." / "Su cuenta de {app} se bloqueó después de varios intentos fallidos de inicio de sesión.";
    LOCKED_IF_YOU = "If this was you, reset your password to unlock it. This link will be available for {lifetime}." / "Si fue usted, restablezca su contraseña para desbloquear la cuenta. Este enlace estará disponible durante {lifetime}.";
    LOCKED_IF_NOT = "If it was not, someone may be trying to guess your password: reset it all the same, and contact {team}." / "Si no fue usted, es posible que otra persona esté intentando adivinar su contraseña: restablézcala de todos modos y comuníquese con {team}.";
    DIRECTORY_LOCKED = "Your {app} account was locked after several unsuccessful sign-in attempts. Your HHS/DSHS network password was not changed." / "Su cuenta de {app} se bloqueó después de varios intentos fallidos de inicio de sesión. Su contraseña de la red de HHS/DSHS no se cambió.";
    DIRECTORY_UNLOCK = "To unlock it, call the IT Help Desk at {phone}, {hours}." / "Para desbloquearla, llame a la Mesa de Ayuda de TI al {phone}, {hours}.";
    DIRECTORY_IF_NOT = "If the attempts were not yours, someone may be trying to guess your network password: change it at {link} and tell the IT Help Desk." / "Si usted no hizo esos intentos, es posible que otra persona esté intentando adivinar su contraseña de la red: cámbiela en {link} y avise a la Mesa de Ayuda de TI.";

    // Unknown devices blocked (issue 15).
    SIGNIN_BLOCKED_SUBJECT = "Sign-ins to your {app} account from new devices are blocked" / "Se bloquearon los inicios de sesión en su cuenta de {app} desde dispositivos nuevos";
    SIGNIN_BLOCKED_HAPPENED = "Someone entered a wrong password for your {app} account several times from a computer or browser you have not signed in from before." / "Alguien escribió varias veces una contraseña incorrecta para su cuenta de {app} desde una computadora o un navegador que usted no había usado antes para iniciar sesión.";
    SIGNIN_BLOCKED_EFFECT = "To protect your account, password sign-ins from devices you have not used before are refused for now. Your account is not locked: you can sign in as usual from a computer or browser you have signed in from before. To sign in from a new device, reset your password with Forgot Password; that lifts the block." / "Para proteger su cuenta, por ahora se rechazan los inicios de sesión con contraseña desde dispositivos que usted no ha usado antes. Su cuenta no está bloqueada: puede iniciar sesión como siempre desde una computadora o un navegador que ya usó antes para iniciar sesión. Para iniciar sesión desde un dispositivo nuevo, restablezca su contraseña con «¿Olvidó su contraseña?»; eso quita el bloqueo.";
    RESET_BLOCKED_SUBJECT = "Password resets for your {app} account from new devices are blocked" / "Se bloquearon los restablecimientos de contraseña de su cuenta de {app} desde dispositivos nuevos";
    RESET_BLOCKED_HAPPENED = "Someone asked to reset the password of your {app} account several times with details that did not match, from a computer or browser you have not signed in from before." / "Alguien pidió varias veces restablecer la contraseña de su cuenta de {app} con datos que no coincidían, desde una computadora o un navegador que usted no había usado antes para iniciar sesión.";
    RESET_BLOCKED_EFFECT = "To protect your account, password resets from devices you have not used before are refused for the next 24 hours. Your account is not disabled: you can sign in, and reset your password, as usual from a computer or browser you have signed in from before." / "Para proteger su cuenta, durante las próximas 24 horas se rechazan los restablecimientos de contraseña desde dispositivos que usted no ha usado antes. Su cuenta no está desactivada: puede iniciar sesión, y restablecer su contraseña, como siempre desde una computadora o un navegador que ya usó antes para iniciar sesión.";
    BLOCKED_IF_NOT = "If this was not you, someone may be trying to get into your account: change your password from a device you trust, and contact {team}." / "Si no fue usted, es posible que otra persona esté intentando entrar a su cuenta: cambie su contraseña desde un dispositivo de confianza y comuníquese con {team}.";

    // The right password, then five wrong codes (checklist B11).
    PASSWORD_USED_SUBJECT = "Someone used your {app} password" / "Alguien usó su contraseña de {app}";
    PASSWORD_USED = "Someone signed in to your {app} account with the correct password, then entered a wrong verification code five times. The sign-in did not go through." / "Alguien escribió la contraseña correcta de su cuenta de {app} y luego escribió cinco veces un código de verificación incorrecto. No se completó el inicio de sesión.";
    PASSWORD_USED_IF_YOU = "If this was you, there is nothing to do: sign in again and use the code from the newest email." / "Si fue usted, no tiene que hacer nada: inicie sesión de nuevo y use el código del correo más reciente.";
    PASSWORD_USED_IF_NOT = "If it was not you, someone knows your password. Change it now with Forgot Password, and contact {team}." / "Si no fue usted, otra persona conoce su contraseña. Cámbiela ahora con «¿Olvidó su contraseña?» y comuníquese con {team}.";

    // Support judged the password compromised (checklist A8).
    CHANGE_REQUIRED_SUBJECT = "Choose a new {app} password" / "Elija una contraseña nueva de {app}";
    CHANGE_REQUIRED = "{app} Customer Support asked for a new password on your {app} account, because the current one may be known to someone else. You have been signed out everywhere, and the account is locked until you choose a new password." / "Atención al Cliente de {app} pidió una contraseña nueva para su cuenta de {app}, porque es posible que otra persona conozca la actual. Se cerró su sesión en todos los dispositivos y la cuenta queda bloqueada hasta que usted elija una contraseña nueva.";
    CHANGE_REQUIRED_LINK = "Choose it with the link below. This link will be available for {lifetime}; after that, use Forgot Password." / "Elíjala con el enlace de abajo. Este enlace estará disponible durante {lifetime}; después, use «¿Olvidó su contraseña?».";

    // Access requests and citizen sign-ups.
    REQUEST_RECEIVED_SUBJECT = "Your {portal} request was received" / "Recibimos su solicitud de {portal}";
    REQUEST_RECEIVED = "We received your request for {portal} access. {app} Customer Support will review it and email you when it is decided." / "Recibimos su solicitud de acceso a {portal}. Atención al Cliente de {app} la revisará y le enviará un correo cuando se tome una decisión.";
    REQUEST_REJECTED_SUBJECT = "Your {portal} request" / "Su solicitud de {portal}";
    REQUEST_REJECTED = "Your request for {portal} access was not approved." / "Su solicitud de acceso a {portal} no fue aprobada.";
    REASON = "Reason: {reason}" / "Motivo: {reason}";
    ACCOUNT_EXISTS_SUBJECT = "Your {portal} account" / "Su cuenta de {portal}";
    ACCOUNT_EXISTS = "Someone asked to create a new {portal} account with this email address, which already has one." / "Alguien pidió crear una cuenta nueva de {portal} con este correo electrónico, que ya tiene una.";
    ACCOUNT_EXISTS_FORGOT = "If you forgot your password, reset it with Forgot Password." / "Si olvidó su contraseña, restablézcala con «¿Olvidó su contraseña?».";
}
