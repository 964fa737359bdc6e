"""LTI 1.3 grade passback against a local HTTP server playing the platform: its token
endpoint checks the signed client assertion (RFC 7523) and the score scope; its line item
checks the bearer token, the media type and the score against the AGS schema. Rate limits
and server errors are retried; a second run sends nothing; a regraded score is sent again."""

from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from autograder.cli import main
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.platforms import lti
from autograder.platforms.common import load_results
from tests.platforms.helpers import assert_valid, local_server

SCHEMA = "lti_ags_score.schema.json"
CLIENT_ID = "autograder-tool-1"
LINEITEM_PATH = "/api/lti/courses/3/line_items/17"
USERS = {"alice": "a1b2-lti", "bob": "b2c3-lti", "dora": "d4e5-lti"}


class FakePlatform:
    """An LMS's token endpoint and line item. `failures` are answered, in order, to the
    first requests of each kind before any succeeds."""

    def __init__(self, public_key: RSAKey) -> None:
        self.public_key = public_key
        self.url = ""
        self.tokens: list[str] = []
        self.assertion_ids: set[str] = set()
        self.scores: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.token_failures: list[int] = []
        self.score_failures: list[int] = []
        self.lock = threading.Lock()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def answer(self, status: int, body: dict[str, Any] | None = None,
                       headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body or {}).encode()
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def problem(self, text: str) -> None:
                platform.problems.append(text)
                self.answer(400, {"error": "invalid_request", "error_description": text})

            def do_POST(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with platform.lock:
                    if parts.path == "/token":
                        self.token(body)
                    elif parts.path == f"{LINEITEM_PATH}/scores" and parts.query == "type=x":
                        self.score(body)
                    else:
                        self.problem(f"unexpected POST {self.path}")

            def token(self, body: bytes) -> None:
                if platform.token_failures:
                    self.answer(platform.token_failures.pop(0))
                    return
                form = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
                if form.get("grant_type") != "client_credentials":
                    return self.problem(f"grant_type {form.get('grant_type')}")
                if form.get("client_assertion_type") != \
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
                    return self.problem("client_assertion_type")
                if lti.SCORE_SCOPE not in form.get("scope", "").split():
                    return self.problem(f"scope {form.get('scope')}")
                try:
                    token = jwt.decode(form["client_assertion"], platform.public_key)
                except JoseError:
                    self.answer(400, {"error": "invalid_client",
                                      "error_description": "bad client assertion"})
                    return None
                claims = token.claims
                if token.header.get("kid") != "key-2024" or token.header.get("alg") != "RS256":
                    return self.problem(f"header {token.header}")
                if (claims.get("iss"), claims.get("sub")) != (CLIENT_ID, CLIENT_ID):
                    return self.problem(f"iss/sub {claims}")
                if claims.get("aud") != f"{platform.url}/token":
                    return self.problem(f"aud {claims.get('aud')}")
                if not claims.get("exp", 0) > time.time() or not claims.get("jti"):
                    return self.problem("exp/jti")
                if claims["jti"] in platform.assertion_ids:
                    return self.problem("jti replayed")
                platform.assertion_ids.add(claims["jti"])
                platform.tokens.append(f"token-{len(platform.tokens) + 1}")
                self.answer(200, {"access_token": platform.tokens[-1], "token_type": "Bearer",
                                  "expires_in": 3600, "scope": lti.SCORE_SCOPE})

            def score(self, body: bytes) -> None:
                if self.headers.get("Authorization") not in {f"Bearer {t}"
                                                             for t in platform.tokens}:
                    self.answer(401, {"error": "invalid token"})
                    return
                if self.headers.get("Content-Type") != "application/vnd.ims.lis.v1.score+json":
                    return self.problem(f"content type {self.headers.get('Content-Type')}")
                if platform.score_failures:
                    self.answer(platform.score_failures.pop(0), headers={"Retry-After": "0"})
                    return
                platform.scores.append(json.loads(body))
                self.answer(200, {})

        return Handler


@pytest.fixture
def platform() -> Iterator[tuple[FakePlatform, RSAKey]]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    key = RSAKey.import_key(pem)
    fake = FakePlatform(RSAKey.import_key(key.as_dict(private=False)))
    with local_server(fake.handler()) as url:
        fake.url = url
        yield fake, key


def settings_for(fake: FakePlatform, key: RSAKey) -> lti.LtiSettings:
    return lti.LtiSettings(
        lineitem=f"{fake.url}{LINEITEM_PATH}?type=x", token_url=f"{fake.url}/token",
        client_id=CLIENT_ID, private_key_pem=key.as_pem(private=True).decode(),
        key_id="key-2024", max_attempts=4, backoff_s=0.01)


def test_scores_url_keeps_the_line_items_query() -> None:
    assert lti.scores_url("https://lms.example/api/items/7?type_id=3") == \
        "https://lms.example/api/items/7/scores?type_id=3"
    assert lti.scores_url("https://lms.example/items/7/") == "https://lms.example/items/7/scores"


def test_scores_reach_the_line_item_with_retries_and_a_rerun_sends_nothing_twice(
        platform: tuple[FakePlatform, RSAKey], course: Path, tmp_path: Path) -> None:
    fake, key = platform
    _, results = load_results(course / "out")
    fake.token_failures = [503]
    fake.score_failures = [429, 502]
    waits: list[float] = []
    ledger = tmp_path / "lti_sent.sqlite"

    report = lti.publish(results, settings_for(fake, key), ledger, users=USERS,
                         sleep=waits.append)
    assert fake.problems == []
    assert sorted(report.sent) == ["alice", "bob", "dora"] and report.failed == []
    assert len(waits) == 3 and waits[1] < waits[2]  # backed off, exponentially
    by_user = {score["userId"]: score for score in fake.scores}
    assert set(by_user) == set(USERS.values())
    for score in fake.scores:
        assert_valid(score, SCHEMA)
        assert (score["activityProgress"], score["gradingProgress"]) == ("Completed",
                                                                        "FullyGraded")
    assert (by_user["a1b2-lti"]["scoreGiven"], by_user["a1b2-lti"]["scoreMaximum"]) == (4.0, 4.0)
    assert by_user["b2c3-lti"]["scoreGiven"] == 1.0
    assert by_user["d4e5-lti"]["scoreGiven"] == 0.0
    assert "Not graded" in by_user["d4e5-lti"]["comment"]

    again = lti.publish(results, settings_for(fake, key), ledger, users=USERS,
                        sleep=waits.append)
    assert sorted(again.unchanged) == ["alice", "bob", "dora"] and again.sent == []
    assert len(fake.scores) == 3

    bob = next(r for r in results if r.submission_id == "bob")
    regraded = replace(bob, tests=tuple(replace(t, points=t.max_points, passed=True)
                                        for t in bob.tests))
    third = lti.publish([regraded], settings_for(fake, key), ledger, users=USERS,
                        sleep=waits.append)
    assert third.sent == ["bob"] and fake.scores[-1]["scoreGiven"] == 4.0
    assert len(fake.scores) == 4


def test_the_publish_command_records_what_it_sent_in_the_results_folder(
        platform: tuple[FakePlatform, RSAKey], course: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    fake, key = platform
    results = tmp_path / "out"
    shutil.copytree(course / "out", results)
    (tmp_path / "tool.pem").write_bytes(key.as_pem(private=True))
    users = tmp_path / "users.csv"
    users.write_text("student_id,lti_user_id\n" + "".join(f"{s},{u}\n" for s, u in USERS.items()))
    args = ["publish", "lti", str(results), "--lineitem", f"{fake.url}{LINEITEM_PATH}?type=x",
            "--token-url", f"{fake.url}/token", "--client-id", CLIENT_ID,
            "--key", str(tmp_path / "tool.pem"), "--key-id", "key-2024",
            "--users", str(users)]
    assert main(args) == 0
    assert "tiny: sent 3, unchanged 0, failed 0" in capsys.readouterr().out
    assert main(args) == 0
    assert "tiny: sent 0, unchanged 3, failed 0" in capsys.readouterr().out
    assert len(fake.scores) == 3 and fake.problems == []
    sent = lti.Ledger(results / "lti_sent.sqlite").rows()
    assert sorted(row.user_id for row in sent) == sorted(USERS.values())
    assert all(row.status == 200 for row in sent)


def test_a_refused_tool_sends_nothing_and_records_nothing(
        platform: tuple[FakePlatform, RSAKey], tmp_path: Path) -> None:
    fake, key = platform
    other = RSAKey.generate_key(2048)  # not the key the platform knows
    settings = replace(settings_for(fake, key), private_key_pem=other.as_pem(private=True)
                       .decode())
    result = SubmissionResult("alice", "tiny", (CheckOutcome("t", 1.0, 1.0, True),))
    with pytest.raises(lti.LtiError, match=r"refused the token request.*invalid_client"):
        lti.publish([result], settings, tmp_path / "ledger.sqlite", sleep=lambda _: None)
    assert fake.scores == [] and fake.tokens == []
    assert lti.Ledger(tmp_path / "ledger.sqlite").rows() == []
