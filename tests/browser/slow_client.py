"""An HTTP client that sends its request in pieces, as a real network delivers a long link: the
server reads the request line and headers a piece at a time, never all at once (a browser on
the same machine sends them in one write, which hides the limits a reader far away meets)."""
from __future__ import annotations

import select
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

PIECE_BYTES = 1024
# How long each piece is left alone before the next: the server's event loop reads it on its own
# in far less. Not a wait for a result: if the server answers early (a refusal), the loop sees
# the socket readable at once and stops writing.
PAUSE_SECONDS = 0.003


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def get_in_pieces(base_url: str, target: str, piece: int = PIECE_BYTES) -> Answer:
    """GET ``target`` (a path with its query) from the server at ``base_url`` over a socket of its
    own, the request written ``piece`` bytes at a time."""
    address = urlsplit(base_url)
    request = (f"GET {target} HTTP/1.1\r\nHost: {address.netloc}\r\nAccept: text/html\r\n"
               "Connection: close\r\n\r\n").encode("ascii")
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for start in range(0, len(request), piece):
            try:
                sock.sendall(request[start:start + piece])
            except (BrokenPipeError, ConnectionResetError):
                break  # the server refused the request and closed: read what it said
            answered, _, _ = select.select([sock], [], [], PAUSE_SECONDS)
            if answered:
                break
        received = b""
        while chunk := _receive(sock):
            received += chunk
    return _parse(received)


def long_link(length: int) -> str:
    """A link to the map page of exactly ``length`` bytes, its date far too long for the page."""
    start = "/?province=AF-BAL&date="
    return start + "9" * (length - len(start))


def _receive(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except ConnectionResetError:
        return b""


def _parse(received: bytes) -> Answer:
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines[0].startswith("HTTP/"):
        raise AssertionError(f"no HTTP answer: {received[:200]!r}")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(int(lines[0].split()[1]), headers, body)
