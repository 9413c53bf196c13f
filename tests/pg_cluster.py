"""A throwaway PostgreSQL cluster in a temporary folder, for tests and benchmarks.

``initdb`` + ``pg_ctl`` from Debian's ``postgresql`` package (or any on PATH). The server
listens only on a Unix socket inside its own folder (mode 0700), so nothing else on the
machine can reach its trust-authenticated superuser. PostgreSQL refuses to run as root: as
root the folder is handed to an unprivileged user (``nobody``) and the server runs as it.
Settings trade durability for speed (no fsync): the cluster is deleted afterwards.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

_FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.insert(0, str(Path(on_path).resolve().parent))
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


class Cluster:
    def __init__(self) -> None:
        found = binaries()
        if found is None:
            raise FileNotFoundError(
                "PostgreSQL server binaries (initdb, pg_ctl) not found: "
                "apt-get install postgresql"
            )
        self.bin = found
        self.root = Path(tempfile.mkdtemp(prefix="newstrace-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as: dict[str, Any] = {}
        if os.geteuid() == 0:
            import pwd

            nobody = pwd.getpwnam("nobody")
            os.chown(self.root, nobody.pw_uid, nobody.pw_gid)
            self._as = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
        os.chmod(self.root, 0o700)

    def _run(self, *args: str) -> None:
        subprocess.run(
            [str(self.bin / args[0]), *args[1:]], check=True, cwd=self.root,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **self._as,
        )

    def start(self) -> Cluster:
        try:
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                      "--encoding=UTF8", "--no-locale", "--no-sync")
            opts = f"-k {self.root} -c listen_addresses='' {_FAST}"
            self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", opts, "-w", "start")
        except subprocess.CalledProcessError as e:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            self.stop()
            raise RuntimeError(f"could not start PostgreSQL: {e.stderr.decode(errors='replace')}{log}") from e
        return self

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@/{dbname}?host={self.root}"

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (a copy of ``template`` when given); returns its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            tmpl = f" TEMPLATE {template}" if template else ""
            conn.execute(f"CREATE DATABASE {name}{tmpl}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        from urllib.parse import urlsplit

        import psycopg

        name = urlsplit(url).path.lstrip("/")
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
