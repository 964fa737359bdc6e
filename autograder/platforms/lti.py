"""LTI 1.3 grade passback: post the gradebook's scores to an Assignment and Grade Services
line item (Canvas, Moodle, Blackboard, Brightspace, Sakai...).

The tool gets an OAuth 2 access token with the client-credentials grant, authenticating with
a JWT signed by its private key (RFC 7523 `private_key_jwt`, done by Authlib), for the
`score` scope; then POSTs one `application/vnd.ims.lis.v1.score+json` document per student
to `{lineitem}/scores`. Rate limits and server errors are retried with exponential backoff.
Every score the platform accepted is recorded in `lti_sent.sqlite` beside the gradebook,
so a second run sends only what changed (a regraded submission), never the same score twice.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from autograder.grading.results import SubmissionResult
from autograder.reporters import lti_score

__all__ = ["SCORE_SCOPE", "LtiError", "LtiSettings", "PublishReport", "Sent", "publish",
           "read_users", "scores_url"]

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class LtiError(RuntimeError):
    """The platform refused the tool (bad key, client id or scope): nothing can be sent."""


@dataclass(frozen=True)
class LtiSettings:
    lineitem: str
    token_url: str
    client_id: str
    private_key_pem: str
    key_id: str | None = None
    audience: str | None = None  # the JWT's `aud`; most platforms want the token URL
    max_attempts: int = 5
    backoff_s: float = 0.5
    max_backoff_s: float = 30.0
    timeout_s: float = 30.0


@dataclass
class PublishReport:
    sent: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def scores_url(lineitem: str) -> str:
    """`{lineitem}/scores`, keeping the line item URL's query string after the path."""
    parts = urllib.parse.urlsplit(lineitem)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def read_users(path: Path) -> dict[str, str]:
    """A CSV with columns `student_id,lti_user_id` (a header row) -> {student: LTI user id}."""
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if rows and not {"student_id", "lti_user_id"} <= set(rows[0]):
        raise ValueError(f"{path} needs the columns student_id and lti_user_id")
    return {row["student_id"]: row["lti_user_id"] for row in rows}


@dataclass(frozen=True)
class Sent:
    lineitem: str
    user_id: str
    fingerprint: str
    body: dict[str, Any]
    status: int
    sent_at: str


