"""The offline player: one HTML file that plays a run with no server and no network.

It holds the run the core computed (every epoch), a bank of runs at other learning rates
for the scrubber (computed here, by the core), the four figures, the player's script and
CSS, plotly.js and the words of one language, all inline. Opened from a USB stick or an
email, it plays, steps, scrubs the epochs and the rate; what needs the live page (new
points, another optimizer) it says, with a link back to the live page's setup.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

from linreg import frame
from linreg.analysis import analyse
from linreg.dataset import Dataset
from linreg.lab import Lab
from linreg.lesson import Lesson, Question, Screen
from linreg.presets import preset
from linreg.questions import ZONES, Answer, judge
from linreg.settings import Settings
from linreg.share import View, decode, encode

from . import CSS, MODULES
from .bundle import join

STATIC = Path(__file__).resolve().parent.parent / "static"
BANK_DETAIL_EPOCHS = 100  # bank runs keep every epoch up to here, then every 10th
BANK_STRIDE = 10
LOG_GRID = 3  # bank rates a decade on a log grid, besides the two-digit rates near the bound


def plotly_source() -> str:
    """The cartesian bundle when make fetched it (the 2-D plots need no more), else the full
    plotly.js that ships inside the plotly package."""
    cartesian = STATIC / "plotly-cartesian.min.js"
    if cartesian.exists():
        return cartesian.read_text(encoding="utf-8")
    import plotly

    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(
        encoding="utf-8")


def bank_rates(bound: float, low: float, high: float, lr: float) -> list[float]:
    """Rates a learner would try: two-digit rates up to twice the bound (0.01, 0.02, ...,
    0.19, ... for the lesson), a coarse log grid below them, and the run's own rate."""
    rates = {lr}
    if math.isfinite(bound) and bound > 0:
        unit = 10.0 ** (math.floor(math.log10(bound)) - 1)
        rates |= {round(k * unit, 12) for k in range(1, int(2 * bound / unit) + 1)}
    if 0 < low < high:
        k0, k1 = math.floor(math.log10(low) * LOG_GRID), math.ceil(math.log10(high) * LOG_GRID)
        rates |= {float(f"{10 ** (k / LOG_GRID):.2g}") for k in range(k0, k1 + 1)}
    return sorted(r for r in rates if low <= r <= high or r == lr)


def _short(value):
    """9 significant digits: a float32 of the lesson's engine exactly, in half the text."""
    return value if value is None or isinstance(value, int) else float(f"{value:.9g}")


def _thin(rows: dict) -> dict:
    """Every epoch up to BANK_DETAIL_EPOCHS, then every BANK_STRIDE-th, and the last."""
    epochs = rows["epoch"]
    keep = [i for i, e in enumerate(epochs)
            if e <= BANK_DETAIL_EPOCHS or e % BANK_STRIDE == 0 or i == len(epochs) - 1]
    return {name: [_short(rows[name][i]) for i in keep] for name in frame.ROW_COLUMNS}


def _run_message(data: Dataset, settings: Settings, words: dict, view: View) -> dict:
    lab = Lab(data, settings)
    lab.run_to_end()
    return frame.build(lab, words, view).message()


def _run_document(data: Dataset, settings: Settings, words: dict, lang: str) -> dict:
    """A run the file plays: every epoch, and its bank of runs at other rates."""
    view = View(lang=lang, predict=False)
    message = _run_message(data, settings, words, view)
    message.update(
        plotly={"inline": True}, ahead=None, prediction=None,
        edit=dict(message["edit"], points=False, start=False, rate=settings.optimizer == "sgd"
                  and message["full_batch"], undo=0, hint=words["offline_hint"]))
    bank = []
    if message["edit"]["rate"]:
        basis = message["preview"]
        a = analyse(data.train_stats)
        for lr in bank_rates(a.stability_bound, basis["lr_low"], basis["lr_high"], settings.lr):
            if lr == settings.lr:
                bank.append({"lr": lr})  # the file's own run, every epoch (message)
                continue
            run = _run_message(data, replace(settings, lr=lr), words, view)
            bank.append({"lr": lr, "rows": _thin(run["rows"]), "log": run["log"],
                         "diverged": run["diverged"], "next": run["next"],
                         "max_speed": run["max_speed"], "slowed": run["slowed"],
                         "preview": run["preview"], "update_rule": run["update_rule"]})
    return {"message": message, "bank": bank}


def _file_words(words: dict) -> dict:
    return {"rate_taken": words["offline_rate_taken"], "needs_live": words["offline_needs_live"],
            "epochs": words["offline_epochs"]}


def offline_html(data: Dataset, settings: Settings, words: dict, lang: str,
                 live_url: str = "") -> str:
    """The whole file, as text. `live_url` is the live page's address (its setup is added)."""
    link = live_url.rstrip("?")
    query = urlencode(encode(settings, data, View(lang=lang)))
    if link and query:
        link += ("&" if "?" in link else "?") + query
    document = _run_document(data, settings, words, lang) | {"words": _file_words(words)}
    return _page(document, words, lang, link)


# ---------------------------------------------------------------- a lesson

