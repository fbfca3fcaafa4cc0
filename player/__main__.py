"""`python -m player FILE`: the offline player of a run, written from the terminal.

It takes the same data and settings options as `python -m linreg` (linreg.cli), so lessons
can be prepared in advance; it sits here, above the core, because it needs both the core
and the player.
"""

from __future__ import annotations

import sys
from pathlib import Path

from linreg.cli import Parser, fail, parsed_run, run_options
from linreg.texts import LANGUAGES, texts

from .offline import offline_html


def _parser() -> Parser:
    p = Parser(
        prog="python -m player",
        description="Write the offline player of a run: one HTML file that plays it with no "
                    "server and no network.",
    )
    p.add_argument("file", type=Path, help="the HTML file to write (it is replaced if it exists)")
    p.add_argument("--lang", choices=list(LANGUAGES), default="en",
                   help="the language of the player's words (default: en)")
    run_options(p)
    return p


def main(argv: list[str] | None = None) -> int:
    parsed = parsed_run(_parser(), argv)
    if parsed is None:
        return 2
    args, data, settings = parsed
    text = offline_html(data, settings, texts(args.lang), args.lang)
    try:
        args.file.write_text(text, encoding="utf-8")
    except OSError as error:
        return fail(f"cannot write {args.file}: {error.strerror}")
    print(f"linreg: wrote the offline player to {args.file} "
          f"({len(text.encode()) / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
