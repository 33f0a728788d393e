"""plan.yaml: every mistake in it is a FOUT line with its line; what the reader accepted is written back as it was."""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jaarplan.cli.commands import main
from jaarplan.errors import Location, PlanError
from jaarplan.model import Metadata, StatusKind, VersionEntry
from jaarplan.source.metadata import STATUSES, read_metadata, write_metadata

from .conftest import REPO, SOURCE

FREE_KEYS = ("title", "partners", "author", "distribution")
PLAN_YAML_FILES = [SOURCE / "plan.yaml", *sorted((REPO / "examples").rglob("plan.yaml"))]


def check_output(source: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--source", str(source)])
    return result.exit_code, result.output.splitlines()


def edited(source: Path, old: str, new: str) -> Path:
    path = source / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# --- the reader -----------------------------------------------------------------------------------


def test_a_control_character_typed_in_plan_yaml_is_a_fout_with_line_and_position(source_copy: Path) -> None:
    path = edited(source_copy, 'partners: "Politie, OM', 'partners: "Politie,\x07 OM')
    exit_code, lines = check_output(source_copy)
    assert exit_code == 1
    where = f"{path.as_posix()}, regel {line_of(path, 'partners:')}"
    assert (
        f"FOUT  {where}: onzichtbaar besturingsteken U+0007 op positie 20 van deze regel; dat mag niet in "
        "plan.yaml: haal het weg (een teksteditor die onzichtbare tekens toont, helpt)"
    ) in lines
    assert not any("Error" in line or "Traceback" in line for line in lines)


def test_a_control_character_written_as_an_escape_is_a_fout_not_a_crash_in_build(source_copy: Path) -> None:
    path = edited(source_copy, 'titel: "Gezamenlijk jaarplan"', 'titel: "Gezamenlijk\\a jaarplan"')
    edited(source_copy, '    auteur: "JM"', '    auteur: "J\\x1bM"')
    exit_code, lines = check_output(source_copy)
    assert exit_code == 1
    said = "het teken U+{:04X}, dat niet in een Word-document kan; haal het weg"
    title, author = line_of(path, "titel:"), line_of(path, "x1bM")
    assert f"FOUT  {path.as_posix()}, regel {title}: 'titel' bevat {said.format(7)}" in lines
    assert f"FOUT  {path.as_posix()}, regel {author}: 'auteur' bevat {said.format(0x1B)}" in lines
    built = CliRunner().invoke(main, ["build", "--source", str(source_copy), "--output", str(source_copy / "uit")])
    assert built.exit_code == 1 and isinstance(built.exception, SystemExit)  # FOUT lines, not lxml's ValueError
    assert "'titel' bevat het teken U+0007" in built.output


def test_a_severity_that_is_a_digit_but_no_number_is_a_fout(source_copy: Path) -> None:
    path = edited(source_copy, "ernst: 0", "ernst: ²")
    with pytest.raises(PlanError) as raised:
        read_metadata(path)
    assert raised.value.message == "'ernst' moet een geheel getal zijn (0 = goed, hoger = slechter), niet '²'"
    assert raised.value.location.line == line_of(path, "ernst: ²")


def test_brackets_nested_thousands_deep_are_a_fout_not_a_recursion_error(source_copy: Path) -> None:
    path = edited(source_copy, "verzending:", "verzending: " + "[" * 5000 + "]" * 5000 + "\nx:")
    with pytest.raises(PlanError) as raised:
        read_metadata(path)
    assert raised.value.location == Location(path)
    assert raised.value.message.startswith("het bestand zet lijsten of haken honderden niveaus diep in elkaar;")


# --- the writer -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PLAN_YAML_FILES, ids=lambda path: path.relative_to(REPO).as_posix())
def test_the_committed_plan_yaml_files_are_what_the_writer_writes(path: Path, tmp_path: Path) -> None:
    """The layout users see (comments, quotes, order) is the writer's, byte for byte."""
    write_metadata(read_metadata(path), tmp_path / "plan.yaml")
    assert (tmp_path / "plan.yaml").read_bytes() == path.read_bytes()


def test_a_line_break_in_partners_reads_back_as_a_line_break(tmp_path: Path) -> None:
    metadata = replace(read_metadata(SOURCE / "plan.yaml"), partners="Politie\nOM en gemeente", title='Plan "B" \\ 2')
    write_metadata(metadata, tmp_path / "plan.yaml")
    assert 'partners: "Politie\\nOM en gemeente"\n' in (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    assert read_metadata(tmp_path / "plan.yaml") == metadata


def test_a_value_the_reader_refuses_is_refused_by_the_writer_before_it_writes(tmp_path: Path) -> None:
    metadata = replace(read_metadata(SOURCE / "plan.yaml"), distribution="Aan de raad\x0bvan B&W")
    with pytest.raises(PlanError) as raised:
        write_metadata(metadata, tmp_path / "plan.yaml")
    assert raised.value.message == (
        "'verzending' bevat het teken U+000B, dat niet in een Word-document kan; haal het weg"
    )
    assert not (tmp_path / "plan.yaml").exists()


# --- any metadata ---------------------------------------------------------------------------------

# What no Word document can hold (XML 1.0), so the reader refuses it even written as an escape ("\a"): control
# characters but tab and line ends, lone surrogates (category Cs) and U+FFFE/U+FFFF.
UNWRITABLE = [chr(code) for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)]
# Any other character: YAML's syntax, quotes, backslashes, line ends, C1 controls, astral planes.
READABLE = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=UNWRITABLE), min_size=1, max_size=30)
TEXT = READABLE.filter(lambda text: text.strip() != "")  # a value that must not be empty
DATES = st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31))
VERSIONS = st.from_regex(r"[0-9]{1,3}\.[0-9]{1,3}", fullmatch=True)
FINGERPRINTS = st.one_of(st.just(""), st.from_regex(r"sha256:[0-9a-f]{16}", fullmatch=True))
HISTORY = st.builds(VersionEntry, VERSIONS, DATES, TEXT, READABLE, FINGERPRINTS)
STATUS = st.builds(
    StatusKind,
    TEXT,
    TEXT,
    st.from_regex(r"[0-9A-F]{6}", fullmatch=True),
    st.integers(0, 99),
    st.booleans(),
    st.booleans(),
)
METADATA = st.builds(
    Metadata,
    title=TEXT,
    year=st.integers(0, 9999),
    partners=TEXT,
    version=VERSIONS,
    date=DATES,
    author=TEXT,
    status=st.sampled_from(STATUSES),
    distribution=READABLE,
    clusters=st.lists(TEXT, max_size=3),
    history=st.lists(HISTORY, max_size=2),
    statuses=st.lists(
        STATUS, min_size=1, max_size=3, unique_by=lambda kind: " ".join(kind.name.split()).casefold()
    ).map(tuple),
    reference_date=st.one_of(st.none(), DATES),
)
DEFAULT = read_metadata(SOURCE / "plan.yaml")


