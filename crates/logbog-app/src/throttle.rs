//! Login throttling that protects without locking anybody out. Failures are counted per
//! account with address, per account and per address, in the database (every server process
//! sees the same attacker), and forgotten after a quiet hour:
//!
//! - an address that guesses one account's password wrong five times is refused for that account
//!   for 30 s, doubling with each further failure up to 15 min; a success clears it;
//! - an account under attack from many addresses (20 failures) makes every address that has
//!   failed on it once refused the same way — but an address that has not failed on the account
//!   is never refused, so an attacker cannot keep the real user out;
//! - an address with many failures over any accounts (50, e.g. a hospital's NAT with an attacker
//!   behind it) is slowed down, one second per attempt, never refused, so its other users still
//!   log in.
//!
//! The client's address comes from the web layer, which honours `X-Forwarded-For` only from the
//! configured trusted proxies.

use crate::{App, AppError};
use chrono::{DateTime, Utc};
use logbog_db::DbError;
use logbog_db::throttle::{self as repo, Failures};
use std::net::IpAddr;
use std::time::Duration;

/// Failures of one account from one address before that address is refused for it.
pub const PAIR_FREE: i64 = 5;
/// Failures of one account, from anywhere, from which on one failure of an address is enough.
pub const ACCOUNT_UNDER_ATTACK: i64 = 1 + 19;
/// Failures of one address, over any accounts, from which on its attempts are slowed down.
pub const ADDRESS_SLOWED: i64 = 50;
/// The first lock of a pair; it doubles with each further failure.
pub const BASE_LOCK: Duration = Duration::from_secs(30);
pub const MAX_LOCK: Duration = Duration::from_secs(900);
/// How long each attempt of a slowed-down address waits.
pub const SLOWDOWN: Duration = Duration::from_secs(1);
/// Counters start again after this long without failures.
pub fn quiet() -> chrono::Duration {
    chrono::Duration::hours(1)
}

/// The three counters of an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Keys {
    pair: String,
    account: String,
    address: String,
}

fn keys(username: &str, ip: Option<IpAddr>) -> Keys {
    let user = username.trim().to_lowercase();
    let ip = ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    Keys {
        pair: format!("p:{user}:{ip}"),
        account: format!("u:{user}"),
        address: format!("a:{ip}"),
    }
}

/// What the counters say about an attempt, before its password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Go,
    /// Go, after waiting.
    Slow(Duration),
    /// Refused: the address is locked for this account.
    Refuse {
        retry_after_secs: u64,
    },
}

/// The rule: a locked pair refuses; a busy address waits; nothing else stops an attempt.
pub fn verdict(pair: Option<&Failures>, address: Option<&Failures>, now: DateTime<Utc>) -> Verdict {
    if let Some(until) = pair.and_then(|p| p.locked_until)
        && until > now
    {
        let secs = (until - now).num_seconds().max(1);
        return Verdict::Refuse {
            retry_after_secs: u64::try_from(secs).unwrap_or(1),
        };
    }
    if address.is_some_and(|a| a.count >= ADDRESS_SLOWED) {
        return Verdict::Slow(SLOWDOWN);
    }
    Verdict::Go
}

/// How long a pair is locked after its `pair` -th failure while its account has `account`
/// failures in all; `None` while it has attempts left.
pub fn pair_lock(pair: i64, account: i64) -> Option<Duration> {
    let free = if account >= ACCOUNT_UNDER_ATTACK { 1 } else { PAIR_FREE };
    if pair < free {
        return None;
    }
    let doublings = u32::try_from((pair - free).min(16)).unwrap_or(16);
    Some(BASE_LOCK.saturating_mul(1 << doublings).min(MAX_LOCK))
}

