"""Schemathesis against the local server, as a resident, an officer and an admin.

Starts `adminduk serve` on a fresh data folder with the demo data, signs the three in (the
officers with their TOTP codes), and runs Schemathesis once per person with a bounded number of
examples: no 5xx, and every response as the OpenAPI document says (status, content type, schema).
Exits non-zero when any check fails. Usage: schemathesis_run.py ADMINDUK_BIN SCHEMATHESIS_BIN [MAX_EXAMPLES]
"""

import base64
import hashlib
import hmac
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

REGISTER = os.path.join(os.path.dirname(__file__), "..", "..", "web", "e2e", "fixtures", "register.csv")


def totp(secret: str, at: float) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def main() -> int:
    binary, schemathesis = sys.argv[1], sys.argv[2]
    examples = sys.argv[3] if len(sys.argv) > 3 else "5"
    data = tempfile.mkdtemp(prefix="adminduk-schemathesis-")
    subprocess.run([binary, "--data", data, "import-register", REGISTER], check=True, capture_output=True)
    env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "error")}
    server = subprocess.Popen(
        [binary, "--json", "--data", data, "serve", "--port", "0", "--attempts-per-address", "1000000"],
        stdout=subprocess.PIPE, env=env,
    )
    try:
        text = ""
        while True:
            line = server.stdout.readline().decode()
            if not line:
                raise SystemExit(f"adminduk serve stopped before it started: {text}")
            text += line
            try:
                started = json.loads(text)
                break
            except json.JSONDecodeError:
                continue
        base = started["url"]
        accounts = {a["login"]: a for a in started["demo"]["accounts"]}

        def sign_in(login: str) -> str:
            account = accounts[login]
            body = {"login": login, "password": account["password"]}
            if account.get("totp_secret"):
                body["totp"] = totp(account["totp_secret"], time.time())
            return post(f"{base}/api/v1/auth/login", body)["access_token"]

        # The demo register's dates follow today's (the office's time zone), and so do its NIKs.
        citizen = next(a["login"] for a in started["demo"]["accounts"] if a["who"].startswith("Pengguna Pribadi"))
        people = {
            "warga": sign_in(citizen),
            "petugas": sign_in("fo@demo.gowakab.go.id"),
            "admin": sign_in("admin@demo.gowakab.go.id"),
        }
        failed = False
        for who, token in people.items():
            print(f"== Schemathesis sebagai {who}", flush=True)
            run = subprocess.run([
                schemathesis, "run", f"{base}/openapi.json",
                "--header", f"Authorization: Bearer {token}",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                "--phases", "examples,coverage,fuzzing",
                "--max-examples", examples,
                "--workers", "2",
                "--suppress-health-check", "all",
                "--no-color",
            ])
            failed |= run.returncode != 0
        return 1 if failed else 0
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
