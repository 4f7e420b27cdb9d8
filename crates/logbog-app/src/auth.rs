//! Login, sessions and API tokens: argon2id passwords, throttling, server-side sessions whose
//! secret is only stored hashed, and the trainee access window checked at login.

use crate::people::{CurrentUser, load_current_user};
use crate::{App, AppError, password};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use logbog_db::sessions::{self, SessionKind};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// A fresh random secret: 32 bytes, URL-safe base64.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// How a secret is stored: its SHA-256, so a copy of the database does not yield sessions.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new session or token: the secret goes to the client once, and never again.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub user: CurrentUser,
}

/// Check credentials and the access rules, then open a session of `kind`. Any session token the
/// client held before is discarded by the caller (the id rotates at login).
pub async fn login(
    app: &App,
    username: &str,
    password_text: &str,
    ip: Option<IpAddr>,
    kind: SessionKind,
) -> Result<NewSession, AppError> {
    crate::throttle::check(app, username, ip).await?;
    let account = {
        let mut conn = app.db.conn().await?;
        logbog_db::accounts::find_by_username(&mut conn, username).await?
    };
    // Verify even when there is no account, so timing does not tell which usernames exist.
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let ok = password::check(password_text, hash.as_deref().unwrap_or(password::dummy_hash())).await;
    let account = match account {
        Some(a) if ok => a,
        _ => {
            crate::throttle::failure(app, username, ip).await?;
            return Err(AppError::BadCredentials);
        }
    };
    crate::throttle::success(app, username, ip).await?;
    if account.disabled {
        return Err(AppError::AccountDisabled);
    }
    let user = load_current_user(app, account.id).await?;
    let now = app.clock.now();
    let lifetime = match kind {
        SessionKind::Web => app.config.session_idle,
        SessionKind::Api => app.config.token_lifetime,
    };
    let token = random_token();
    let csrf_token = random_token();
    let expires_at = now + lifetime;
    let mut tx = app.db.begin().await?;
    sessions::insert(
        &mut tx,
        &token_hash(&token),
        account.id,
        kind,
        &csrf_token,
        now,
        expires_at,
        "",
    )
    .await?;
    logbog_db::accounts::record_login(&mut tx, account.id, now).await?;
    tx.commit().await.map_err(logbog_db::DbError::from)?;
    Ok(NewSession {
        token,
        csrf_token,
        expires_at,
        user,
    })
}

/// A resolved session: the user and the CSRF token bound to the session.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub user: CurrentUser,
    pub csrf_token: String,
}

/// Find the live session behind a secret, slide its idle expiry (bounded by the absolute
/// lifetime for web sessions) and load the user.
pub async fn resolve(app: &App, token: &str, kind: SessionKind) -> Result<ActiveSession, AppError> {
    let now = app.clock.now();
    let hash = token_hash(token);
    // One connection and, for a session seen within the last minute, three statements: the
    // session with its account, the grants, and (for a trainee) the access window's facts.
    let mut conn = app.db.conn().await?;
    let (record, account) = sessions::find_with_account(&mut conn, &hash, kind, now)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if kind == SessionKind::Web && now - record.last_seen_at > chrono::Duration::seconds(60) {
        let expires = (now + app.config.session_idle).min(record.created_at + app.config.session_absolute);
        sessions::touch(&mut conn, &hash, now, expires).await?;
    }
    let user = match crate::people::current_user_of(&mut conn, account, app.clock.today()).await {
        Ok(u) => u,
        Err(e) => {
            // A user who lost access (window closed, roles ended) loses the session too.
            sessions::delete(&mut conn, &hash).await?;
            return Err(e);
        }
    };
    Ok(ActiveSession {
        user,
        csrf_token: record.csrf_token,
    })
}

/// End a session or revoke a token; returns whether it existed.
pub async fn logout(app: &App, token: &str) -> Result<bool, AppError> {
    let mut conn = app.db.conn().await?;
    Ok(sessions::delete(&mut conn, &token_hash(token)).await?)
}

/// Create an administrator (the first account of a real deployment).
pub async fn create_admin(
    app: &App,
    username: &str,
    password_text: &str,
    given_name: &str,
    family_name: &str,
) -> Result<(), AppError> {
    let username = username.trim().to_lowercase();
    if username.is_empty()
        || username.len() > 64
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
    {
        return Err(AppError::Invalid {
            field: "username",
            problem: crate::Problem::UsernameFormat,
        });
    }
    password::check_strength(password_text).map_err(|problem| AppError::Invalid {
        field: "password",
        problem,
    })?;
    let hash = password::hash(password_text).map_err(AppError::Internal)?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if logbog_db::accounts::find_by_username(&mut tx, &username)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!("the username {username} is taken")));
    }
    let person = logbog_db::accounts::insert_person(
        &mut tx,
        &logbog_db::accounts::NewPerson {
            given_name,
            family_name,
            cpr: None,
            authorisation_id: None,
            email: None,
        },
        now,
    )
    .await?;
    logbog_db::accounts::insert_account(&mut tx, person, &username, &hash, now).await?;
    logbog_db::accounts::insert_grant(
        &mut tx,
        &logbog_db::accounts::NewGrant {
            person_id: person,
            role: logbog_domain::Role::Admin,
            scope_id: None,
            valid_from: app.clock.today(),
            valid_until: None,
            granted_by: None,
        },
        now,
    )
    .await?;
    crate::audit::record_as(
        &mut tx,
        None,
        crate::audit::Event {
            action: logbog_domain::AuditAction::AdminCreated,
            subject: logbog_domain::Subject::Person(person),
            trainee: None,
            details: serde_json::json!({ "username": username }),
        },
        now,
    )
    .await?;
    tx.commit().await.map_err(logbog_db::DbError::from)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let a = random_token();
        assert_ne!(a, random_token());
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_eq!(token_hash(&a).len(), 64);
    }
}
