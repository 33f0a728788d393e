"""The package's folders show the pipeline, and imports run one way: down the layers of docs/architecture.md."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "jaarplan"
ARCHITECTURE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"

# Bottom to top. A subpackage may import from its own layer's shared modules and from any layer below it.
LAYERS = [
    ["<top>"],  # model, errors, text, progress, collector, indicators
    ["office"],
    ["source"],
    ["word"],
    ["store"],
    ["diff"],
    ["report", "webpage", "importer"],
    ["commands"],
    ["web"],
    ["cli"],
]
MAX_TOP_LEVEL_MODULES = 8


def _layer_of(name: str) -> str:
    """'jaarplan.source.workbook' -> 'source'; a top-level module -> '<top>'."""
    parts = name.split(".")[1:]
    if not parts or (PACKAGE / f"{parts[0]}.py").is_file():
        return "<top>"
    return parts[0]


def _imports(path: Path) -> set[str]:
    """Every jaarplan module ``path`` imports, at the top or inside a function."""
    module = ".".join(("jaarplan", *path.relative_to(PACKAGE).with_suffix("").parts))
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{module}: relative import (from {'.' * node.level}{node.module or ''})"
            if node.module and node.module.split(".")[0] == "jaarplan":
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "jaarplan")
    return found


def _edges() -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__main__.py":
            continue  # ``python -m jaarplan`` starts the CLI: the one import from the bottom to the top
        importer = ".".join(("jaarplan", *path.relative_to(PACKAGE).with_suffix("").parts))
        for imported in _imports(path):
            edge = (_layer_of(importer), _layer_of(imported))
            if edge[0] != edge[1]:
                edges.setdefault(edge, []).append(f"{importer} -> {imported}")
    return edges


def test_the_top_level_holds_only_the_shared_modules() -> None:
    modules = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(modules) <= MAX_TOP_LEVEL_MODULES, modules
    subpackages = sorted(path.parent.name for path in PACKAGE.glob("*/__init__.py"))
    assert subpackages == sorted(name for layer in LAYERS[1:] for name in layer)


def test_imports_run_down_the_layers_and_never_back() -> None:
    rank = {name: index for index, layer in enumerate(LAYERS) for name in layer}
    edges = _edges()
    assert edges, "no imports between subpackages found: the test reads nothing"
    upward = [line for (source, target), lines in edges.items() if rank[target] >= rank[source] for line in lines]
    assert not upward, "imports that run up or sideways:\n" + "\n".join(sorted(upward))


def test_the_architecture_map_names_every_module() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "__init__.py" and f"`{path.relative_to(PACKAGE).as_posix()}`" not in text
    ]
    assert not missing, f"docs/architecture.md does not name: {missing}"
