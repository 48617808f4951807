"""Environment variables choose the database, broker, channel layer and storage."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from config.settings import database_from_url
from tests.servers import ROOT

SHOW = (
    "import json, django; from django.conf import settings as s; django.setup(); "
    "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], 'layer': s.CHANNEL_LAYERS['default']['BACKEND'], "
    "'in_process': s.JOBS_IN_PROCESS, 'broker': s.CELERY_BROKER_URL, 'storage': s.STORAGES['default']['BACKEND']}))"
)


def settings_under(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME")}
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        return {"error": result.stderr}
    return json.loads(result.stdout)


def test_a_fresh_machine_needs_nothing():
    assert settings_under() == {
        "db": "django.db.backends.sqlite3",
        "layer": "channels.layers.InMemoryChannelLayer",
        "in_process": True,
        "broker": "memory://",
        "storage": "django.core.files.storage.FileSystemStorage",
    }


def test_production_services_come_from_the_environment():
    shown = settings_under(
        DATABASE_URL="postgres://panel:s3cret@db.internal:5433/panelcraft",
        REDIS_URL="redis://cache.internal:6379/0",
        AWS_STORAGE_BUCKET_NAME="comics",
    )
    assert shown == {
        "db": "django.db.backends.postgresql",
        "layer": "channels_redis.core.RedisChannelLayer",
        "in_process": False,
        "broker": "redis://cache.internal:6379/0",
        "storage": "storages.backends.s3.S3Storage",
    }


def test_debug_off_refuses_the_public_development_key():
    shown = settings_under(DEBUG="False")
    assert "Set SECRET_KEY" in shown["error"]
    assert "db" in settings_under(DEBUG="False", SECRET_KEY="a-real-secret")


def test_database_url_is_parsed_with_escapes_and_options():
    db = database_from_url("postgres://me:p%40ss@localhost:6543/comics?sslmode=require")
    assert (db["ENGINE"], db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql",
        "comics",
        "me",
        "p@ss",
        "localhost",
        "6543",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_an_unknown_database_scheme_is_a_clear_error():
    with pytest.raises(ValueError, match="mysql"):
        database_from_url("mysql://x@y/z")


def test_a_malformed_provider_allow_list_is_a_clear_error_at_start():
    result = settings_under(PANELCRAFT_PROVIDER_ALLOWED_HOSTS="ollama.lan, 10.0.0.0/33")
    assert "ImproperlyConfigured" in result["error"]
    assert "'10.0.0.0/33' is not a host name, an address or a CIDR network" in result["error"]
    assert "error" not in settings_under(PANELCRAFT_PROVIDER_ALLOWED_HOSTS="ollama.lan, 10.0.0.0/8, 127.0.0.1")