/// Before the password is checked: refuse a locked pair, slow down a busy address.
pub async fn check(app: &App, username: &str, ip: Option<IpAddr>) -> Result<(), AppError> {
    let k = keys(username, ip);
    let now = app.clock.now();
    let counts = {
        let mut conn = app.db.conn().await?;
        repo::failures(&mut conn, &[k.pair.clone(), k.address.clone()], now - quiet()).await?
    };
    match verdict(counts.get(&k.pair), counts.get(&k.address), now) {
        Verdict::Go => Ok(()),
        Verdict::Slow(wait) => {
            tokio::time::sleep(wait).await;
            Ok(())
        }
        Verdict::Refuse { retry_after_secs } => Err(AppError::Throttled { retry_after_secs }),
    }
}

/// A wrong password (or an unknown user): count it, and lock the pair when the rule says so.
/// One short write transaction.
pub async fn failure(app: &App, username: &str, ip: Option<IpAddr>) -> Result<(), AppError> {
    let k = keys(username, ip);
    let now = app.clock.now();
    let since = now - quiet();
    let mut tx = app.db.begin().await?;
    let pair = repo::add_failure(&mut tx, &k.pair, now, since).await?;
    let account = repo::add_failure(&mut tx, &k.account, now, since).await?;
    repo::add_failure(&mut tx, &k.address, now, since).await?;
    if let Some(lock) = pair_lock(pair, account) {
        let until = now + chrono::Duration::from_std(lock).unwrap_or_else(|_| chrono::Duration::minutes(15));
        repo::lock(&mut tx, &k.pair, until).await?;
    }
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}

/// A correct password: the address is no longer suspect for this account.
pub async fn success(app: &App, username: &str, ip: Option<IpAddr>) -> Result<(), AppError> {
    let k = keys(username, ip);
    let mut conn = app.db.conn().await?;
    repo::clear(&mut conn, &k.pair).await?;
    Ok(())
}

/// Remove counters quiet for an hour whose locks have passed (run by the periodic job).
pub async fn forget_quiet(app: &App) -> Result<u64, AppError> {
    let mut conn = app.db.conn().await?;
    Ok(repo::forget(&mut conn, app.clock.now() - quiet()).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failures(count: i64, locked_until: Option<DateTime<Utc>>) -> Failures {
        Failures {
            count,
            last_at: Utc::now(),
            locked_until,
        }
    }

    #[test]
    fn a_pair_is_locked_after_five_failures_doubling_to_fifteen_minutes() {
        assert_eq!(pair_lock(4, 4), None);
        assert_eq!(pair_lock(5, 5), Some(Duration::from_secs(30)));
        assert_eq!(pair_lock(6, 6), Some(Duration::from_secs(60)));
        assert_eq!(pair_lock(40, 40), Some(MAX_LOCK));
    }

    #[test]
    fn under_attack_one_failure_locks_the_address() {
        assert_eq!(pair_lock(1, ACCOUNT_UNDER_ATTACK - 1), None);
        assert_eq!(pair_lock(1, ACCOUNT_UNDER_ATTACK), Some(BASE_LOCK));
    }

    #[test]
    fn only_a_locked_pair_refuses() {
        let now = Utc::now();
        let later = now + chrono::Duration::seconds(29);
        assert_eq!(verdict(None, None, now), Verdict::Go);
        assert_eq!(
            verdict(Some(&failures(5, Some(later))), None, now),
            Verdict::Refuse { retry_after_secs: 29 }
        );
        // A lock that has passed refuses nothing.
        assert_eq!(verdict(Some(&failures(5, Some(now))), None, now), Verdict::Go);
        // A busy address is slowed down, never refused.
        assert_eq!(
            verdict(None, Some(&failures(ADDRESS_SLOWED + 500, None)), now),
            Verdict::Slow(SLOWDOWN)
        );
    }

    #[test]
    fn keys_fold_the_username() {
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        assert_eq!(keys(" Anna ", Some(ip)), keys("anna", Some(ip)));
        assert_eq!(keys("anna", Some(ip)).pair, "p:anna:192.0.2.7");
    }
}
