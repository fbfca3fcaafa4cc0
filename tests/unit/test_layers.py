"""Imports run down the layers only: the page (ui/, Streamlit) uses the player and the core,
the player (player/) uses the core, the core (linreg/) uses neither."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ABOVE = {"linreg": {"ui", "player", "streamlit", "app", "server"},
         "player": {"ui", "streamlit", "app", "server"}}


def imported(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, anywhere in it (also inside functions), relative imports
    resolved; `importlib.import_module("...")` with a written name counts too."""
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
            else:  # `from .. import ui` above the top package names modules
                names |= {alias.name for alias in node.names}
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value))
    return names


def modules(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


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
