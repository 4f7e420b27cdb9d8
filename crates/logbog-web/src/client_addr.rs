//! The client's address, for login throttling and the log: the peer's, or — when the peer is a
//! configured trusted proxy — the nearest address in `X-Forwarded-For` that is not one. A client
//! cannot choose its address by sending the header itself: from anyone but a trusted proxy it is
//! ignored, and a proxy appends the address it saw, so only the addresses added by trusted proxies
//! are believed.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

/// An address range: an address and how many leading bits of it count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    addr: IpAddr,
    prefix: u8,
}

impl IpRange {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for IpRange {
    type Err = String;

    /// `192.0.2.1`, `10.0.0.0/8`, `::1` or `fd00::/8`.
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr
            .parse()
            .map_err(|_| format!("{s:?} is not an IP address or range (e.g. 10.0.0.0/8)"))?;
        let addr = addr.to_canonical();
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{s:?}: the prefix length must be 0 to {max}"))?,
        };
        Ok(Self { addr, prefix })
    }
}

/// The proxies whose `X-Forwarded-For` is believed (none by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpRange>);

impl FromStr for TrustedProxies {
    type Err = String;

    /// A comma-separated list of addresses and ranges; empty for none.
    fn from_str(s: &str) -> Result<Self, String> {
        s.split(',')
            .filter(|p| !p.trim().is_empty())
            .map(IpRange::from_str)
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }
}

impl TrustedProxies {
    pub fn is_trusted(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|r| r.contains(ip))
    }

    /// The client's address of a request from `peer` with `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.is_trusted(peer) {
            return peer;
        }
        // The hops in order, nearest last; walk back from the nearest while they are trusted.
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            match hop.parse::<IpAddr>() {
                Ok(ip) => {
                    client = ip.to_canonical();
                    if !self.is_trusted(client) {
                        break;
                    }
                }
                // Whatever a malformed entry hides is not believed: the last good hop counts.
                Err(_) => break,
            }
        }
        client
    }
}

/// The client's address as an extractor.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        Ok(Self(state.settings.trusted_proxies.client(peer, &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn ranges_parse_and_match() {
        let r: IpRange = "10.0.0.0/8".parse().unwrap();
        assert!(r.contains(ip("10.200.1.1")) && !r.contains(ip("11.0.0.1")));
        let one: IpRange = "192.0.2.1".parse().unwrap();
        assert!(one.contains(ip("192.0.2.1")) && !one.contains(ip("192.0.2.2")));
        assert!(
            one.contains(ip("::ffff:192.0.2.1")),
            "IPv4-mapped IPv6 is the same address"
        );
        let v6: IpRange = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!("0.0.0.0/0".parse::<IpRange>().unwrap().contains(ip("203.0.113.9")));
        for bad in ["10.0.0.0/33", "example.org", "10.0.0.0/x", "::/129"] {
            assert!(bad.parse::<IpRange>().is_err(), "{bad}");
        }
        assert_eq!("".parse::<TrustedProxies>().unwrap(), TrustedProxies::default());
        assert!(
            "10.0.0.1, 10.0.0.2/31"
                .parse::<TrustedProxies>()
                .unwrap()
                .is_trusted(ip("10.0.0.3"))
        );
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("198.51.100.4"), &forwarded(&["203.0.113.9"])),
            ip("198.51.100.4")
        );
        let proxies: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        // Not from the proxy: the header is the client's own claim.
        assert_eq!(
            proxies.client(ip("198.51.100.4"), &forwarded(&["10.1.1.1"])),
            ip("198.51.100.4")
        );
        // From the proxy: the address it saw.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &forwarded(&["203.0.113.9"])),
            ip("203.0.113.9")
        );
        // A client that sends its own header: the proxy appends the real address, which wins.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &forwarded(&["1.2.3.4, 203.0.113.9"])),
            ip("203.0.113.9")
        );
        // Two proxies in a row, and the header split over two lines.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &forwarded(&["203.0.113.9", "10.0.0.7"])),
            ip("203.0.113.9")
        );
        // Garbage is not believed; without a header the proxy is the client.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &forwarded(&["203.0.113.9, not-an-ip"])),
            ip("10.0.0.2")
        );
        assert_eq!(proxies.client(ip("10.0.0.2"), &HeaderMap::new()), ip("10.0.0.2"));
    }
}
