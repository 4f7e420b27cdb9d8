//! Password hashing with argon2id (OWASP's current recommendation).
//!
//! Each check fills 19 MiB of argon2 memory for tens of milliseconds of CPU. Unbounded, a burst of
//! logins would take one such block per worker thread and the allocator would keep them all, so
//! checks run at most [`PARALLEL_CHECKS`] at a time, off the async threads, each in one of as many
//! memory blocks that are allocated once and reused: the server's memory does not grow with the
//! number of logins, and a burst queues instead of starving the pages.

use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::{Mutex, OnceLock};

/// How many password checks may run at once (two cores: more would only queue in the CPU).
pub const PARALLEL_CHECKS: usize = 2;

/// Hash a password into a PHC string; the salt is generated inside.
pub fn hash(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Check a password against a PHC string; a malformed hash never verifies. Allocates argon2's
/// memory for this one check: for tests and tools; the server uses [`check`].
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Check a password against a PHC string in one of the few reused memory blocks, waiting for a
/// free one. The same answer as [`verify`].
pub async fn check(password: &str, phc: &str) -> bool {
    let pool = pool();
    let Ok(_permit) = pool.permits.acquire().await else {
        return false;
    };
    let mut memory = pool.memory.lock().ok().and_then(|mut m| m.pop()).unwrap_or_default();
    let (password, phc) = (password.to_owned(), phc.to_owned());
    let done = tokio::task::spawn_blocking(move || {
        let ok = verify_in(&password, &phc, &mut memory);
        (ok, memory)
    })
    .await;
    match done {
        Ok((ok, memory)) => {
            if let Ok(mut m) = pool.memory.lock() {
                m.push(memory);
            }
            ok
        }
        Err(_) => false,
    }
}

struct Pool {
    permits: tokio::sync::Semaphore,
    memory: Mutex<Vec<Vec<Block>>>,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| Pool {
        permits: tokio::sync::Semaphore::new(PARALLEL_CHECKS),
        memory: Mutex::new(Vec::with_capacity(PARALLEL_CHECKS)),
    })
}

/// What `PasswordVerifier::verify_password` does, with the caller's memory: recompute the hash
/// with the stored algorithm, version, parameters and salt, and compare in constant time.
fn verify_in(password: &str, phc: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let Ok(version) = parsed.version.map(Version::try_from).transpose() else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    let argon = Argon2::new(algorithm, version.unwrap_or_default(), params);
    if argon
        .hash_password_into_with_memory(password.as_bytes(), salt.as_ref(), &mut out, &mut memory[..blocks])
        .is_err()
    {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|computed| &computed == expected)
}

/// A hash to verify against when the account does not exist, so timing does not reveal it.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash("not a password of anyone").unwrap_or_default())
}

/// The rules a new password must meet (ASVS 5.0: at least 8 characters, at most 128).
pub fn check_strength(password: &str) -> Result<(), crate::Problem> {
    let n = password.chars().count();
    if n < 8 {
        Err(crate::Problem::PasswordTooShort { min: 8 })
    } else if n > 128 {
        Err(crate::Problem::PasswordTooLong { max: 128 })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_argon2id() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong", &h));
        assert!(!verify("x", "not a phc string"));
        assert_ne!(h, hash("correct horse battery").unwrap(), "salted");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_pooled_check_answers_as_the_library_does() {
        let h = hash("correct horse battery").unwrap();
        assert!(check("correct horse battery", &h).await);
        assert!(!check("correct horse batterY", &h).await);
        assert!(!check("correct horse battery", "not a phc string").await);
        // Other parameters (a smaller memory, argon2i, another version) are honoured too.
        let params = Params::new(64, 2, 1, None).unwrap();
        for alg in [Algorithm::Argon2i, Algorithm::Argon2d, Algorithm::Argon2id] {
            for version in [Version::V0x10, Version::V0x13] {
                let other = Argon2::new(alg, version, params.clone())
                    .hash_password(b"secret words")
                    .unwrap()
                    .to_string();
                assert!(check("secret words", &other).await, "{other}");
                assert!(!check("secret word", &other).await, "{other}");
            }
        }
        // A tampered hash does not verify.
        let mut tampered = h.clone();
        let last = tampered.pop().unwrap();
        tampered.push(if last == 'A' { 'B' } else { 'A' });
        assert!(!check("correct horse battery", &tampered).await);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_checks_at_once_use_at_most_the_pooled_memory() {
        let h = hash("correct horse battery").unwrap();
        let checks: Vec<_> = (0..12)
            .map(|i| {
                let h = h.clone();
                tokio::spawn(async move { check(if i % 2 == 0 { "correct horse battery" } else { "no" }, &h).await })
            })
            .collect();
        for (i, c) in checks.into_iter().enumerate() {
            assert_eq!(c.await.unwrap(), i % 2 == 0);
        }
        let kept = pool().memory.lock().unwrap().len();
        assert!(kept <= PARALLEL_CHECKS, "{kept} memory blocks kept");
    }

    #[test]
    fn strength() {
        assert!(check_strength("short").is_err());
        assert!(check_strength("long enough").is_ok());
    }
}
