"""Starting real server and worker processes for end-to-end tests."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def shared_by_the_run(basetemp: Path) -> Path:
    """Where the suite's processes keep what they make once for the whole run.

    ``basetemp`` is pytest's base temporary folder; pytest-xdist's workers each have one, side by side in a
    folder of the run's own.
    """
    return basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp


def made_once(shared: Path, name: str, make: Callable[[Path], None]) -> Path:
    """``shared / name``, made by ``make(path)`` the first time any of the run's processes asks for it.

    The others wait on a lock the processes share. ``make`` builds it at a path of its own, which is then
    renamed into place, so a half-made one is never reused.
    """
    target = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            with tempfile.TemporaryDirectory(dir=shared) as work:
                partial = Path(work) / name
                make(partial)
                partial.rename(target)
    return target


def collected_static(tmp_path_factory, env: dict[str, str]) -> Path:
    """The deploy step ``collectstatic`` (DEBUG off), run once per test run for every module that needs it.

    Hashing and compressing every static file takes most of a minute, and its result depends only on the
    source files and the static settings, never on the database or the server.
    """

    def collect(folder: Path) -> None:
        command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
        at = {**env, "STATIC_ROOT": str(folder)}
        subprocess.run(command, cwd=ROOT, env=at, check=True, capture_output=True)

    return made_once(shared_by_the_run(tmp_path_factory.getbasetemp()), "collected-static", collect)


def migrated_database(shared: Path, env: dict[str, str]) -> None:
    """An empty, migrated SQLite database at ``env["SQLITE_PATH"]``, copied from one migrated once in ``shared``."""

    def migrate(database: Path) -> None:
        migrating = database.with_name("migrating.sqlite3")
        command = [sys.executable, "manage.py", "migrate", "--noinput"]
        at = {**env, "SQLITE_PATH": str(migrating)}
        subprocess.run(command, cwd=ROOT, env=at, check=True, capture_output=True)
        # One self-contained file: the server opens its databases in WAL mode, whose log may hold the end.
        with closing(sqlite3.connect(migrating)) as db:
            db.execute("VACUUM INTO ?", (str(database),))

    shutil.copyfile(made_once(shared, "migrated.sqlite3", migrate), env["SQLITE_PATH"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(args: list[str], *, env: dict[str, str], log: Path, own_group: bool = False) -> Iterator[subprocess.Popen]:
    """Run a process from the repository root, its output in ``log``; stop it afterwards.

    ``own_group`` starts it in a process group of its own, so a test can kill
    it with all its children at once, as when a machine dies.
    """
    with open(log, "wb") as out:
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=own_group
        )
        try:
            yield process
        finally:
            stop(process, group=own_group)


def stop(process: subprocess.Popen, *, group: bool) -> None:
    """Ask the process (with ``group``, its whole process group: a worker and its pool) to stop, then insist."""

    def send(sig) -> None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig) if group else process.send_signal(sig)

    send(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        process.wait()
    if group:
        send(signal.SIGKILL)  # a pool child that outlived its parent


def wait_until(ready: Callable[[], bool], process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    """Poll ``ready`` until true; fail with the process's log if it dies or times out."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError(f"{process.args[:4]} did not start:\n{log.read_text(errors='ignore')[-4000:]}")
        time.sleep(0.2)


def answers_http(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            httpx.get(url, timeout=1)
            return True
        except httpx.HTTPError:
            return False

    return check


@contextmanager
def dev_server(folder: Path, *, superuser: tuple[str, str] | None = None) -> Iterator[str]:
    """The server ``make run`` starts (SQLite, in-process jobs, built-in backends) on a fresh database.

    ``folder`` is one that ``tmp_path_factory.mktemp`` made: the database is a copy of the run's migrated one.

    Yields its base URL. ``superuser`` (username, password) adds an admin account first.
    """
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "SQLITE_PATH": str(folder / "db.sqlite3"),
        "MEDIA_ROOT": str(folder / "media"),
        # As the Makefile's run target sets them: DEBUG off, keys made once into files (here, this folder's).
        "DEBUG": "False",
        "PANELCRAFT_LOCAL": "1",
        "PANELCRAFT_SECRET_KEY_FILE": str(folder / "secret-key"),
        "PANELCRAFT_ENCRYPTION_KEY_FILE": str(folder / "encryption-key"),
    }
    manage = [sys.executable, "manage.py"]
    migrated_database(shared_by_the_run(folder.parent), env)
    if superuser:
        username, password = superuser
        subprocess.run(
            [*manage, "createsuperuser", "--noinput", "--username", username, "--email", f"{username}@example.com"],
            cwd=ROOT,
            env={**env, "DJANGO_SUPERUSER_PASSWORD": password},
            check=True,
            capture_output=True,
        )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, log=folder / "server.log") as p:
        wait_until(answers_http(base + "/"), p, folder / "server.log")
        yield base


def self_signed_certificate(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A key and certificate for ``host`` (an address or a name), so a server under test speaks real TLS."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    try:
        alt: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        alt = x509.DNSName(host)
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([alt]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / "server.key", folder / "server.crt"
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path
