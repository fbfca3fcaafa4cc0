"""The player's modules joined into the one script the component gets (no browser needed)."""

from __future__ import annotations

import re

import pytest

from player import MODULES as PLAYER_MODULES
from player.bundle import IMPORT, BundleError, dependency_order, join

BANNER = re.compile(r"^// ---- player/([\w.-]+\.js)$", re.M)


ENTRIES = ("main.js", "offline.js")  # the page's player, and the offline file's


def test_every_module_is_joined_once_after_those_it_imports():
    script = join(PLAYER_MODULES, "main.js")
    joined = BANNER.findall(script)
    files = sorted(p.name for p in PLAYER_MODULES.glob("*.js") if p.name != "offline.js")
    assert sorted(joined) == files  # each file once: none left out, none twice
    assert joined[-1] == "main.js"
    place = {name: k for k, name in enumerate(joined)}
    for module in dependency_order(PLAYER_MODULES, "main.js"):
        for target in module.imports:
            assert place[target] < place[module.name], (target, module.name)
    # no relative import is left for the browser to resolve, and only the entry exports
    assert not re.search(r"^\s*import\b", script, re.M)
    assert "./" not in "".join(re.findall(r"""from\s+["'][^"']*["']""", script))
    assert re.findall(r"^export\b.*$", script, re.M) == ["export default function (component) {"]
    # the modules' own text is all there, in that order
    for name in joined:
        body = IMPORT.sub("", (PLAYER_MODULES / name).read_text(encoding="utf-8"))
        if name != "main.js":
            body = re.sub(r"^export\s+", "", body, flags=re.M)
        assert body.strip("\n") in script


def test_the_modules_split_the_player_by_concern():
    names = {p.name for p in PLAYER_MODULES.glob("*.js")}
    assert {"clock.js", "overlay.js", "gestures.js", "readouts.js", "format.js", "export.js",
            "messages.js", "main.js"} <= names
    assert not (PLAYER_MODULES.parent / "player.js").exists()


def write(folder, files: dict) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("files, message", [
    ({"main.js": 'import { a } from "./a.js";\nexport default function () { a(); }\n',
      "a.js": "export function a() {}\nfunction twice() {}\n",
      "b.js": "function twice() {}\n"}, None),
    ({"main.js": 'import { a } from "./a.js";\nimport { b } from "./b.js";\n'
                 "export default function () {}\n",
      "a.js": "export function a() {}\nconst shared = 1;\n",
      "b.js": "export function b() {}\nconst shared = 2;\n"}, "shared is declared in both"),
    ({"main.js": 'import { a } from "./a.js";\nexport default function () {}\n',
      "a.js": 'import { m } from "./main.js";\nexport function a() {}\n'}, "import each other"),
    ({"main.js": 'import { nope } from "./a.js";\nexport default function () {}\n',
      "a.js": "export function a() {}\n"}, "does not export"),
    ({"main.js": 'import { a } from "./gone.js";\nexport default function () {}\n'},
     "not in"),
    ({"main.js": 'import * as a from "./a.js";\nexport default function () {}\n',
      "a.js": "export function a() {}\n"}, "only imports of names"),
    ({"main.js": 'import { a } from "https://example.org/a.js";\n'
                 "export default function () {}\n"}, "only imports of names"),
    ({"main.js": 'import { a } from "./a.js";\nexport default function () {}\n',
      "a.js": "export function a() {}\nexport default function () {}\n"},
     "only the entry module"),
])
def test_mistakes_in_the_modules_stop_the_join(tmp_path, files, message):
    write(tmp_path, files)
    if message is None:  # b.js is not imported: it is not joined, so its name does not clash
        script = join(tmp_path, "main.js")
        assert BANNER.findall(script) == ["a.js", "main.js"]
        return
    with pytest.raises(BundleError, match=message):
        join(tmp_path, "main.js")


def test_the_offline_file_joins_the_same_player_under_its_own_host():
    page = set(BANNER.findall(join(PLAYER_MODULES, "main.js"))) - {"main.js"}
    offline = BANNER.findall(join(PLAYER_MODULES, "offline.js"))
    assert offline[-1] == "offline.js" and set(offline) - {"offline.js"} == page
