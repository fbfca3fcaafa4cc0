"""Imports run down the layers only: the page (ui/, Streamlit) uses the player and the core,
the player (player/) uses the core, the core (linreg/) uses neither."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ABOVE = {"linreg": {"ui", "player", "streamlit", "app", "server"},
         "player": {"ui", "streamlit", "app", "server"}}


def imported(path: Path, root: Path = ROOT, members: bool = False) -> set[str]:
    """Every module a file imports, anywhere in it (also inside functions), relative imports
    resolved; `importlib.import_module("...")` with a written name counts too. With
    `members`, `from p import x` names p.x as well (x may be a module of package p)."""
    package = list(path.relative_to(root).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            if module:
                names.add(module)
                if members:
                    names |= {f"{module}.{alias.name}" for alias in node.names}
            else:  # `from .. import ui` above the top package names modules
                names |= {alias.name for alias in node.names}
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value))
    return names


def modules(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


def circle(graph: dict[str, set[str]]) -> list[str] | None:
    """A path of imports that comes back to where it started (a, b, a), or None."""
    done, path = set(), []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return None
        path.append(node)
        for name in sorted(graph.get(node, ())):
            found = visit(name)
            if found:
                return found
        path.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        found = visit(node)
        if found:
            return found
    return None


@pytest.mark.parametrize("layer", sorted(ABOVE))
def test_no_import_runs_up_a_layer(layer):
    found = modules(layer)
    assert len(found) >= 3, found  # the layer is where the test looks
    upward = {str(path.relative_to(ROOT)): sorted(name for name in imported(path)
                                                  if name.split(".")[0] in ABOVE[layer])
              for path in found}
    assert not {path: names for path, names in upward.items() if names}


def test_the_reader_sees_every_kind_of_import(tmp_path):
    source = tmp_path / "linreg" / "classroom" / "x.py"
    source.parent.mkdir(parents=True)
    source.write_text("import numpy as np\nfrom . import store\nfrom ..frame import build\n"
                      "from ... import ui\n"
                      "def late():\n    from player.offline import offline_html\n"
                      "    importlib.import_module('streamlit')\n")
    assert imported(source, tmp_path) == {"numpy", "linreg.classroom", "linreg.frame", "ui",
                                "player.offline", "streamlit"}


def test_no_page_modules_import_one_another_in_a_circle():
    """ui/'s modules import one way: a module that needs another's callback is below it,
    or the callback moves down (a circle works only while no import is run at the top)."""
    names = {".".join(path.relative_to(ROOT).with_suffix("").parts): path
             for path in modules("ui")}
    graph = {name: {n for n in imported(path, members=True) if n in names and n != name}
             for name, path in names.items()}
    assert sum(map(len, graph.values())) >= 10  # the test sees ui/'s imports of one another
    assert circle(graph) is None


def test_the_circle_finder_finds_a_circle_and_only_a_circle():
    assert circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert circle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
