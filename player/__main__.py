"""`python -m player FILE`: the offline player of a run, written from the terminal.

It takes the same data and settings options as `python -m linreg` (linreg.cli), so lessons
can be prepared in advance; it sits here, above the core, because it needs both the core
and the player.
"""

from __future__ import annotations

import sys
from pathlib import Path

from linreg import lesson as lessons
from linreg.cli import Parser, fail, parsed_run, run_options
from linreg.errors import InputError
from linreg.texts import LANGUAGES, message, texts

from .offline import lesson_html, offline_html


def _parser() -> Parser:
    p = Parser(
        prog="python -m player",
        description="Write the offline player of a run: one HTML file that plays it with no "
                    "server and no network.",
    )
    p.add_argument("file", type=Path, help="the HTML file to write (it is replaced if it exists)")
    p.add_argument("--lang", choices=list(LANGUAGES), default="en",
                   help="the language of the player's words (default: en)")
    p.add_argument("--lesson", metavar="LESSON",
                   help="write a whole lesson instead of one run: lab02 (the built-in one) "
                        "or a lesson's JSON file (the run options are then the screens')")
    run_options(p)
    return p


def main(argv: list[str] | None = None) -> int:
    parsed = parsed_run(_parser(), argv)
    if parsed is None:
        return 2
    args, data, settings = parsed
    if args.lesson:
        try:
            lesson = (lessons.builtin() if args.lesson == lessons.BUILTIN_ID else
                      lessons.from_json(Path(args.lesson).read_bytes()))
        except OSError as error:
            return fail(f"cannot read {args.lesson}: {error.strerror}")
        except InputError as error:
            return fail(message("en", error.code, error.params))
        text = lesson_html(lesson, texts(args.lang), args.lang)
    else:
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
