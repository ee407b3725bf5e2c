//! The default legal texts: the System Use Notification, the AUA policy
//! and the Confidentiality Statement (docs/product.md §8). An agency sets
//! its own through the settings of the same names.

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
