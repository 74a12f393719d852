"""A TCP proxy in front of Redis that can lose replies: it forwards
everything, and when told to, drops the reply to the next command that
carries a marker (EVALSHA) and closes the connection, as a network failure
after Redis applied the command would."""

import socket
import threading
from urllib.parse import urlparse


class ReplyDroppingProxy:
    def __init__(self, redis_url):
        u = urlparse(redis_url)
        self.target = (u.hostname or "127.0.0.1", u.port or 6379)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.dropped = 0
        self._drop_next = 0
        self._lock = threading.Lock()
        self._sockets = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def drop_next_reply(self, count=1):
        """drop_next_reply arms the proxy: the reply to the next ``count``
        EVALSHA commands is lost and their connection closed."""
        with self._lock:
            self._drop_next += count

    def close(self):
        self._closed = True
        for s in [self.listener] + self._sockets:
            try:
                s.close()
            except OSError:
                pass

    def _accept(self):
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._sockets += [client, server]
            state = {"armed": False}
            threading.Thread(target=_pump, args=(client, server, lambda data: self._request(data, state)), daemon=True).start()
            threading.Thread(target=_pump, args=(server, client, lambda data: self._reply(state)), daemon=True).start()

    def _request(self, data, state):
        """_request arms the connection when the request carries EVALSHA and a drop is due; it is always forwarded."""
        if b"EVALSHA" in data.upper():
            with self._lock:
                if self._drop_next > 0:
                    self._drop_next -= 1
                    state["armed"] = True
        return True

    def _reply(self, state):
        """_reply forwards a reply unless the connection is armed: then the reply is lost with the connection."""
        if not state["armed"]:
            return True
        with self._lock:
            self.dropped += 1
        return False


def _pump(src, dst, forward):
    """_pump copies src to dst while forward(data) says so, then closes both."""
    try:
        while True:
            data = src.recv(65536)
            if not data or not forward(data):
                break
            dst.sendall(data)
    except OSError:
        pass
    _close(src, dst)


def _close(*sockets):
    for s in sockets:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            s.close()
        except OSError:
            pass
