"""Where a request comes from and which name it used: loopback, trusted proxies, and allowed Host names.

No Flask here, so ``serve`` and the tests can ask the same questions the
pages do. A Host name is checked because a page on loopback without a login
is a bewerker's page: a site whose name was made to point at 127.0.0.1 (DNS
rebinding) must not get it, nor a CSRF token that works.
"""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: only this machine can connect."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(host_header: str) -> str:
    """The name in a Host header, without the port and brackets, in lower case ('' when it is not one)."""
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:8000
        name, _, port = host[1:].partition("]")
    elif host.count(":") <= 1:
        name, _, port = host.partition(":")
        port = f":{port}" if port else ""
    else:
        return ""
    return name if port == "" or (port.startswith(":") and port[1:].isdigit()) else ""


def allowed_host(host_header: str, names: tuple[str, ...]) -> bool:
    """Whether the Host header names this server: an IP address, localhost, or one of ``names``.

    Any IP literal: DNS rebinding needs a name, and a server on 0.0.0.0 is
    reached by its own address. One trailing dot is the same (fully
    qualified) name.
    """
    name = host_header and host_name(host_header)
    name = name[:-1] if name.endswith(".") else name
    if not name or len(name) > 253:
        return False
    known = {each.lower().removesuffix(".") for each in names}
    return name == "localhost" or _is_ip_address(name) or name in known


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def in_addresses(address: str, trusted: tuple[str, ...]) -> bool:
    """Whether ``address`` is one of ``trusted`` (addresses or networks such as 10.0.0.0/24)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in trusted:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def wrong_addresses(entries: tuple[str, ...]) -> list[str]:
    """The entries that are no address or network, for a Dutch refusal at start-up."""
    wrong = []
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            wrong.append(entry)
    return wrong
