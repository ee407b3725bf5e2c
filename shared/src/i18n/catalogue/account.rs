//! Recovery, activation, password changes, security methods and devices.

use crate::i18n::{catalogue_area, Area};

catalogue_area! { Area::Account;
    // Shared by several screens.
    CONTINUE = "Continue" / "Continuar";
    CANCEL = "Cancel" / "Cancelar";
    SAVE = "Save" / "Guardar";
    SAVING = "Saving…" / "Guardando…";
    ENTER_VALID_EMAIL = "Enter a valid e-mail address." / "Escriba un correo electrónico válido.";
    CHECKING_LINK = "Checking your link…" / "Revisando su enlace…";
    PASSWORDS_DIFFER = "The passwords do not match." / "Las contraseñas no coinciden.";
    SIGN_IN_AGAIN = "Sign in again" / "Iniciar sesión de nuevo";

    /// Forgot Password, IAMOnline (docs/product.md §5); also the link of Report Suspicious Activity.
    RESET_YOUR_PASSWORD = "Reset your password" / "Restablecer su contraseña";
    RESET_INTRO = "Enter the e-mail address or username of your account. We will send you a link and a code to reset your password." / "Escriba el correo electrónico o el nombre de usuario de su cuenta. Le enviaremos un enlace y un código para restablecer su contraseña.";
    EMAIL_OR_USERNAME = "Email or Username" / "Correo electrónico o nombre de usuario";
    ENTER_EMAIL_OR_USERNAME = "Enter your e-mail address or username." / "Escriba su correo electrónico o su nombre de usuario.";
    /// Forgot Password, ImmTrac2 (seed 000).
    USER_INFORMATION = "User Information" / "Información del usuario";
    BACK_TO_IMMTRAC2_LOGIN = "Back to ImmTrac2 login" / "Volver al inicio de sesión de ImmTrac2";
    IMMTRAC2_FORGOT_INTRO = "Enter your Org Code, Username, and the Email Address that is associated to your ImmTrac2 user account. Then enter the characters displayed in the Captcha image and click Submit." / "Escriba su código de organización, su nombre de usuario y el correo electrónico asociado a su cuenta de usuario de ImmTrac2. Luego escriba los caracteres que se muestran en la imagen CAPTCHA y haga clic en «Enviar».";
    EMAIL_ADDRESS = "Email Address" / "Correo electrónico";

    /// Forgot Username (docs/product.md §6).
    SYSTEM_NOTIFICATION = "System Notification" / "Notificación del sistema";
    REQUEST_COMPLETE = "Request Complete" / "Solicitud completada";
    OK = "Ok" / "Aceptar";
    FORGOT_USERNAME_INTRO = "To retrieve your username, please enter your First Name, Last Name, and Email Address associated with your {app} account and click Submit." / "Para recuperar su nombre de usuario, escriba su nombre, su apellido y el correo electrónico asociado a su cuenta de {app}, y haga clic en «Enviar».";
    FIRST_NAME_REQUIRED = "* First Name" / "* Nombre";
    LAST_NAME_REQUIRED = "* Last Name" / "* Apellido";
    EMAIL_ADDRESS_REQUIRED = "* Email Address" / "* Correo electrónico";
    ENTER_FIRST_NAME = "Enter your first name." / "Escriba su nombre.";
    ENTER_LAST_NAME = "Enter your last name." / "Escriba su apellido.";
    REQUIRED_FIELD = "* Required field" / "* Campo obligatorio";
    FORGOT_USERNAME_HELP = "If you have any questions or do not receive an email with your username, please contact {app} Customer Support at {phone} or at {email}." / "Si tiene preguntas o no recibe un correo con su nombre de usuario, comuníquese con Atención al Cliente de {app} al {phone} o a {email}.";

    /// A reset or report link that cannot be used.
    LINK_NEEDED = "This page needs the link from your e-mail. Open the whole link, or request a new one." / "Esta página necesita el enlace de su correo electrónico. Abra el enlace completo o solicite uno nuevo.";
    LINK_UNUSABLE = "This link cannot be used" / "Este enlace no se puede usar";
    REQUEST_NEW_LINK = "Request a new link" / "Solicitar un enlace nuevo";
    REQUEST_NEW_LINK_IAMONLINE = "Request a new link (IAMOnline)" / "Solicitar un enlace nuevo (IAMOnline)";
    REQUEST_NEW_LINK_IMMTRAC2 = "Request a new link (ImmTrac2)" / "Solicitar un enlace nuevo (ImmTrac2)";
    /// Setting a new password from a link or a recovery code.
    PASSWORD_UPDATED = "Password Updated" / "Contraseña actualizada";
    CHANGE_PASSWORD = "Change Password" / "Cambiar contraseña";
    IMMTRAC2_PASSWORD_CHANGED = "Your password was changed. You may now continue with the standard login process." / "Su contraseña se cambió. Ahora puede continuar con el proceso normal de inicio de sesión.";
    RESET_PORTAL_PASSWORD = "Reset your {portal} password" / "Restablecer su contraseña de {portal}";
    /// Hidden before the username, for screen readers.
    NEW_PASSWORD_FOR = "New password for " / "Nueva contraseña para ";
    SIGN_OUT_OTHER_DEVICES = "Sign me out of all other devices." / "Cerrar mi sesión en todos los demás dispositivos.";
    RESET_PASSWORD = "Reset Password" / "Restablecer contraseña";
    PASSWORD_CHANGED_SIGN_IN = "Your password was changed. You can now sign in with your new password." / "Su contraseña se cambió. Ya puede iniciar sesión con su nueva contraseña.";
    IMMTRAC2_LOGIN = "ImmTrac2 login" / "Inicio de sesión de ImmTrac2";
    /// Report Suspicious Activity, from the "password changed" e-mail.
    REPORT_RECEIVED = "Report received" / "Informe recibido";
    REPORT_SUSPICIOUS = "Report Suspicious Activity" / "Informar actividad sospechosa";
    REPORT_INTRO = "If you did not change your password, report it. We will sign you out on every device and lock your account until the password is reset." / "Si usted no cambió su contraseña, infórmelo. Cerraremos su sesión en todos los dispositivos y bloquearemos su cuenta hasta que se restablezca la contraseña.";
    REPORTING = "Reporting…" / "Informando…";
    IT_WAS_ME = "It was me: back to sign in" / "Fui yo: volver al inicio de sesión";
    /// A signed-in user's Change Password.
    CURRENT_PASSWORD_WRONG = "The current password is not correct." / "La contraseña actual no es correcta.";
    PASSWORD_UPDATED_NEXT_TIME = "Password Updated. Use your new password the next time you sign in." / "Contraseña actualizada. Use su nueva contraseña la próxima vez que inicie sesión.";
    BACK_TO_DASHBOARD = "Back to the dashboard" / "Volver al panel principal";
    DIRECTORY_PASSWORD = "Your password is your HHS/DSHS network password. The portal does not keep it: change it with the agency's own page." / "Su contraseña es la de la red de HHS/DSHS. El portal no la guarda: cámbiela en la página de la agencia.";
    CURRENT_PASSWORD = "Current password" / "Contraseña actual";

    /// The new password's fields (docs/product.md §4).
    NEW_PASSWORD = "New password" / "Nueva contraseña";
    /// The seed's label on a first set-up.
    ENTER_PASSWORD = "Enter password" / "Escriba una contraseña";
    REENTER_PASSWORD = "Re-enter password" / "Vuelva a escribir la contraseña";
    PASSWORD_RECENTLY_USED = "You used this password recently. Choose one that is not among your last 24 passwords." / "Usted usó esta contraseña hace poco. Elija una que no esté entre sus últimas 24 contraseñas.";
    PASSWORD_FAILS_RULES = "This password does not meet every requirement listed below." / "Esta contraseña no cumple todos los requisitos que se indican abajo.";
    PASSWORD_STRENGTH = "Password strength" / "Seguridad de la contraseña";
    /// After the meter; `{level}` is one of the STRENGTH_ texts.
    STRENGTH_LINE = " Strength: {level}" / " Seguridad: {level}";
    STRENGTH_VERY_WEAK = "Very weak" / "Muy débil";
    STRENGTH_WEAK = "Weak" / "Débil";
    STRENGTH_FAIR = "Fair" / "Aceptable";
    STRENGTH_STRONG = "Strong" / "Fuerte";
    STRENGTH_VERY_STRONG = "Very strong" / "Muy fuerte";
    PASSWORD_REQUIREMENTS = "Password requirements:" / "Requisitos de la contraseña:";
    /// Hidden after a requirement, for screen readers.
    RULE_MET = " (met)" / " (cumplido)";
    RULE_NOT_MET = " (not met)" / " (no cumplido)";
    /// The password policy's rules (`rules::PASSWORD_RULES`), also in `GET /config`.
    RULE_MIN_LENGTH = "At least 15 characters" / "Al menos 15 caracteres";
    RULE_LOWERCASE = "A lowercase letter" / "Una letra minúscula";
    RULE_UPPERCASE = "An uppercase letter" / "Una letra mayúscula";
    RULE_NUMBER = "A number" / "Un número";
    RULE_SYMBOL = "A symbol" / "Un símbolo";
    RULE_NO_USERNAME = "No parts of your username" / "Ninguna parte de su nombre de usuario";
    RULE_NOT_FIRST_NAME = "Does not include your first name" / "No incluye su nombre";
    RULE_NOT_LAST_NAME = "Does not include your last name" / "No incluye su apellido";
    RULE_NOT_RECENT = "Password can't be the same as your last 24 passwords" / "No puede ser igual a ninguna de sus últimas 24 contraseñas";
    RULE_MAX_LENGTH = "At most 128 characters" / "Como máximo 128 caracteres";
    RULE_NOT_COMMON = "Not a commonly used or breached password" / "No es una contraseña común ni filtrada";

    /// Account activation (docs/product.md §7).
    ACTIVATE_TITLE = "Activate your account" / "Active su cuenta";
    ACTIVATION_LINK_NEEDED = "This page needs the Activate Account link from your Welcome e-mail. Open the whole link." / "Esta página necesita el enlace «Activar cuenta» de su correo de bienvenida. Abra el enlace completo.";
    ACTIVATE_WELCOME = "Welcome! Your username is {name}. To activate the account, confirm your e-mail address and set up your password, phone number and security question." / "¡Le damos la bienvenida! Su nombre de usuario es {name}. Para activar la cuenta, confirme su correo electrónico y configure su contraseña, su número de teléfono y su pregunta de seguridad.";
    ACTIVATION_EXPIRED = "This activation has expired or was not started. Open the link from your Welcome e-mail again." / "Esta activación venció o no se inició. Vuelva a abrir el enlace de su correo de bienvenida.";
    PASSWORD_EXTRAS = "With it: your phone number and a security question for Customer Support" / "Además: su número de teléfono y una pregunta de seguridad para Atención al Cliente";
    SET_UP_PASSWORD_LABEL = "Set up Password" / "Configurar la contraseña";
    PHONE_NUMBER = "Phone number" / "Número de teléfono";
    ENTER_PHONE = "Enter a phone number with 10 to 15 digits." / "Escriba un número de teléfono de 10 a 15 dígitos.";
    SECURITY_QUESTION = "Security question" / "Pregunta de seguridad";
    SECURITY_QUESTION_HELP = "Customer Support asks this question to confirm who you are when you call." / "Atención al Cliente le hace esta pregunta para confirmar su identidad cuando usted llama.";
    ENTER_QUESTION = "Enter a question of 5 to 200 characters." / "Escriba una pregunta de 5 a 200 caracteres.";
    ANSWER = "Answer" / "Respuesta";
    ENTER_ANSWER = "Enter an answer of 3 to 100 characters." / "Escriba una respuesta de 3 a 100 caracteres.";
    FINISH = "Finish" / "Terminar";

    /// The authenticator list: "Set up required" / "Set up optional".
    SET_UP_METHODS = "Set up security methods" / "Configure sus métodos de seguridad";
    METHODS_HELP = "Security methods help protect your {portal} account by ensuring only you have access." / "Los métodos de seguridad ayudan a proteger su cuenta de {portal}, porque aseguran que solo usted tenga acceso.";
    METHODS_HELP_OPTIONAL = "Security methods help protect your {portal} account by ensuring only you have access. You may add one now, or later from Manage My Access." / "Los métodos de seguridad ayudan a proteger su cuenta de {portal}, porque aseguran que solo usted tenga acceso. Puede agregar uno ahora, o más tarde desde «Administrar mi acceso».";
    METHOD_REQUIRED_INTRO = "Your account requires a security method besides your password and e-mail. Set one up now to continue; you will use it each time you sign in." / "Su cuenta requiere un método de seguridad además de su contraseña y su correo electrónico. Configure uno ahora para continuar; lo usará cada vez que inicie sesión.";
    SET_UP_REQUIRED = "Set up required" / "Configuración obligatoria";
    SET_UP_OPTIONAL = "Set up optional" / "Configuración opcional";
    CHOOSE_A_PASSWORD = "Choose a password for your account" / "Elija una contraseña para su cuenta";
    USED_FOR_ACCESS = "Used for access" / "Se usa para entrar";
    DONE = "Done" / "Listo";
    SET_UP = "Set up" / "Configurar";
    PASSKEY_HELP = "This device's screen lock (fingerprint, face or PIN), or a security key. Look-alike sites cannot use it." / "El bloqueo de pantalla de este dispositivo (huella digital, rostro o PIN), o una llave de seguridad. Los sitios que se hacen pasar por otros no pueden usarla.";
    SET_UP_PASSKEY_LABEL = "Set up Passkey" / "Configurar una llave de acceso";
    NO_PASSKEYS_HERE = "This browser cannot create passkeys." / "Este navegador no puede crear llaves de acceso.";
    APP_HELP = "Google Authenticator, Microsoft Authenticator, Okta Verify or another app on your phone" / "Google Authenticator, Microsoft Authenticator, Okta Verify u otra aplicación en su teléfono";
    SET_UP_APP_LABEL = "Set up Authenticator app" / "Configurar una aplicación de autenticación";
    RETURN_TO_LIST = "Return to authenticator list" / "Volver a la lista de métodos de seguridad";
    /// An authenticator app's set-up: its key, then a first code.
    SET_UP_APP_TITLE = "Set up your authenticator app" / "Configure su aplicación de autenticación";
    APP_STEP_OPEN = "Open your authenticator app and add an account." / "Abra su aplicación de autenticación y agregue una cuenta.";
    APP_STEP_OPEN_NAMED = "Open Google Authenticator, Microsoft Authenticator, Okta Verify or another authenticator app and add an account." / "Abra Google Authenticator, Microsoft Authenticator, Okta Verify u otra aplicación de autenticación y agregue una cuenta.";
    APP_STEP_SCAN = "Scan this QR code, or type the key below." / "Escanee este código QR o escriba la clave que aparece abajo.";
    ENTER_APP_CODE = "Enter the 6-digit code the app shows." / "Escriba el código de 6 dígitos que muestra la aplicación.";
    APP_STEP_CODE_EXPIRES = "Enter the 6-digit code the app shows. This set-up expires in 10 minutes." / "Escriba el código de 6 dígitos que muestra la aplicación. Esta configuración vence en 10 minutos.";
    QR_ALT = "QR code of the authenticator app key; the same key is written out below" / "Código QR de la clave para la aplicación de autenticación; la misma clave aparece escrita abajo";
    KEY_LABEL = "Key: " / "Clave: ";

    /// "Security methods" under Manage My Access.
    SECURITY_METHODS = "Security methods" / "Métodos de seguridad";
    SECURITY_METHODS_INTRO = "Besides your password and the code we e-mail you, a passkey (this device's screen lock or a security key) or an authenticator app on your phone can verify it's you. A passkey cannot be used on a fake site." / "Además de su contraseña y del código que le enviamos por correo electrónico, una llave de acceso (el bloqueo de pantalla de este dispositivo o una llave de seguridad) o una aplicación de autenticación en su teléfono pueden verificar su identidad. Una llave de acceso no se puede usar en un sitio falso.";
    NO_METHODS = "No passkey or authenticator app is set up." / "No tiene configurada ninguna llave de acceso ni aplicación de autenticación.";
    /// The kinds, within a sentence.
    KIND_TOTP = "authenticator app" / "aplicación de autenticación";
    KIND_PASSKEY = "passkey" / "llave de acceso";
    /// After a method's name; `{kind}` is KIND_TOTP or KIND_PASSKEY, `{used}` NEVER_USED or LAST_USED.
    METHOD_DETAILS = " — {kind}, added {date}, {used}" / " — {kind}, agregada el {date}, {used}";
    NEVER_USED = "never used" / "nunca se usó";
    LAST_USED = "last used {date}" / "último uso: {date}";
    PASSKEY_ADDED = "{name} is set up. Next time, choose \"Sign in with a passkey\"." / "Se configuró {name}. La próxima vez, elija «Iniciar sesión con una llave de acceso».";
    APP_ADDED = "{name} is set up. Use its codes when you sign in (Verify with something else)." / "Se configuró {name}. Use sus códigos al iniciar sesión («Verificar con otro método»).";
    WRONG_APP_CODE = "That is not the code the app shows now. Enter the current code." / "Ese no es el código que la aplicación muestra ahora. Escriba el código actual.";
    NAME_TOO_LONG = "Enter a name of up to 60 characters." / "Escriba un nombre de 60 caracteres como máximo.";
    RENAMED = "Renamed to {name}." / "Se cambió el nombre a {name}.";
    REMOVED = "{name} was removed." / "Se eliminó {name}.";
    NEW_NAME = "New name" / "Nombre nuevo";
    RENAME = "Rename" / "Cambiar nombre";
    RENAME_NAMED = "Rename {name}" / "Cambiar el nombre de {name}";
    REMOVE = "Remove" / "Eliminar";
    REMOVE_NAMED = "Remove {name}" / "Eliminar {name}";
    PASSKEY_NAME_LABEL = "Name for the passkey (for example, This laptop)" / "Nombre de la llave de acceso (por ejemplo, Esta computadora portátil)";
    ADD_PASSKEY = "Add a passkey" / "Agregar una llave de acceso";
    APP_NAME_LABEL = "Name for the app (for example, Work phone)" / "Nombre de la aplicación (por ejemplo, Teléfono del trabajo)";
    SET_UP_AN_APP = "Set up an authenticator app" / "Configurar una aplicación de autenticación";

    /// "Where you're signed in" under Manage My Access.
    WHERE_SIGNED_IN = "Where you're signed in" / "Dónde tiene la sesión iniciada";
    REAUTH_DEVICES = "For your security, sign in again before signing out other devices. " / "Por su seguridad, vuelva a iniciar sesión antes de cerrar la sesión en otros dispositivos. ";
    SESSIONS = "Sessions" / "Sesiones";
    SESSION_TIMES = " — signed in {signed_in}, last active {last_active}" / " — inició sesión el {signed_in}, última actividad: {last_active}";
    THIS_DEVICE = " (this device)" / " (este dispositivo)";
    SIGN_OUT = "Sign out" / "Cerrar sesión";
    SIGN_OUT_NAMED = "Sign out {name}" / "Cerrar la sesión en {name}";
    SIGNED_OUT_NAMED = "{name} was signed out." / "Se cerró la sesión en {name}.";
    SIGN_OUT_OTHERS = "Sign out of all other devices" / "Cerrar la sesión en todos los demás dispositivos";
    FAMILIAR_DEVICES = "Familiar devices" / "Dispositivos conocidos";
    FAMILIAR_HELP = "Browsers you finished signing in from. Wrong passwords typed anywhere else can only ever block other devices, never these." / "Navegadores desde los que usted terminó de iniciar sesión. Las contraseñas incorrectas escritas en cualquier otro lugar solo pueden bloquear otros dispositivos, nunca estos.";
    NO_FAMILIAR_DEVICE = "No familiar device." / "Ningún dispositivo conocido.";
    LAST_SEEN = " — last seen {time}" / " — visto por última vez el {time}";
    THIS_BROWSER = " (this browser)" / " (este navegador)";
    FORGET = "Forget" / "Olvidar";
    FORGET_NAMED = "Forget {name}" / "Olvidar {name}";
    FORGOTTEN = "{name} is no longer a familiar device." / "{name} ya no es un dispositivo conocido.";
    /// A device named from its User-Agent (`rules::describe_user_agent`): "Chrome on Windows".
    BROWSER_ON_SYSTEM = "{browser} on {system}" / "{browser} en {system}";
    UNKNOWN_BROWSER = "Unknown browser" / "Navegador desconocido";
}
