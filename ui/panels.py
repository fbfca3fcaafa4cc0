"""The tabs under the player: the data table, the code, the exports, the help."""

from __future__ import annotations

import streamlit as st

from linreg.codegen import lesson_code
from linreg.export import history_csv
from linreg.lab import Lab
from linreg.texts import texts
from player.offline import offline_html

from .changes import refresh_table
from .session import render_notice
from .state import locked, page, ss, word

TABLE_ROWS = 5000  # bigger data sets show their first rows, read-only
TEXT_ROWS = 12  # rows shown as text until the editable table is asked for


def notices_ui() -> None:
    for level, code, params in page().notices:
        getattr(st, level)(render_notice(code, params))
    if page().table.error:
        code, params = page().table.error
        st.error(render_notice(code, params) + " " + word("kept_last_good"))


def table_ui() -> None:
    lab: Lab = ss.lab
    st.caption(word("table_help"))
    st.caption(word("points_summary").format(n_train=lab.data.n_train, n_test=lab.data.n_test))
    base = page().table.base
    if len(base) > TABLE_ROWS:
        # a million rows would be tens of MB on every run: show the first ones, say so
        st.caption(word("table_first_rows").format(shown=TABLE_ROWS, n=len(base)))
        st.dataframe(base.head(TABLE_ROWS), height=300)
    elif st.toggle(word("table_edit"), key="table_edit", disabled=locked("data")):
        _table_editor()
    else:
        # the editable table's code is a sixth of a first visit's bytes: loaded when asked
        st.markdown(points_text(base))
    data = lab.data  # the CSV is written when the button is clicked
    st.download_button(word("download_csv"), data.to_csv, "points.csv", "text/csv",
                       on_click="ignore")


def points_text(frame) -> str:
    """The first points as a Markdown table (no script of its own to load)."""
    rows = [f"| {i} | {x:.6g} | {y:.6g} | {kind} |" for i, x, y, kind in
            zip(frame.index[:TEXT_ROWS], frame["x"], frame["y"], frame["set"], strict=False)]
    more = len(frame) - TEXT_ROWS
    tail = ["", word("table_more").format(n=more)] if more > 0 else []
    return "\n".join([f"| | x | y | {word('set')} |", "|---|---|---|---|", *rows, *tail])


def _table_editor() -> None:
    try:
        _editor()
    except Exception:  # noqa: BLE001 - the editor's state comes from the browser
        # Streamlit could not replay that state: start the table afresh from the points.
        refresh_table()
        st.warning(word("table_reset"))
        _editor()


def code_ui() -> None:
    lab: Lab = ss.lab
    st.caption(word("code_help"))
    forms = {"tensor": word("form_tensor"), "module": word("form_module")}
    form = st.radio(word("code_form"), list(forms), format_func=forms.get, horizontal=True,
                    key="code_form")
    code = lesson_code(lab.settings, lab.data, form, ss.lang)
    st.download_button(word("download_code"), code, "linreg_lesson.py", "text/x-python",
                       on_click="ignore")
    st.code(code, language="python", line_numbers=True)


def export_ui() -> None:
    lab: Lab = ss.lab
    st.caption(word("export_help"))
    # a copy: training may go on before the click
    history = {name: column.copy() for name, column in lab.state.history.arrays().items()}
    st.download_button(word("download_history"), lambda: history_csv(history),
                       "linreg-history.csv", "text/csv", on_click="ignore")
    st.caption(word("png_hint"))
    st.caption(word("offline_help"))
    settings, data, lang = lab.settings, lab.data, ss.lang  # the file is made on the click
    link = st.context.url or ""
    st.download_button(word("download_offline"),
                       lambda: offline_html(data, settings, texts(lang), lang, link),
                       "linreg-offline.html", "text/html", on_click="ignore",
                       key="download_offline")


def help_ui() -> None:
    st.markdown(word("help_body"))
    st.info(word("lesson_quirk"))
    st.markdown(word("keys_help"))


def _editor() -> None:
    table = page().table
    st.data_editor(
        table.base, key=f"editor_{table.version}", num_rows="dynamic",
        width="stretch", hide_index=False, disabled=locked("data"),
        column_config={
            "x": st.column_config.NumberColumn("x", required=True, format="%.6g"),
            "y": st.column_config.NumberColumn("y", required=True, format="%.6g"),
            "set": st.column_config.SelectboxColumn(word("set"), options=["train", "test"],
                                                    required=True, default="train"),
        },
    )
