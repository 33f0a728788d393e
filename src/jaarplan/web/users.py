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
    # Owner only (0600): the hashes are not for colleagues to copy and guess at leisure.
    write_atomically(path, lambda temporary: temporary.write_text(content + "\n", encoding="utf-8"), mode=0o600)
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
class _Tries:
    count: int
    last: float
    refused: int = 0  # refusals since the last admitted try


@dataclass
class LoginThrottle:
    """Login tries counted per name and address together; past a few, each next try waits longer.

    argon2 makes one guess cost a tenth of a second, which still allows
    hundreds of thousands a day. After ``free_tries`` tries for one name from
    one address, the next waits ``first_wait`` seconds, and each one after
    that twice as long, up to ``longest_wait``: a guesser gets a few dozen
    tries a day. Per name *and* address, because behind a reverse proxy the
    whole team shares one address: a guesser there slows down only the name
    he guesses, never the colleagues' logins. A try is counted when it is
    admitted, before the password is checked, under one lock: parallel tries
    cannot slip past the count. In memory, per server: a restart forgets.
    """

    free_tries: int = 5
    first_wait: float = 30.0
    longest_wait: float = 15 * 60
    forget_after: float = 60 * 60  # an hour without tries starts the count afresh
    clock: Callable[[], float] = time.monotonic
    most_keys: int = 10_000  # a flood of made-up names cannot grow memory without bound
    _tries: dict[str, _Tries] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def admit(self, name: str, address: str) -> float:
        """0 when a try may be made now (and it is counted), else the seconds until it may (and nothing is)."""
        key = _key(name, address)
        with self._lock:
            now = self.clock()
            tries = self._tries.get(key)
            if tries is not None and now - tries.last > self.forget_after:
                del self._tries[key]
                tries = None
            if tries is not None and tries.count >= self.free_tries:
                wait = tries.last + self.wait_after(tries.count) - now
                if wait > 0:
                    tries.refused += 1
                    return wait
            if tries is None:
                if len(self._tries) >= self.most_keys:
                    self._forget_oldest()
                tries = self._tries.setdefault(key, _Tries(0, now))
            tries.count += 1
            tries.last = now
            tries.refused = 0
            return 0.0

    def wait_after(self, count: int) -> float:
        """The wait after ``count`` tries (``count`` at least ``free_tries``): doubling, up to ``longest_wait``."""
        return min(self.first_wait * 2 ** min(count - self.free_tries, 30), self.longest_wait)

    def refusals(self, name: str, address: str) -> int:
        """How many tries were refused since the last one admitted: the logboek notes only the first."""
        with self._lock:
            tries = self._tries.get(_key(name, address))
            return tries.refused if tries else 0

    def succeeded(self, name: str, address: str) -> None:
        with self._lock:
            self._tries.pop(_key(name, address), None)

    def _forget_oldest(self) -> None:
        """Room for new keys: the older half of those below ``free_tries``. A throttled key is never dropped,
        or a flood of made-up names would lift the wait on the name being guessed."""
        free = [key for key, tries in self._tries.items() if tries.count < self.free_tries]
        for key in sorted(free, key=lambda key: self._tries[key].last)[: max(len(free) // 2, 1)]:
            del self._tries[key]


def _key(name: str, address: str) -> str:
    return f"{_name_key(name)} adres:{address}"


def _name_key(name: str) -> str:
    return f"naam:{name.strip().casefold()}"
