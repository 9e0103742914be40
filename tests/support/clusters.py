"""PostgreSQL servers a test starts and stops itself: a scratch primary on a port of its
own, and a streaming hot standby of it, for the outage and read-replica tests.

The servers run as the `postgres` OS user when the tests run as root (PostgreSQL refuses
to run as root), from the machine's PostgreSQL binaries.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
SERVER_USER = "postgres"


def binaries_available() -> bool:
    return bool(BINARIES) and (BINARIES[0] / "initdb").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    command = [str(BINARIES[0] / args[0]), *args[1:]]
    if os.geteuid() == 0:
        command = ["runuser", "-u", SERVER_USER, "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


class Cluster:
    """One PostgreSQL server in a temporary data directory, trust auth on 127.0.0.1."""

    def __init__(self, data_dir: Path, port: int):
        self.data_dir, self.port = data_dir, port

    @classmethod
    def create(cls) -> "Cluster":
        root = Path(tempfile.mkdtemp(prefix="pgcluster-"))
        if os.geteuid() == 0:
            shutil.chown(root, user=SERVER_USER)
        cluster = cls(root / "data", free_port())
        _as_server_user(
            ["initdb", "-D", str(cluster.data_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        )
        with open(cluster.data_dir / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {cluster.port}\nlisten_addresses = '127.0.0.1'\n"
                "unix_socket_directories = ''\nfsync = off\nwal_level = replica\n"
                "max_wal_senders = 4\nhot_standby = on\n"
            )
        with open(cluster.data_dir / "pg_hba.conf", "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        return cluster

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        _as_server_user(
            [
                "pg_ctl",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.data_dir / "server.log"),
                "-w",
                "-t",
                "30",
                "start",
            ]
        )

    def stop(self) -> None:
        _as_server_user(["pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])

    def standby(self) -> "Cluster":
        """A hot standby streaming from this server (pg_basebackup -R), not yet started."""
        root = Path(tempfile.mkdtemp(prefix="pgstandby-"))
        if os.geteuid() == 0:
            shutil.chown(root, user=SERVER_USER)
        replica = Cluster(root / "data", free_port())
        _as_server_user(
            [
                "pg_basebackup",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-D",
                str(replica.data_dir),
                "-R",
                "-X",
                "stream",
            ]
        )
        with open(replica.data_dir / "postgresql.conf", "a") as conf:
            conf.write(f"port = {replica.port}\n")
        return replica

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def wait_for(condition, timeout: float = 30.0, interval: float = 0.1):
    """Poll `condition` until it returns a truthy value; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout} s waiting for {condition}")
        time.sleep(interval)