class Ledger:
    """What the platform accepted: (line item, user, fingerprint of the score) rows."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("""
            CREATE TABLE IF NOT EXISTS sent (
                lineitem TEXT NOT NULL, user_id TEXT NOT NULL, fingerprint TEXT NOT NULL,
                body TEXT NOT NULL, status INTEGER NOT NULL, sent_at TEXT NOT NULL,
                PRIMARY KEY (lineitem, user_id, fingerprint))""")

    def close(self) -> None:
        self._db.close()

    def has(self, lineitem: str, user_id: str, fingerprint: str) -> bool:
        return self._db.execute(
            "SELECT 1 FROM sent WHERE lineitem=? AND user_id=? AND fingerprint=?",
            (lineitem, user_id, fingerprint)).fetchone() is not None

    def record(self, lineitem: str, user_id: str, fingerprint: str, body: dict[str, Any],
               status: int) -> None:
        self._db.execute("INSERT OR REPLACE INTO sent VALUES (?,?,?,?,?,?)",
                         (lineitem, user_id, fingerprint, json.dumps(body), status,
                          datetime.now(UTC).isoformat()))

    def rows(self) -> list[Sent]:
        return [Sent(lineitem, user, fingerprint, json.loads(body), status, sent_at)
                for lineitem, user, fingerprint, body, status, sent_at in self._db.execute(
                    "SELECT * FROM sent ORDER BY sent_at")]


def fingerprint(body: Mapping[str, Any]) -> str:
    """What identifies a score regardless of when it was sent (the timestamp is left out)."""
    stable = {key: value for key, value in body.items() if key != "timestamp"}
    return hashlib.sha256(json.dumps(stable, sort_keys=True).encode()).hexdigest()


class _Platform:
    """The HTTP side: an Authlib OAuth2 session that fetches and attaches the token."""

    def __init__(self, settings: LtiSettings, sleep: Callable[[float], None]) -> None:
        try:
            from authlib.integrations.requests_client import OAuth2Session
            from authlib.oauth2.rfc7523 import PrivateKeyJWT
        except ImportError as error:
            raise LtiError("LTI grade passback needs Authlib and requests: "
                           "pip install 'autograder[lti]'") from error
        self.settings = settings
        self.sleep = sleep
        headers = {"kid": settings.key_id} if settings.key_id else None
        self.session = OAuth2Session(
            settings.client_id, settings.private_key_pem,
            token_endpoint_auth_method=PrivateKeyJWT(settings.audience or settings.token_url,
                                                     headers=headers),
            scope=SCORE_SCOPE, default_timeout=settings.timeout_s)

    def _wait(self, attempt: int, retry_after: str | None) -> None:
        delay = self.settings.backoff_s * 2 ** attempt
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, float(retry_after))
        self.sleep(min(delay, self.settings.max_backoff_s))

    def fetch_token(self) -> None:
        import requests
        from authlib.integrations.base_client import OAuthError

        for attempt in range(self.settings.max_attempts):
            try:
                self.session.fetch_token(self.settings.token_url,
                                         grant_type="client_credentials")
                return
            except OAuthError as error:
                raise LtiError(f"the platform refused the token request: {error}") from error
            except (requests.RequestException, ValueError) as error:
                response = getattr(error, "response", None)
                status = getattr(response, "status_code", None)
                if status is not None and status not in RETRY_STATUSES:
                    raise LtiError(f"the token endpoint answered HTTP {status}") from error
                if attempt + 1 == self.settings.max_attempts:
                    raise LtiError(f"no access token after {attempt + 1} attempts: "
                                   f"{error}") from error
                retry_after = response.headers.get("Retry-After") if response is not None \
                    else None
                self._wait(attempt, retry_after)

    def post_score(self, body: dict[str, Any]) -> int:
        """POST one score; the final HTTP status (2xx accepted). Raises on network failure
        after the last attempt."""
        import requests

        if not self.session.token:
            self.fetch_token()
        url = scores_url(self.settings.lineitem)
        renewed = False
        attempt = 0
        while True:
            try:
                response = self.session.post(
                    url, data=json.dumps(body).encode("utf-8"),
                    headers={"Content-Type": lti_score.SCORE_MEDIA_TYPE})
            except requests.RequestException as error:
                if attempt + 1 >= self.settings.max_attempts:
                    raise LtiError(f"could not reach {url}: {error}") from error
                self._wait(attempt, None)
                attempt += 1
                continue
            if response.status_code == 401 and not renewed:  # token expired or revoked
                renewed = True
                self.fetch_token()
                continue
            if response.status_code in RETRY_STATUSES and attempt + 1 < self.settings.max_attempts:
                self._wait(attempt, response.headers.get("Retry-After"))
                attempt += 1
                continue
            return int(response.status_code)


def publish(
    results: Sequence[SubmissionResult],
    settings: LtiSettings,
    ledger_path: Path,
    *,
    users: Mapping[str, str] | None = None,
    dry_run: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    log: Callable[[str], None] = lambda _: None,
) -> PublishReport:
    """Send each result's score unless this exact score was already accepted.

    `users` maps submission ids to LTI user ids (the platform's `sub`); without it the
    submission ids are the user ids. A student missing from `users` is reported, not sent.
    """
    report = PublishReport()
    ledger = Ledger(ledger_path)
    platform: _Platform | None = None
    try:
        for result in results:
            student = result.submission_id
            user_id = users.get(student) if users is not None else student
            if not user_id:
                report.failed.append((student, "no LTI user id for this student"))
                continue
            body = lti_score.score(result, user_id=user_id, timestamp=datetime.now(UTC))
            mark = fingerprint(body)
            if ledger.has(settings.lineitem, user_id, mark):
                report.unchanged.append(student)
                continue
            if dry_run:
                log(f"would send {json.dumps(body)}")
                report.sent.append(student)
                continue
            platform = platform or _Platform(settings, sleep)
            status = platform.post_score(body)
            if 200 <= status < 300:
                ledger.record(settings.lineitem, user_id, mark, body, status)
                report.sent.append(student)
                log(f"{student}: sent {body['scoreGiven']}/{body['scoreMaximum']}")
            else:
                report.failed.append((student, f"HTTP {status}"))
                log(f"{student}: refused with HTTP {status}")
    finally:
        ledger.close()
    return report
