"""Several server processes on one port, each with a listening socket of its own
(SO_REUSEPORT), so that the kernel deals connections out among them evenly.

uvicorn's own workers share one socket, and the first process to wake takes a burst of
the waiting connections: at 50 clients, one of two processes served nearly all of them
(search: 298 req/s with two processes, as with one).  Where the system has no
SO_REUSEPORT, uvicorn's workers are used as they are."""

from __future__ import annotations

import errno
import multiprocessing
import signal
import socket
from types import FrameType

from gwrkit.core.errors import UsageError

APP = "gwrkit.serve.app:from_environment"  # each process builds its app from the settings
BACKLOG = 2048  # uvicorn's own


def serve(host: str, port: int, workers: int, log_level: str) -> None:
    """Run ``workers`` processes serving the app on ``host:port`` until interrupted."""
    import uvicorn

    if not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, log_level=log_level)
        return
    _check_free(host, port)
    spawn = multiprocessing.get_context("spawn")
    procs = [spawn.Process(target=_one, args=(host, port, log_level)) for _ in range(workers)]
    for p in procs:
        p.start()

    def stop(signum: int, frame: FrameType | None) -> None:
        for p in procs:
            if p.is_alive():
                p.terminate()  # each stops as uvicorn does on SIGTERM: requests finish

    signal.signal(signal.SIGTERM, stop)
    try:
        for p in procs:
            p.join()
    except KeyboardInterrupt:  # Ctrl-C reached the children too: they are stopping
        for p in procs:
            p.join(timeout=10)


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _check_free(host: str, port: int) -> None:
    """A port another program listens on is an error, not a port to share with it."""
    probe = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        probe.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {host} is in use by another program") from None
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    finally:
        probe.close()


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket of its own listening on ``host:port``, shared with the other processes.

    It names its protocol: a connection accepted from a socket made with protocol 0
    says 0, and asyncio then leaves Nagle's algorithm on for it (it sets TCP_NODELAY
    only on sockets that say TCP), so that a response written in two parts waited for
    the client's delayed acknowledgement: 40 ms more on every request of a kept
    connection (a page of the reader took 52 ms, now 5)."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    return sock


def _one(host: str, port: int, log_level: str) -> None:
    """One server process on its own socket."""
    import uvicorn

    sock = listening_socket(host, port)
    config = uvicorn.Config(APP, factory=True, log_level=log_level)
    uvicorn.Server(config).run(sockets=[sock])
