"""The player's JavaScript: ES modules in player/js/, joined into one script.

Each file is a module that imports what it uses from its siblings by name
(`import { a, b } from "./x.js";`), and exports what they use (`export function a`,
`export const b`). The component gets one script, made here when it is created: the
modules in dependency order (each after those it imports), with the relative import lines
dropped and, except in the entry module, the `export` keywords. So every top-level name
must be unique across the files; that, the imports and the order are checked here, and a
mistake stops the page with a clear message instead of a script error in the browser.

One script is one request, can not go stale in a cache, and can be inlined in an HTML file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

IMPORT = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"\./([\w.-]+\.js)";[ \t]*$', re.M)
ANY_IMPORT = re.compile(r"^\s*import\b", re.M)
# top-level declarations start at the first column; nested ones are indented
DECLARATION = re.compile(
    r"^(export\s+)?(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)",
    re.M)
EXPORT_KEYWORD = re.compile(r"^export\s+(?!default\b)", re.M)
BANNER = "// ---- player/{name}"


class BundleError(ValueError):
    pass


@dataclass(frozen=True)
class Module:
    name: str
    source: str
    imports: dict[str, list[str]]  # module name -> names imported from it
    declared: list[str]  # top-level names
    exported: set[str]


def read_module(path: Path) -> Module:
    source = path.read_text(encoding="utf-8")
    imports: dict[str, list[str]] = {}
    for names, target in IMPORT.findall(source):
        imports.setdefault(target, []).extend(n.strip() for n in names.split(",") if n.strip())
    if len(ANY_IMPORT.findall(source)) != len(IMPORT.findall(source)):
        raise BundleError(f"{path.name}: only imports of names from sibling modules "
                          '(import { a } from "./x.js";) can be joined')
    if re.search(r"^export\s*\{", source, re.M):
        raise BundleError(f"{path.name}: export each declaration, not a list")
    declared = [name for _, name in DECLARATION.findall(source)]
    exported = {name for keyword, name in DECLARATION.findall(source) if keyword}
    return Module(path.name, source, imports, declared, exported)


def dependency_order(folder: Path, entry: str) -> list[Module]:
    """The modules the entry needs, each after those it imports (the entry last)."""
    order: list[Module] = []
    done: set[str] = set()
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            raise BundleError("modules import each other: " + " -> ".join([*visiting, name]))
        path = folder / name
        if not path.is_file():
            raise BundleError(f"{visiting[-1] if visiting else 'entry'} imports {name}, "
                              f"which is not in {folder}")
        visiting.append(name)
        module = read_module(path)
        for target, names in module.imports.items():
            visit(target)
            exported = next(m for m in order if m.name == target).exported
            missing = [n for n in names if n not in exported]
            if missing:
                raise BundleError(f"{name} imports {', '.join(missing)} from {target}, "
                                  "which does not export it")
        visiting.pop()
        done.add(name)
        order.append(module)

    visit(entry)
    return order


def join(folder: Path, entry: str = "main.js") -> str:
    """One script from the entry module and all it imports; the entry's exports stay."""
    modules = dependency_order(folder, entry)
    owner: dict[str, str] = {}
    for module in modules:
        for name in module.declared:
            if name in owner:
                raise BundleError(f"{name} is declared in both {owner[name]} and "
                                  f"{module.name}: top-level names must be unique")
            owner[name] = module.name
    parts = [f"// The linreg player: {folder.name}/*.js joined by player/bundle.py "
             "(edit those files, not this script)."]
    for module in modules:
        body = IMPORT.sub("", module.source)
        if module.name != entry:
            body = EXPORT_KEYWORD.sub("", body)
            if re.search(r"^export\b", body, re.M):
                raise BundleError(f"{module.name}: only the entry module has a default export")
        parts.append(BANNER.format(name=module.name) + "\n" + body.strip("\n") + "\n")
    return "\n".join(parts)
