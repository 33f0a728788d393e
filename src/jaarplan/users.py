"""The werkomgeving's users: a JSON file of names, roles, initials and argon2 password hashes.

Passwords are hashed with argon2id (argon2-cffi, the reference
implementation's binding); the clear text is never stored or logged.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import Location, PlanError
from .output import write_atomically

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
