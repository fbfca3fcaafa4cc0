"""The live player component: how it is mounted (what it is sent: linreg.frame)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import streamlit as st

from linreg.frame import Frame

from .state import page

STATIC = Path(__file__).parent.parent / "static"


def ensure_plotly_js() -> None:
    """Serve the plotly.js that ships inside the plotly package (never a CDN)."""
    target = STATIC / "plotly.min.js"
    if target.exists():
        return
    import plotly

    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    STATIC.mkdir(exist_ok=True)
    # several servers may start at once (a class behind nginx): never serve half a file
    partial = target.with_suffix(f".{os.getpid()}.part")
    shutil.copyfile(source, partial)
    os.replace(partial, target)


@st.cache_resource
def _component():
    from player import CSS, MODULES
    from player.bundle import join  # the modules as one script

    return st.components.v2.component(
        "linreg_player",
        js=join(MODULES, "main.js"),
        css=CSS.read_text(encoding="utf-8"),
        isolate_styles=False,
    )


def plotly_sources() -> dict:
    """The plotly.js files this server has: the cartesian bundle (fetched by make) for the 2-D
    plots, the full one from the plotly package for the 3-D surface and as the fallback."""
    full = "/app/static/plotly.min.js"
    cartesian = STATIC / "plotly-cartesian.min.js"
    return {"plot2d": "/app/static/plotly-cartesian.min.js" if cartesian.exists() else full,
            "full": full}


def mount(frame: Frame, on_action, rerun_next: bool = False) -> None:
    """The player, sent `frame`. With `rerun_next`, the whole page runs next (st.rerun): the
    player holds this frame's figures by then, so that run leaves them out."""
    message = frame.message()
    message["plotly"] = plotly_sources()
    message["await_plots"] = not page().plots_drawn  # the rest of the page waits for "drawn"
    # The figures (most of a message's bytes) are left out of an answer to a player that said,
    # with the action answered, that it has them; any other rerun sends them.
    mail = page().player
    if mail.figures == frame.figs_key:
        message["figs"] = None
    # a following page's run, which the player holds already: kept for the page's whole
    # reruns too, until an action says otherwise (the player asks for all when it lacks any)
    if frame.rows_key is not None and mail.rows == frame.rows_key:
        message["rows"] = None
    mail.figures = frame.figs_key if rerun_next else None
    # encoded once, as bytes: Streamlit encodes a dict twice (the message, and again for the
    # element's identity); the two took a quarter of the server's CPU in a class of 200's
    # load bench, joins included
    body = json.dumps(message, separators=(",", ":")).encode()
    _component()(key="player", data=body, on_action_change=on_action)
