-- Failed-login counters, shared by every server process on the database (issue 8): one row per
-- key — an account with an address ("p:<user>:<ip>"), an account ("u:<user>"), an address
-- ("a:<ip>") — counting failures since the last quiet hour, and until when the key is locked.
CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at TEXT NOT NULL,
    locked_until TEXT
);
CREATE INDEX login_failures_last ON login_failures(last_at);
