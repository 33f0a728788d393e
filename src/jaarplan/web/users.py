"""The werkomgeving's users: a JSON file of names, roles, initials and argon2 password hashes.

Passwords are hashed with argon2id (argon2-cffi, the reference
implementation's binding); the clear text is never stored or logged.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from jaarplan.errors import Location, PlanError
from jaarplan.store.files import write_atomically

READER = "lezer"
EDITOR = "bewerker"
ROLES = (READER, EDITOR)
DEFAULT_USERS_FILE = Path("gebruikers.json")
MIN_PASSWORD_LENGTH = 10


@functools.cache
def _hasher():
    """argon2-cffi's hasher (argon2id, its default parameters); imported only when a password is handled."""
    from argon2 import PasswordHasher

    return PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verifying an unknown name costs as much as a known one, so timing does not tell which names exist."""
    return _hasher().hash("geen-gebruiker")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    initials: str
    password_hash: str = ""

    @property
    def may_edit(self) -> bool:
        return self.role == EDITOR


def default_initials(name: str) -> str:
    """ "Jan de Man" → "JdM"; "jmeijer" → "J"; what Versiebeheer shows as author."""
    words = re.findall(r"\w+", name)
    return "".join(word[0].upper() if index in (0, len(words) - 1) else word[0] for index, word in enumerate(words))


def read_users(path: Path) -> dict[str, User]:
    """The users in ``path`` by name; an empty dict when the file does not exist."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {entry["name"]: User(**entry) for entry in data["users"]}
    except (OSError, ValueError, KeyError, TypeError):
        raise PlanError("het gebruikersbestand is beschadigd of onleesbaar", Location(path)) from None


def add_user(path: Path, name: str, password: str, *, role: str = READER, initials: str = "") -> User:
    """Add ``name`` to the users file, or give an existing user a new password, role and initials."""
    name = name.strip()
    if not re.fullmatch(r"[\w.@-]{1,64}", name):
        raise PlanError(f"'{name}' is geen geldige gebruikersnaam (letters, cijfers, punt, @ of streepje)")
    if role not in ROLES:
        raise PlanError(f"onbekende rol '{role}'; kies {' of '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PlanError(f"het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens hebben")
    user = User(name, role, initials.strip() or default_initials(name), _hasher().hash(password))
    users = read_users(path)
    users[name] = user
    content = json.dumps({"users": [asdict(entry) for entry in users.values()]}, ensure_ascii=False, indent=2)
    write_atomically(path, lambda temporary: temporary.write_text(content + "\n", encoding="utf-8"))
    return user


def authenticate(users: dict[str, User], name: str, password: str) -> User | None:
    """The user when name and password match, else None (the same work either way)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    user = users.get(name)
    try:
        _hasher().verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    return user


@dataclass
class LoginThrottle:
    """Failed logins counted per name and per address; past the limit, that name or address waits.

    argon2 makes one guess cost a tenth of a second, which still allows
    hundreds of thousands a day; five wrong passwords for a name (or twenty from
    one address, an office behind one router) within the window make the next
    try wait until the oldest failure leaves the window. In memory, per
    server: a restart forgets, which is fine for a team server.
    """

    per_name: int = 5
    per_address: int = 20
    window: float = 15 * 60
    clock: Callable[[], float] = time.monotonic
    most_keys: int = 10_000  # a flood of made-up names cannot grow memory without bound
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def seconds_to_wait(self, name: str, address: str) -> float:
        """0 when a try may be made now, else how long until it may."""
        with self._lock:
            now = self.clock()
            waits = [
                self._wait(key, limit, now)
                for key, limit in ((_name_key(name), self.per_name), (f"adres:{address}", self.per_address))
            ]
        return max(waits)

    def failed(self, name: str, address: str) -> None:
        with self._lock:
            now = self.clock()
            if len(self._failures) >= self.most_keys:
                self._forget_oldest()
            for key in (_name_key(name), f"adres:{address}"):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(_name_key(name), None)

    def _wait(self, key: str, limit: int, now: float) -> float:
        failures = self._failures.get(key)
        if not failures:
            return 0.0
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[key]
            return 0.0
        return failures[0] + self.window - now if len(failures) >= limit else 0.0

    def _forget_oldest(self) -> None:
        oldest = sorted(self._failures, key=lambda key: self._failures[key][-1])
        for key in oldest[: len(oldest) // 2]:
            del self._failures[key]


def _name_key(name: str) -> str:
    return f"naam:{name.strip().casefold()}"
