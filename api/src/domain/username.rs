//! Generated usernames for external users (docs/product.md §2): "2-4-2" — the first two
//! letters of the first name, four digits, the first two letters of the last
//! name, upper case (JO1234SM).

/// The two letters a name contributes: its first two ASCII letters (accents
/// folded for the common Latin-1 letters), padded with `X` for very short
/// names.
fn two_letters(name: &str) -> String {
    let mut letters: String = name
        .chars()
        .map(fold_accent)
        .filter(char::is_ascii_alphabetic)
        .take(2)
        .collect::<String>()
        .to_ascii_uppercase();
    while letters.len() < 2 {
        letters.push('X');
    }
    letters
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'A',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'O',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        'ñ' | 'Ñ' => 'N',
        'ç' | 'Ç' => 'C',
        other => other,
    }
}

/// The username for `first last` with the given digits (0–9999).
pub fn external_username(first_name: &str, last_name: &str, digits: u16) -> String {
    format!(
        "{}{:04}{}",
        two_letters(first_name),
        digits % 10_000,
        two_letters(last_name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_shared::rules::is_external_username;

    #[test]
    fn usernames_follow_the_2_4_2_pattern() {
        assert_eq!(external_username("John", "Smith", 1234), "JO1234SM");
        assert_eq!(external_username("ana maría", "O'Neil", 7), "AN0007ON");
        assert_eq!(external_username("Ñandú", "Éclair", 42), "NA0042EC");
        assert_eq!(external_username("J", "-", 9999), "JX9999XX");
    }

    #[test]
    fn generated_usernames_always_pass_the_shared_format_rule() {
        for (first, last) in [("John", "Smith"), ("李", "王"), ("", ""), ("Zoë", "d'Arc")] {
            for digits in [0, 1, 999, 9999, 12345] {
                let username = external_username(first, last, digits);
                assert!(
                    is_external_username(&username),
                    "{first} {last} {digits} → {username}"
                );
            }
        }
    }
}