def written_and_read(metadata: Metadata, folder: Path) -> tuple[Metadata, bytes]:
    path = folder / "plan.yaml"
    write_metadata(metadata, path)
    return read_metadata(path), path.read_bytes()


def free_texts(metadata: Metadata) -> list[str]:
    """The values the reader takes as typed (but for spaces around them)."""
    return [
        metadata.title,
        metadata.partners,
        metadata.author,
        metadata.distribution,
        *metadata.clusters,
        *(text for entry in metadata.history for text in (entry.author, entry.description)),
        *(kind.symbol for kind in metadata.statuses),
    ]


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(metadata=METADATA)
@example(metadata=replace(DEFAULT, partners="Politie\nOM", title="a\u2028b\x85c\r\n\U0001f6a8", year=999))
@example(metadata=replace(DEFAULT, author='"\\#: \t- [x] {y} &z *w !v %u @t `s', distribution="\ufeff|>"))
def test_what_the_reader_accepts_is_written_and_read_back_equal(metadata: Metadata) -> None:
    with tempfile.TemporaryDirectory() as folder:
        accepted, _ = written_and_read(metadata, Path(folder))  # values as any caller gives them ...
        assert free_texts(accepted) == [text.strip() for text in free_texts(metadata)]
        again, written = written_and_read(accepted, Path(folder))  # ... and as the reader gives them
        assert again == accepted
        assert written_and_read(again, Path(folder))[1] == written  # written again: the same file


@settings(max_examples=200, deadline=None, derandomize=True)
@given(text=st.text(st.characters(exclude_categories=()), min_size=1, max_size=20), key=st.sampled_from(FREE_KEYS))
@example(text="Aan de raad\x0bvan B&W", key="distribution")
@example(text="\ud800", key="title")
def test_the_writer_refuses_exactly_what_the_reader_would_refuse(text: str, key: str) -> None:
    metadata = replace(DEFAULT, **{key: f"x{text}"})
    with tempfile.TemporaryDirectory() as folder:
        if any(ch in UNWRITABLE or 0xD800 <= ord(ch) <= 0xDFFF for ch in text):
            with pytest.raises(PlanError, match="het teken U\\+"):
                write_metadata(metadata, Path(folder) / "plan.yaml")
            assert not (Path(folder) / "plan.yaml").exists()
        else:
            assert getattr(written_and_read(metadata, Path(folder))[0], key) == f"x{text}".strip()
