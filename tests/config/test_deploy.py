"""The production settings pass Django's deployment checks; the development defaults still start."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx

from tests.servers import ROOT, answers_http, free_port, running, wait_until

# The production environment the README lists, with a secret of production strength.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "p7Kq-2vX_h9sLw4TzR8mNc1bYd6Fg3Jk0QeUaViOyPrHtMxZnBlCoWjEsDfAu5G",
    "ALLOWED_HOSTS": "comics.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://comics.example.com",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "BEHIND_PROXY": "true",
}
SETTINGS = set(PRODUCTION)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py with none of the caller's settings variables leaking in."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS | {"DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_a_missing_production_setting_is_reported():
    # Leaving out HSTS preload (one of the settings the README lists) is reported.
    without_preload = {**PRODUCTION, "SECURE_HSTS_PRELOAD": "false"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **without_preload)

    assert result.returncode != 0
    assert "security.W021" in result.stderr


def test_the_development_defaults_still_start(tmp_path):
    result = manage("check", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout

    # `make run`: runserver on the defaults serves pages and unhashed static files, no collectstatic.
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS | {"DATABASE_URL", "REDIS_URL"}}
    env["SQLITE_PATH"] = str(tmp_path / "db.sqlite3")
    # As `make run` does: migrate first (the home page shows the gallery's featured comics).
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    with running(command, env=env, log=tmp_path / "server.log") as server:
        wait_until(answers_http(base + "/"), server, tmp_path / "server.log")
        home = httpx.get(base + "/")
        stylesheet = httpx.get(base + "/static/css/panelcraft.css")

    assert home.status_code == 200
    assert 'href="/static/css/panelcraft.css"' in home.text
    assert "script-src 'self'" in home.headers["Content-Security-Policy"]
    assert stylesheet.status_code == 200
