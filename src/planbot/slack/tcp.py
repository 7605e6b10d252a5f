"""uvicorn's HTTP protocol with TCP_NODELAY on every connection, whatever the worker count.

asyncio turns Nagle's algorithm off only for sockets it creates itself. With one worker
uvicorn lets asyncio open the listening socket; with several it binds the socket itself
(protocol 0, not IPPROTO_TCP), and asyncio then leaves accepted connections as they are:
a response written in two parts (head, body) waits for the client's delayed ACK, about
40 ms per request. Setting the option on each connection makes both cases the same.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


def no_delay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools is not installed: uvicorn uses h11
    HTTP_PROTOCOL: type[asyncio.Protocol] = NoDelayH11Protocol
else:

    class NoDelayHttpToolsProtocol(HttpToolsProtocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            no_delay(transport)
            super().connection_made(transport)

    HTTP_PROTOCOL = NoDelayHttpToolsProtocol
