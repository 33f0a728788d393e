"""Logged-in sessions kept on the server, so that they can be ended: on logout, on a new password or role, when idle.

The signed cookie carries only a random session id; what it stands for lives
here, in the server's memory. A cookie saved before ``/uitloggen`` therefore
opens nothing afterwards, and one made before ``jaarplan user add`` gave its
user a new password or role neither: each session remembers a stamp of the
user's record (password hash and role) and ends when the users file no longer
matches it. A restart ends every session (everyone logs in again), which a
team server can afford; ``jaarplan serve`` is one process, so one memory.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from jaarplan.web.users import User

IDLE_SECONDS = 60 * 60  # an hour without a request ends a session
MOST_SESSIONS_PER_USER = 20  # a flood of logins cannot grow memory, nor push out a colleague's session


def user_stamp(user: User) -> str:
    """What must stay the same for a session to go on: the password (its hash, salted anew each time) and role."""
    return hashlib.sha256(f"{user.password_hash}\0{user.role}".encode()).hexdigest()


@dataclass
class _Session:
    name: str
    stamp: str
    seen: float


@dataclass
class SessionStore:
    idle_seconds: float = IDLE_SECONDS
    clock: Callable[[], float] = time.monotonic
    _sessions: dict[str, _Session] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def open(self, user: User) -> str:
        """A new session for ``user``; its id goes into the signed cookie."""
        session_id = secrets.token_urlsafe(32)
        with self._lock:
            self._forget_idle(self.clock())
            own = [key for key, live in self._sessions.items() if live.name == user.name]
            if len(own) >= MOST_SESSIONS_PER_USER:  # that user's oldest goes, never someone else's
                del self._sessions[min(own, key=lambda key: self._sessions[key].seen)]
            self._sessions[session_id] = _Session(user.name, user_stamp(user), self.clock())
        return session_id

    def user_of(self, session_id: str, users: dict[str, User]) -> User | None:
        """The session's user while it is live and the users file still has that user unchanged; else None (ended)."""
        with self._lock:
            now = self.clock()
            live = self._sessions.get(session_id)
            if live is None:
                return None
            user = users.get(live.name)
            if now - live.seen > self.idle_seconds or user is None or user_stamp(user) != live.stamp:
                del self._sessions[session_id]
                return None
            live.seen = now
            return user

    def close(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def _forget_idle(self, now: float) -> None:
        for key in [key for key, live in self._sessions.items() if now - live.seen > self.idle_seconds]:
            del self._sessions[key]
