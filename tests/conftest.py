"""Shared fixtures: the default plan built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from jaarplan.pipeline import build

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "source"
TEMPLATE = REPO / "templates" / "jaarplan.docx"
SEED = REPO / "tools" / "gezamenlijk-jaarplan-2010-v2.2.txt"


@pytest.fixture(scope="session")
def built_default(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SOURCE, tmp_path_factory.mktemp("out"), TEMPLATE).document


@pytest.fixture(scope="session")
def default_document(built_default: Path):
    return Document(built_default)


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    """A writable copy of the default source, for tests that edit it."""
    return Path(shutil.copytree(SOURCE, tmp_path / "source"))
