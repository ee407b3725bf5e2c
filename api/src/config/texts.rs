//! The default legal texts: the System Use Notification, the AUA policy
//! and the Confidentiality Statement (docs/product.md §8), in English and
//! the portal's Spanish. An agency sets its own through the settings of
//! the same names (and `IAM_SPANISH` for their Spanish).

pub(super) const SYSTEM_USE_NOTIFICATION: &str =
    "Warning: This is a Texas Health and Human Services \
information resources system that contains State and/or U.S. Government information. By using \
this system you acknowledge and agree that you have no right of privacy in connection with your \
use of the system or your access to the information contained within it. By accessing and using \
this system you are consenting to the monitoring of your use of the system for security \
assessment and auditing activities that may be required for law enforcement or other legally \
permissible purposes. Any unauthorized use, access, or any unauthorized attempts to use or \
access, this system may subject you to disciplinary action, sanctions, civil penalties, or \
criminal prosecution, as permitted by applicable law.";

pub(super) const AUA_POLICY: &str =
    "Information Security Acceptable Use Policy. HHS information resources \
are provided for authorized state business only. Users protect their credentials, never share \
accounts, access only the information their duties require, protect confidential information in \
every form, report suspected security incidents at once, and accept that use is monitored. \
Violations may result in loss of access, disciplinary action and prosecution.";

pub(super) const CONFIDENTIALITY_STATEMENT: &str =
    "The information in this system includes personal, \
identifiable health information protected by state and federal law. You may use and disclose it \
only as your authorized duties require. The unauthorized disclosure of personal, identifiable \
information is strictly prohibited and may result in disciplinary action, civil penalties and \
criminal prosecution. By selecting I Agree you acknowledge that you have read and will comply \
with this statement.";

pub(super) const SPANISH_SYSTEM_USE_NOTIFICATION: &str =
    "Advertencia: Este es un sistema de recursos de información de Salud y \
Servicios Humanos de Texas que contiene información del Estado o del Gobierno de los EE. UU. Al \
usar este sistema, usted reconoce y acepta que no tiene derecho a la privacidad en relación con su \
uso del sistema ni con su acceso a la información que contiene. Al entrar y usar este sistema, \
usted da su consentimiento para que se vigile su uso del sistema con fines de evaluación de \
seguridad y de auditoría que puedan requerirse para el cumplimiento de la ley u otros fines \
legalmente permitidos. Todo uso o acceso no autorizado, o todo intento no autorizado de usar este \
sistema o de entrar en él, puede dar lugar a medidas disciplinarias, sanciones, multas civiles o \
un proceso penal, según lo permita la ley aplicable.";

pub(super) const SPANISH_AUA_POLICY: &str =
    "Política de Uso Aceptable de Seguridad de la Información. Los recursos \
de información de HHS se proporcionan solo para asuntos oficiales autorizados del Estado. Los \
usuarios protegen sus credenciales, nunca comparten cuentas, consultan solo la información que \
requieren sus funciones, protegen la información confidencial en cualquier forma, informan de \
inmediato cualquier sospecha de incidente de seguridad y aceptan que su uso se vigila. Las \
infracciones pueden dar lugar a la pérdida del acceso, a medidas disciplinarias y a un proceso \
penal.";

pub(super) const SPANISH_CONFIDENTIALITY_STATEMENT: &str =
    "La información de este sistema incluye información \
de salud personal e identificable protegida por leyes estatales y federales. Usted puede usarla y \
divulgarla solo en la medida en que lo requieran sus funciones autorizadas. La divulgación no \
autorizada de información personal e identificable está estrictamente prohibida y puede dar lugar \
a medidas disciplinarias, multas civiles y un proceso penal. Al seleccionar Acepto, usted \
reconoce que ha leído esta declaración y que la cumplirá.";
