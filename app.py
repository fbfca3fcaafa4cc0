"""linreg: the page. Layout only: ui/ holds the widgets and callbacks, linreg/ computes,
the player (a component) moves the plots in the browser."""

from __future__ import annotations

import streamlit as st
import torch

from ui import controls, explorer, panels, player, session, style
from ui.session import ss, t
from ui.texts import texts

torch.set_num_threads(1)
player.ensure_plotly_js()

st.set_page_config(page_title="linreg", page_icon="📉", layout="wide")
session.init()
session.apply_action(ss.pop("pending_action", None))
session.apply_table_edits()
dark = getattr(st.context.theme, "type", None) == "dark"
words = texts(ss.lang)

controls.language_ui()
controls.data_ui()
controls.settings_ui(dark)
controls.view_ui()
controls.share_ui()
st.html(style.page_css(present=ss.present, words=words))

if ss.present:
    st.button(t("exit_present"), key="exit_present", on_click=session.leave_presentation)
else:
    st.title(t("title"))
    st.caption(t("intro"))
panels.notices_ui()
lab = ss.lab
player.mount(player.payload(lab, words, dark=dark, show_3d=ss.show_3d, present=ss.present,
                            reduced_motion=ss.calm), session.on_action)
if not ss.present:
    st.caption(t("engine_fast") if lab.state.engine == "fast" else t("engine_faithful"))
    tabs = st.tabs([t("tab_data"), t("tab_rates"), t("tab_code"), t("tab_export"),
                    t("tab_help")])
    with tabs[0]:
        panels.table_ui()
    with tabs[1]:
        explorer.explorer_ui(lab, words, dark)
    with tabs[2]:
        panels.code_ui()
    with tabs[3]:
        panels.export_ui()
    with tabs[4]:
        panels.help_ui()
session.sync_link()
