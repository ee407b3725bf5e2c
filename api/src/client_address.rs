//! Who the client is on the network, behind the reverse proxies the agency
//! trusts (`trusted_proxies`). That one address feeds the rate limits, the
//! audit trail, session records and request logs.
//!
//! `X-Forwarded-For` is believed only when the TCP peer is a trusted proxy:
//! then the client is the right-most hop that is not itself a trusted proxy.
//! Hops to its left were written by the client and prove nothing; a direct
//! caller's header is ignored entirely, so nobody chooses their own address.

use std::net::IpAddr;

use actix_web::http::header::HeaderMap;
use actix_web::{web, HttpMessage, HttpRequest};
use ipnet::IpNet;

use crate::state::AppState;

/// The networks of the reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Comma-separated CIDRs (`10.20.0.11/32, 127.0.0.1/32`); a bare address
    /// means that one host. Empty: no proxy is trusted.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map(|net| net.trunc())
                    .map_err(|_| format!("trusted_proxies: `{entry}` is not a CIDR or an address"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`, given the request's `X-Forwarded-For`
    /// values in header order.
    pub fn client_of<'a>(
        &self,
        peer: IpAddr,
        forwarded_for: impl DoubleEndedIterator<Item = &'a str>,
    ) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.contains(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_for.rev() {
            // A hop we cannot read ends the walk at the last proxy we could:
            // garbage must not let a caller step past it.
            let Some(hop) = parse_hop(hop) else {
                return client;
            };
            client = hop;
            if !self.contains(hop) {
                return hop;
            }
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port
/// (`1.2.3.4:5678`, `[2001:db8::1]:443`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        .map(|ip| ip.to_canonical())
}

/// Every `X-Forwarded-For` hop in order, across repeated headers.
fn forwarded_hops(headers: &HeaderMap) -> Vec<&str> {
    headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect()
}

/// The resolved address, kept in the request's extensions so that the log
/// span, the rate limit and the handler agree and it is worked out once.
#[derive(Debug, Clone, Copy)]
struct ClientAddress(IpAddr);

/// The client's address, or `None` when the connection has no peer
/// address (a Unix socket, a test request).
pub fn of(req: &HttpRequest) -> Option<IpAddr> {
    if let Some(ClientAddress(ip)) = req.extensions().get::<ClientAddress>() {
        return Some(*ip);
    }
    let peer = req.peer_addr()?.ip();
    let ip = match req.app_data::<web::Data<AppState>>() {
        Some(state) => state
            .trusted_proxies
            .client_of(peer, forwarded_hops(req.headers()).into_iter()),
        None => peer.to_canonical(),
    };
    req.extensions_mut().insert(ClientAddress(ip));
    Some(ip)
}

/// The key a per-address limit counts under: the address itself for IPv4,
/// its /64 network for IPv6 (one subscriber usually holds a whole /64, so
/// per-address limits would be trivial to step around).
pub fn limit_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let network = ipnet::Ipv6Net::new(v6, 64).map(|n| n.trunc());
            network.map_or_else(|_| v6.to_string(), |n| n.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn a_direct_caller_cannot_choose_its_address() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client_of(ip("203.0.113.7"), ["10.1.1.1"].into_iter()),
            ip("203.0.113.7")
        );
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap_or_default();
        assert_eq!(
            proxies.client_of(ip("203.0.113.7"), ["10.1.1.1"].into_iter()),
            ip("203.0.113.7"),
            "a peer outside the trusted networks is the client"
        );
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse("127.0.0.1/32, 10.0.0.0/8").unwrap_or_default();
        // The client forged "1.1.1.1"; the edge proxy appended the real
        // address, the inner proxy its own.
        let hops = ["1.1.1.1", "198.51.100.4", "10.0.0.5"];
        assert_eq!(
            proxies.client_of(ip("127.0.0.1"), hops.into_iter()),
            ip("198.51.100.4")
        );
        assert_eq!(
            proxies.client_of(ip("127.0.0.1"), std::iter::empty()),
            ip("127.0.0.1"),
            "no header: the proxy itself"
        );
        assert_eq!(
            proxies.client_of(ip("127.0.0.1"), ["10.0.0.9", "10.0.0.5"].into_iter()),
            ip("10.0.0.9"),
            "every hop trusted: the left-most one"
        );
        assert_eq!(
            proxies.client_of(ip("127.0.0.1"), ["198.51.100.4", "junk"].into_iter()),
            ip("127.0.0.1"),
            "an unreadable hop stops the walk at the last proxy"
        );
        assert_eq!(
            proxies.client_of(ip("::ffff:127.0.0.1"), ["[2001:db8::1]:443"].into_iter()),
            ip("2001:db8::1"),
            "mapped peers and hops with ports are understood"
        );
    }

    #[test]
    fn the_setting_refuses_what_it_cannot_read() {
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.example").is_err());
        assert!(TrustedProxies::parse(" ").is_ok_and(|p| p.0.is_empty()));
        assert!(TrustedProxies::parse("::1").is_ok_and(|p| p.contains(ip("::1"))));
    }

    #[test]
    fn ipv6_clients_share_a_limit_per_64() {
        assert_eq!(
            limit_key(ip("2001:db8:1:2:aaaa::1")),
            limit_key(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(
            limit_key(ip("2001:db8:1:2::1")),
            limit_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(limit_key(ip("192.0.2.1")), "192.0.2.1");
    }
}
