"""A throwaway PostgreSQL server for tests that stop and start it: Debian's PostgreSQL
(installed if missing, as scripts/with-postgres.sh does), a fresh cluster in a temporary
folder on a free 127.0.0.1 port, removed afterwards."""

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.servers import free_port, install_debian_packages


def postgresql_bin():
    """The newest /usr/lib/postgresql/<version>/bin that has pg_ctl, installing if missing."""

    def newest():
        found = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
            key=lambda p: [int(x) if x.isdigit() else x for x in p.parts[-3].split(".")],
        )
        return found[-1].parent if found else None

    if newest() is None:
        install_debian_packages("postgresql")
    return newest()


class PostgreSQL:
    """One cluster: ``url`` names its database ``shoal``; stop() and start() keep the port."""

    def __init__(self, folder):
        self.bin = postgresql_bin()
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/shoal"
        # PostgreSQL refuses to run as root: run it as the "postgres" system user then.
        self.as_user = []
        if os.geteuid() == 0:
            if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
                subprocess.run(
                    ["useradd", "--system", "--home-dir", "/var/lib/postgresql", "postgres"],
                    check=True,
                )
            shutil.chown(folder, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, program, *args):
        subprocess.run(
            [*self.as_user, str(self.bin / program), *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def initialise(self):
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "shoal")

    def start(self):
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w",
            "-o", options, "start",
        )  # fmt: skip

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")


@contextlib.contextmanager
def postgresql_server():
    """Yield a running :class:`PostgreSQL`; stop it and delete its folder afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="shoal-pg-"))
    server = PostgreSQL(folder)
    try:
        server.initialise()
        yield server
    finally:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            server.stop(mode="immediate")
        shutil.rmtree(folder, ignore_errors=True)
