"""The joined player script (player/bundle.py) runs as Chromium runs the modules themselves:
the same names, the same functions and values, the modules run in the same order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from player import MODULES as PLAYER_MODULES
from player.bundle import join

ORIGIN = "http://modules.test"  # answered by the test itself, never on the network


def served(browser, folder: Path):
    """A blank page at ORIGIN that serves `folder`'s files at /js/, so Chromium can import
    the modules with their own import lines."""
    context = browser.new_context()

    def answer(route):
        path = route.request.url[len(ORIGIN):]
        if path.startswith("/js/") and (folder / path[4:]).is_file():
            route.fulfill(body=(folder / path[4:]).read_text(encoding="utf-8"),
                          content_type="text/javascript")
        else:
            route.fulfill(body="<!doctype html><title>modules</title>", content_type="text/html")

    context.route(f"{ORIGIN}/**", answer)
    page = context.new_page()
    page.goto(f"{ORIGIN}/")
    return context, page


# every export of each module, as Chromium imports it, and the same names in the joined script
PICTURE = """(value) => [typeof value, typeof value === "function" ? value.toString()
                          : JSON.stringify(value)]"""
NATIVE = f"""async (names) => {{
    const picture = {PICTURE};
    const out = {{}};
    for (const name of names) {{
      const module = await import("/js/" + name);
      for (const [key, value] of Object.entries(module)) out[name + ":" + key] = picture(value);
    }}
    return out;
}}"""
JOINED = f"""async ([script, wanted]) => {{
    const picture = {PICTURE};
    const url = URL.createObjectURL(new Blob([script], {{type: "text/javascript"}}));
    const module = await import(url);
    const out = {{}};
    for (const [name, key] of wanted) {{
      out[name + ":" + key] = picture(key === "default" ? module.default : module.probe[key]());
    }}
    return out;
}}"""


# what each entry's script leaves out: the other players' entries
LEFT_OUT = {"main.js": {"offline.js", "offline_lesson.js"},
            "offline.js": {"main.js", "offline_lesson.js"}, "offline_lesson.js": {"main.js"}}


@pytest.mark.parametrize("entry", sorted(LEFT_OUT))
def test_the_joined_script_holds_each_modules_exports_as_chromium_imports_them(browser, entry):
    context, page = served(browser, PLAYER_MODULES)
    try:
        names = sorted(p.name for p in PLAYER_MODULES.glob("*.js")
                       if p.name not in LEFT_OUT[entry])
        native = page.evaluate(NATIVE, names)
        wanted = [key.split(":") for key in native if key.startswith(entry + ":")
                  or not key.endswith(":default")]
        exported = sorted({key for _, key in wanted if key != "default"})
        probe = ("\nexport const probe = {"
                 + ", ".join(f"{key}: () => {key}" for key in exported) + "};\n")
        joined = page.evaluate(JOINED, [join(PLAYER_MODULES, entry) + probe, wanted])
        assert {key.split(":")[0] for key in native} == set(names)  # each exports
        assert native.keys() == joined.keys()
        for key, (kind, text) in native.items():
            assert joined[key] == [kind, text], key
    finally:
        context.close()


DIAMOND = {  # b.js is imported by a.js and c.js; each module notes when it runs
    "main.js": 'import { a } from "./a.js";\nimport { c } from "./c.js";\n'
               "export default function () { return [a, c, globalThis.ran]; }\n",
    "a.js": 'import { b } from "./b.js";\nexport const a = b + 1;\nglobalThis.ran.push("a");\n',
    "c.js": 'import { b } from "./b.js";\nexport const c = b * 10;\nglobalThis.ran.push("c");\n',
    "b.js": 'export const b = 1;\n(globalThis.ran = globalThis.ran || []).push("b");\n',
}


def test_the_joined_modules_run_once_each_in_the_order_chromium_runs_them(browser, tmp_path):
    for name, text in DIAMOND.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    context, page = served(browser, tmp_path)
    try:
        native = page.evaluate("async () => (await import('/js/main.js')).default()")
        page.evaluate("() => { delete globalThis.ran; }")
        joined = page.evaluate("""async (script) => (await import(URL.createObjectURL(
            new Blob([script], {type: "text/javascript"})))).default()""",
                               join(tmp_path, "main.js"))
        assert native == [2, 10, ["b", "a", "c"]]
        assert json.dumps(joined) == json.dumps(native)
    finally:
        context.close()
