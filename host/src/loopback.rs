//! Whether an address is this machine. Plain HTTP to a provider override, a service-account
//! assertion sent to a stand-in token endpoint, and a PostgreSQL connection without TLS are each
//! allowed only on this machine, so all three ask the same question with the same rule: a
//! literal loopback address (`127.0.0.0/8`, `::1`). A name such as `localhost` is resolved by
//! the system (hosts file, DNS) and so may lead anywhere; it does not count.

use std::net::IpAddr;

/// Whether `host` (IPv6 with or without its brackets) is a literal loopback address.
pub fn is_literal_loopback(host: &str) -> bool {
    let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `scheme://host[:port]` of the http(s) URL `url` when its host is a literal loopback address;
/// `None` for another host, another scheme, or an authority with user info (`a@b`).
pub fn loopback_origin(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next()?,
        None => authority.split(':').next()?,
    };
    let origin_len = url.len() - rest.len() + authority.len();
    (!authority.contains('@') && is_literal_loopback(host)).then(|| &url[..origin_len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_literal_loopback_addresses_are_this_machine() {
        for host in ["127.0.0.1", "127.8.9.10", "::1", "[::1]"] {
            assert!(is_literal_loopback(host), "{host}");
        }
        for host in ["localhost", "10.0.0.1", "::2", "[::1", "127.0.0.1.evil.example", ""] {
            assert!(!is_literal_loopback(host), "{host}");
        }
    }

    #[test]
    fn the_origin_of_a_loopback_url_is_its_scheme_host_and_port() {
        assert_eq!(loopback_origin("http://127.0.0.1:8080/v1/x"), Some("http://127.0.0.1:8080"));
        assert_eq!(loopback_origin("https://[::1]:9000"), Some("https://[::1]:9000"));
        assert_eq!(loopback_origin("http://[0:0:0:0:0:0:0:1]:9"), Some("http://[0:0:0:0:0:0:0:1]:9"), "any spelling of ::1");
        assert_eq!(loopback_origin("http://[::ffff:127.0.0.1]:9"), None, "an ipv4-mapped address is not ::1");
        assert_eq!(loopback_origin("http://127.0.0.1?q"), Some("http://127.0.0.1"));
    }

    #[test]
    fn refuses_a_name_user_info_or_another_scheme() {
        for url in ["http://localhost:8080", "http://127.0.0.1@evil.example/", "http://[::1]@evil.example", "ftp://127.0.0.1", "http://127.0.0.1.evil.example"] {
            assert_eq!(loopback_origin(url), None, "{url}");
        }
    }
}
