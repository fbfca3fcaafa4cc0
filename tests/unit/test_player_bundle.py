"""The player's modules joined into the one script the component gets (no browser needed)."""

from __future__ import annotations

import re

import pytest

from player import MODULES as PLAYER_MODULES
from player.bundle import BundleError, join

BANNER = re.compile(r"^// ---- player/([\w.-]+\.js)$", re.M)
# read here, not with bundle.py's own patterns: what a module imports, and what the joined
# script declares at its top level (a declaration at the first column)
IMPORTS = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"\./([\w.-]+\.js)";', re.M)
TOP_LEVEL = re.compile(r"^(?:async\s+)?(?:function\*?|const|let|var|class)\s+([\w$]+)", re.M)


def imports_of(source: str) -> dict[str, set[str]]:
    """{module: names} a module imports from its siblings."""
    out: dict[str, set[str]] = {}
    for names, target in IMPORTS.findall(source):
        out.setdefault(target, set()).update(n.strip() for n in names.split(",") if n.strip())
    return out


def sources(folder) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.js")}


def sections(script: str) -> dict[str, str]:
    """The joined script cut at its banners: {module: its part of the script}."""
    parts = BANNER.split(script)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


# each entry and the other entries' modules it leaves out (the offline lesson plays offline.js)
LEFT_OUT = {"main.js": {"offline.js", "offline_lesson.js"},
            "offline.js": {"main.js", "offline_lesson.js"}, "offline_lesson.js": {"main.js"}}


@pytest.mark.parametrize("entry", LEFT_OUT)
def test_the_player_is_joined_once_each_after_what_it_imports(entry):
    script = join(PLAYER_MODULES, entry)
    files = sources(PLAYER_MODULES)
    joined = BANNER.findall(script)
    assert sorted(joined) == sorted(set(files) - LEFT_OUT[entry])  # none left out, none twice
    assert joined[-1] == entry
    for name in joined:
        for target in imports_of(files[name]):
            assert joined.index(target) < joined.index(name), f"{name} before {target}"
    # no import is left for the browser to resolve, and only the entry exports
    assert not re.search(r"^\s*import\b", script, re.M)
    exports = re.findall(r"^export\b.*$", script, re.M)
    assert all(sections(script)[entry].count(line) for line in exports)


@pytest.mark.parametrize("entry", LEFT_OUT)
def test_the_joined_script_declares_every_name_a_module_imports(entry):
    script = join(PLAYER_MODULES, entry)
    declared = TOP_LEVEL.findall(script)
    assert len(declared) == len(set(declared)), "a top-level name declared twice"
    files = sources(PLAYER_MODULES)
    for name in sections(script):
        for target, names in imports_of(files[name]).items():
            for imported in names:  # declared in the module it comes from, and exported there
                assert imported in TOP_LEVEL.findall(sections(script)[target]), (name, imported)
                assert re.search(rf"^export\s+(?:async\s+)?(?:function\*?|const|let|class)"
                                 rf"\s+{re.escape(imported)}\b", files[target], re.M)


def test_each_modules_text_is_in_the_joined_script_as_written():
    script = join(PLAYER_MODULES, "main.js")
    files = sources(PLAYER_MODULES)
    for name, part in sections(script).items():
        text = "\n".join("" if IMPORTS.match(line) else line  # the import lines, emptied
                         for line in files[name].splitlines())
        if name != "main.js":
            text = re.sub(r"^export ", "", text, flags=re.M)
        assert part.strip("\n") == text.strip("\n"), name


def write(folder, files: dict) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


# a module two others import: joined once, before both, in the order a browser runs them
# (tests/browser/test_browser_bundle.py runs such modules both ways)
DIAMOND = {"main.js": 'import { a } from "./a.js";\nimport { c } from "./c.js";\n'
                      "export default function () {}\n",
           "a.js": 'import { b } from "./b.js";\nexport const a = b;\n',
           "c.js": 'import { b } from "./b.js";\nexport const c = b;\n',
           "b.js": "export const b = 1;\n"}


def test_a_module_imported_twice_is_joined_once_before_both(tmp_path):
    write(tmp_path, DIAMOND)
    assert BANNER.findall(join(tmp_path, "main.js")) == ["b.js", "a.js", "c.js", "main.js"]


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
