"""The scripts in tools/, imported by path: tools/ is a folder of scripts to run, not a package."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from .conftest import REPO


def load(name: str) -> ModuleType:
    """tools/NAME.py as a module (its main() is not run)."""
    spec = importlib.util.spec_from_file_location(f"tools_{name}", REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


newest_releases = load("newest_releases")