def _choices(state, question: Question) -> list[Answer]:
    """The answers the offline file offers: the core's truth among a few near misses (the
    start, the step's sign turned, a step twice as long)."""
    if question.kind == "rate_zone":
        return [Answer("rate_zone", zone=z) for z in ZONES]
    steps = question.steps or 0
    truth = judge(state, Answer(question.kind, W=0.0, b=0.0, steps=steps)).truth
    W0, b0 = state.W, state.b
    dW, db = truth["W"] - W0, truth.get("b", b0) - b0
    if not math.isfinite(dW):
        dW = db = 0.0
    points = {(round(W0 + k * dW, 3), round(b0 + k * db, 3)) for k in (-1, 0, 1, 2)}
    return [Answer(question.kind, W=W, b=b if question.kind == "where_after" else None,
                   steps=steps) for W, b in sorted(points)]


def _asked(screen: Screen, lab: Lab, words: dict, full_batch: bool) -> dict | None:
    """The screen's question with each answer offered and its verdict, computed here."""
    question = screen.question
    if question is None:
        return None
    if question.kind == "rate_zone":
        prompt = words["ask_rate"].format(lr=lab.settings.lr)
    elif question.kind == "where_after":
        prompt = words["offline_ask_place"].format(steps=question.steps)
    else:
        prompt = words["ask_next"]
    choices = []
    for answer in _choices(lab.state, question):
        verdict = judge(lab.state, answer)
        label = (words["zone_" + answer.zone] if answer.kind == "rate_zone" else
                 f"W = {answer.W:.3f}" if answer.kind == "next_W" else
                 f"(W, b) = ({answer.W:.3f}, {answer.b:.3f})")
        choices.append({"label": label, "right": verdict.right,
                        "says": verdict.says(words, full_batch)})
    return {"prompt": prompt, "choices": choices}


def lesson_document(lesson: Lesson, words: dict, lang: str) -> dict:
    """Every screen of the lesson as the file plays it: its words in `lang`, its run and bank,
    and its question with the verdicts the core computed."""
    screens = []
    for screen in lesson.screens:
        setup = decode(screen.link_setup())
        data, settings = setup.data or preset("lesson"), setup.settings
        run = _run_document(data, settings, words, lang)
        title, text, notice = screen.words(lang)
        mission = None
        if screen.mission:
            mission = {"title": words[f"mission_{screen.mission}_title"],
                       "goal": words[f"mission_{screen.mission}_goal"]}
        screens.append(run | {"title": title, "text": text, "notice": notice,
                              "mission": mission,
                              "question": _asked(screen, Lab(data, settings), words,
                                                 run["message"]["full_batch"])})
    return {"title": lesson.title[lang], "screens": screens, "words": _file_words(words) | {
        "progress": words["lesson_progress"], "next": words["lesson_next"],
        "back": words["lesson_back"], "notice": words["lesson_notice"],
        "choose": words["offline_choose"], "mission": words["lesson_mission"]}}


def lesson_html(lesson: Lesson, words: dict, lang: str) -> str:
    """The lesson as one HTML file that plays every screen with no server and no network."""
    document = lesson_document(lesson, words, lang)
    return _page(document, words, lang, "", entry="offline_lesson.js",
                 title=lesson.title[lang], about=words["offline_lesson_about"],
                 mount="linreg-offline-lesson")


def _json_for_script(value) -> str:
    """JSON that cannot end its <script> element or open another: <, > and & escaped."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# nothing may be fetched: inline scripts and styles only, images from data (PNG export)
POLICY = ("default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
          "style-src 'unsafe-inline'; img-src data: blob:; font-src data:")


def _page(document: dict, words: dict, lang: str, link: str, entry: str = "offline.js",
          title: str = "", about: str = "", mount: str = "linreg-offline-player") -> str:
    script = join(MODULES, entry)
    title, about = title or words["offline_title"], about or words["offline_about"]
    live = (f'<a href="{html.escape(link, quote=True)}">{html.escape(words["offline_open_live"])}'
            "</a>") if link else ""
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<title>{html.escape(title)}</title>
<style>
body {{ margin: 0 auto; max-width: 1400px; padding: 0.75rem 1rem 2rem;
  font-family: "Source Sans Pro", "Noto Sans KR", "NanumGothic", sans-serif; color: #262730;
  background: #fff; }}
h1 {{ font-size: 1.4rem; margin: 0.2rem 0 0.3rem; }}
.linreg-offline-about {{ font-size: 0.9rem; opacity: 0.8; margin: 0 0 0.6rem; }}
.linreg-offline-epochs {{ display: flex; align-items: center; gap: 0.5rem; margin: 0.2rem 0 0.5rem;
  font-size: 0.95rem; }}
.linreg-offline-epochs input {{ flex: 1; }}
.linreg-offline-notice {{ margin: 0.3rem 0; padding: 0.45rem 0.7rem; border-radius: 0.4rem;
  background: rgba(0, 114, 178, 0.12); border-left: 4px solid #0072B2; }}
.linreg-offline-question button, .linreg-offline-nav button {{ margin: 0.2rem 0.3rem 0.2rem 0;
  padding: 0.35rem 0.8rem; font: inherit; }}
.linreg-offline-text {{ white-space: pre-line; }}
@media (max-width: 640px) {{ .lr-grid {{ grid-template-columns: 1fr !important; }} }}
{CSS.read_text(encoding="utf-8")}
</style>
<script>{plotly_source()}</script>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p class="linreg-offline-about">{html.escape(about)} {live}</p>
<div id="linreg-offline-notice" class="linreg-offline-notice" role="status" hidden></div>
<div id="{mount}"></div>
<script type="application/json" id="linreg-run">{_json_for_script(document)}</script>
<script type="module">
{script}
</script>
</body>
</html>
"""
