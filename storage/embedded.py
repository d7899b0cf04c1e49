"""The embedded PostgreSQL (pgserver) used when no DATABASE_URL is set: started, checked, restarted, stopped.

pgserver keeps a list of the processes using a data folder; we stop the server ourselves (cleanup_mode=None) when
the last live one leaves, at a clean stop, on SIGTERM (the CLI turns it into a clean stop) or at interpreter exit.
Its own clean-up would never stop a server whose list still names a process that was killed.
"""
from __future__ import annotations

import atexit
import logging
import os
import subprocess
from collections import Counter
from pathlib import Path

log = logging.getLogger(__name__)
_open_here: Counter[Path] = Counter()  # handles open in this process, per data folder


def running(pid: int | None) -> bool:
    """The process exists and has not exited (a killed server is a zombie until it is reaped)."""
    import psutil  # only where an embedded server runs, not in every process

    try:
        return bool(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


class EmbeddedPostgres:
    """One data folder's server. Blocking methods: call them from a thread when an event loop runs."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir.resolve()
        self._server = None

    @property
    def pid(self) -> int | None:
        return self._server.get_pid() if self._server is not None else None

    def start(self) -> str:
        """Start the server (or join the one already running on this folder); returns its asyncpg URL."""
        import pgserver

        from storage.db import async_url

        self.data_dir.mkdir(parents=True, exist_ok=True)
        log.info("starting embedded PostgreSQL in %s", self.data_dir)
        self._server = pgserver.get_server(str(self.data_dir), cleanup_mode=None)
        self._ensure_running()  # a cached handle may point at a server stopped earlier in this process
        _open_here[self.data_dir] += 1
        atexit.register(self.stop)
        return async_url(self._server.get_uri())

    def alive(self) -> bool:
        return running(self.pid)

    def restart(self) -> None:
        """Start it again after it died; raises while it cannot start yet (e.g. its old processes linger)."""
        self._ensure_running()
        if not self.alive():
            raise RuntimeError("the embedded PostgreSQL has not exited yet")
        log.info("embedded PostgreSQL restarted pid=%s", self.pid)

    def _ensure_running(self) -> None:
        server = self._server
        with server._lock:  # pgserver's lock between processes sharing the folder
            server.ensure_postgres_running()
            server.global_process_id_list.get_and_add(os.getpid())

    def stop(self) -> None:
        """Stop the server unless another live process (or handle in this one) still uses it. Idempotent."""
        server, self._server = self._server, None
        if server is None:
            return
        atexit.unregister(self.stop)
        _open_here[self.data_dir] -= 1
        if _open_here[self.data_dir] > 0:
            return
        with server._lock:
            users = server.global_process_id_list.get_and_remove(os.getpid())
            others = [pid for pid in users if pid != os.getpid() and running(pid)]
            server.global_process_id_list.put(others)  # forget processes that died without leaving
            if others:
                log.info("embedded PostgreSQL left running for processes %s", others)
                return
            _pg_ctl_stop(self.data_dir, server.system_user)


def _pg_ctl_stop(data_dir: Path, user: str | None) -> None:
    from pgserver._commands import pg_ctl

    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user, timeout=60)
        log.info("embedded PostgreSQL stopped")
    except subprocess.CalledProcessError:  # not running any more (it died, or was stopped by someone else)
        log.info("embedded PostgreSQL was not running")
