"""Media on S3: a real S3-protocol server (moto's) holds a comic from painting to deletion.

The storage is configured the way production configures it, from the
environment through config/settings.py, and every file still reaches people
only through Panelcraft's own views: the bucket itself stays private.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
import uuid
from dataclasses import dataclass

import boto3
import httpx
import pytest
from botocore.config import Config
from django.urls import reverse

from comics.models import Comic, GenerationJob
from comics.pipeline import run_job
from tests.servers import ROOT, answers_http, free_port, running, wait_until

pytestmark = pytest.mark.django_db

PREFIX = "media"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "panelcraft-test-key", "AWS_SECRET_ACCESS_KEY": "panelcraft-test-secret"}
PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory) -> str:
    """moto's S3 server on a free port, for this module's tests."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    with running(command, env={**os.environ}, log=log) as process:
        wait_until(answers_http(f"{url}/moto-api/"), process, log)
        yield url


@dataclass
class Bucket:
    endpoint: str
    name: str
    client: object

    def object_keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def settings_from_environment(monkeypatch, env: dict[str, str]) -> tuple[dict, dict]:
    """The media settings config/settings.py makes of these environment variables."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_with_s3", ROOT / "config" / "settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {name: getattr(module, name) for name in dir(module) if name.startswith("AWS_")}, module.STORAGES


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch) -> Bucket:
    """A fresh bucket, and the app's default storage pointing at it."""
    name = f"panelcraft-{uuid.uuid4().hex[:12]}"
    env = {
        **CREDENTIALS,
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_LOCATION": PREFIX,
    }
    aws, storages = settings_from_environment(monkeypatch, env)
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    for setting, value in aws.items():
        setattr(settings, setting, value)
    # Last: changing STORAGES drops the cached storages, FileFields' default_storage included.
    settings.STORAGES = storages
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        config=Config(s3={"addressing_style": "path"}),
    )
    client.create_bucket(Bucket=name)
    return Bucket(s3_endpoint, name, client)


@pytest.fixture
def comic(bucket, alice, make_comic) -> Comic:
    """A small comic made by the pipeline straight into the bucket."""
    comic, job = make_comic(alice)
    job = run_job(job.pk)
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    return Comic.objects.get(pk=comic.pk)


def served_files(comic: Comic) -> list[tuple[str, str]]:
    """(URL in the app, stored name) of every image and the PDF of a comic."""
    pages = list(comic.pages.prefetch_related("panels"))
    return [
        (comic.cover_url(), comic.cover_image.name),
        (comic.cover_art_url(), comic.cover_art.name),
        *((page.image_url(), page.image.name) for page in pages),
        *((panel.art_url(), panel.art.name) for page in pages for panel in page.panels.all()),
        (comic.pdf_url(), comic.pdf.name),
    ]


def test_a_comic_is_made_read_and_deleted_in_the_bucket(
    comic, bucket, alice_client, bob_client, django_capture_on_commit_callbacks
):
    files = served_files(comic)
    assert len(files) == 2 + 2 + 4 + 1  # cover and its art, pages, panel art, PDF
    assert bucket.object_keys() == sorted(f"{PREFIX}/{name}" for _url, name in files)
    assert all(key.startswith(f"{PREFIX}/comics/{comic.pk}/") for key in bucket.object_keys())

    reader = alice_client.get(comic.get_absolute_url())
    assert reader.status_code == 200
    for page in comic.pages.all():
        assert page.image_url() in reader.content.decode()

    for url, name in files:
        response = alice_client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content) == bucket.read(f"{PREFIX}/{name}"), url
        assert bob_client.get(url).status_code == 404, url

    pdf = alice_client.get(comic.pdf_url())
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("comics:delete", args=[comic.pk]))
    assert response.status_code == 302
    assert not Comic.objects.filter(pk=comic.pk).exists()
    assert bucket.object_keys() == []


def test_media_in_the_bucket_is_never_public(comic, bucket):
    keys = bucket.object_keys()
    assert keys
    for key in keys:
        grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
        assert not [grant for grant in grants if grant["Grantee"].get("URI") in PUBLIC_GROUPS], key
        # Someone who learnt the key still cannot fetch it without signing.
        assert httpx.get(f"{bucket.endpoint}/{bucket.name}/{key}").status_code == 403, key


def test_the_app_never_hands_out_a_bucket_url(comic, bucket, alice_client):
    job = comic.latest_job()
    pages = [
        comic.get_absolute_url(),
        reverse("comics:job", args=[job.pk]),
        reverse("comics:shelf"),
        reverse("api:comic", args=[comic.pk]),
        reverse("api:job", args=[job.pk]),
        reverse("api:comics"),
    ]
    for url in pages:
        response = alice_client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for leak in (bucket.endpoint.removeprefix("http://"), bucket.name, "Signature=", "X-Amz-"):
            assert leak not in text, (url, leak)
    detail = alice_client.get(reverse("api:comic", args=[comic.pk])).json()
    assert all(link.startswith("/") for link in _links(detail)), detail


def _links(data) -> list[str]:
    """Every string value of a JSON document whose key ends with "url"."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("url") and isinstance(value, str) and value:
                found.append(value)
            else:
                found.extend(_links(value))
    elif isinstance(data, list):
        for item in data:
            found.extend(_links(item))
    return found


def test_an_object_gone_from_the_bucket_is_a_404_not_an_error(comic, bucket, alice_client):
    page = comic.pages.get(index=0)
    bucket.client.delete_object(Bucket=bucket.name, Key=f"{PREFIX}/{page.image.name}")

    assert alice_client.get(page.image_url()).status_code == 404


def test_a_bucket_that_refuses_deletes_does_not_break_deleting_the_comic(
    comic, bucket, alice_client, django_capture_on_commit_callbacks, caplog
):
    deny = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:DeleteObject",
                "Resource": f"arn:aws:s3:::{bucket.name}/*",
            }
        ],
    }
    bucket.client.put_bucket_policy(Bucket=bucket.name, Policy=json.dumps(deny))
    kept = bucket.object_keys()

    with caplog.at_level(logging.WARNING, logger="comics.services"), django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("comics:delete", args=[comic.pk]))

    assert response.status_code == 302
    assert not Comic.objects.filter(pk=comic.pk).exists()
    assert bucket.object_keys() == kept  # left for a later clean-up, and said so
    assert "Could not delete" in caplog.text


def test_healthz_checks_the_bucket_and_leaves_nothing_in_it(bucket, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == {**response.json()["checks"]["storage"], "ok": True}
    assert response.json()["checks"]["storage"]["backend"] == "S3Storage"
    assert bucket.object_keys() == []
