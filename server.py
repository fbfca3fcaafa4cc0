"""The server: the page (app.py), plus one route of our own, where a page in a live class
waits for the class's next version (linreg/classroom/signals.py explains the wait).

    streamlit run server.py      (what `make run` does)
"""

from __future__ import annotations

import re

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import JSONResponse
from starlette.routing import Route

from delivery import GzipAssets, preload
from linreg.classroom import signals
from ui.player import plotly_sources

WAIT_SECONDS = 25.0  # under nginx's 60 s proxy_read_timeout
SIGNAL = re.compile(r"[0-9a-f]{24}")
NO_STORE = {"Cache-Control": "no-store"}


async def class_version(request):
    signal = request.path_params["signal"]
    after = request.query_params.get("after", "-1")
    if not SIGNAL.fullmatch(signal) or not re.fullmatch(r"-?\d{1,18}", after):
        return JSONResponse({"error": "bad request"}, status_code=400, headers=NO_STORE)
    version = await signals.SIGNALS.wait(signal, int(after), WAIT_SECONDS)
    if version is None:
        return JSONResponse({"error": "no page of this server is in that class"},
                            status_code=404, headers=NO_STORE)
    return JSONResponse({"version": version}, headers=NO_STORE)


signals.SERVED = True
app = st.App("app.py", routes=[Route("/class/{signal}", class_version, methods=["GET"])],
             middleware=[Middleware(GzipAssets,
                                    head=preload(plotly_sources()["plot2d"]))])
