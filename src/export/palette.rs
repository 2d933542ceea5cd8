//! Theme colours as `#rrggbb`, for formats that cannot name a terminal
//! colour (HTML, QDPX). Named colours get the usual terminal RGB values,
//! darkened where the terminal's would vanish on white paper.

use crate::mapping::ThemeColor;

/// A theme colour as `#rrggbb` (lower case).
pub fn hex(c: ThemeColor) -> String {
    match c {
        ThemeColor::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        ThemeColor::Named(n) => named(n).to_string(),
    }
}

fn named(n: &str) -> &'static str {
    match n {
        "black" => "#000000",
        "red" => "#cd3131",
        "green" => "#0dbc79",
        "yellow" => "#c9a800",
        "blue" => "#2472c8",
        "magenta" => "#bc3fbc",
        "cyan" => "#11a8cd",
        "gray" => "#8c8c8c",
        "dark-gray" => "#555555",
        "light-red" => "#f14c4c",
        "light-green" => "#23d18b",
        "light-yellow" => "#e5d72e",
        "light-blue" => "#3b8eea",
        "light-magenta" => "#d670d6",
        "light-cyan" => "#29b8db",
        _ => "#c8c8c8",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_colour_name_has_its_own_hex() {
        let mut seen = std::collections::HashSet::new();
        for n in crate::mapping::COLOR_NAMES {
            let h = hex(ThemeColor::Named(n));
            assert!(h.len() == 7 && h.starts_with('#'), "{n}: {h}");
            assert!(seen.insert(h), "{n} shares a hex with another name");
        }
        assert_eq!(hex(ThemeColor::Rgb(0xb5, 0x65, 0x1d)), "#b5651d");
    }
}
