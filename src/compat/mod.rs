//! Go and Kubernetes library behaviour that several layers need to reproduce byte for byte:
//! `resource.Quantity` parsing and printing ([`quantity`]), Go's `strconv.Quote` ([`go_quote`]),
//! `encoding/json` strings ([`json`]) and Go's IP parsers ([`ip`]). Below `schema` and
//! `validate`; it depends only on `yaml` (a quantity can be read from a node).

pub mod ip;
pub mod json;
pub mod quantity;
mod quote;

pub use quote::go_quote;

#[cfg(test)]
mod tests {
    use super::{ip, json, quantity};

    /// `Quantity.String()`, as the downward API's divisor check compares it.
    #[test]
    fn quantities_print_like_quantity_string() {
        let text = |s: &str| quantity::parse(s).unwrap().to_string();
        for (input, printed) in [
            ("1", "1"),
            ("1m", "1m"),
            ("1000m", "1"),
            ("0.001", "1m"),
            ("0.5", "500m"),
            ("1500", "1500"),
            ("2000", "2k"),
            ("1Ki", "1Ki"),
            ("1024Ki", "1Mi"),
            ("1.5Ki", "1536"),
            ("0.5Ki", "512"),
            ("1024", "1024"),
            ("1e3", "1e3"),
            ("1E", "1E"),
            ("1k", "1k"),
            ("10m", "10m"),
            ("-1", "-1"),
        ] {
            assert_eq!(text(input), printed, "{input}");
        }
        assert!(quantity::parse("0").unwrap().is_zero());
        assert!(quantity::parse("0Mi").unwrap().is_zero());
    }

    /// Go 1.22 and later write `\b` and `\f` as short escapes.
    #[test]
    fn json_strings_like_go() {
        assert_eq!(json::string("a\u{8}b\u{c}c"), r#""a\bb\fc""#);
        assert_eq!(json::string("<&>\u{1}"), r#""\u003c\u0026\u003e\u0001""#);
    }

    #[test]
    fn ipv4_sloppy_and_strict() {
        assert_eq!(ip::parse_ipv4("010.0.0.1", false), Some([10, 0, 0, 1]));
        assert_eq!(ip::parse_ipv4("010.0.0.1", true), None);
        assert_eq!(ip::parse_ipv4("1.2.3", false), None);
        assert!(ip::parse_ip("::ffff:1.2.3.4", true).is_some());
    }
}
