"""The tables the benchmarks print: a row a figure, with its unit, its goal and a note;
`make load`'s rows also say whether the goal was met."""

from __future__ import annotations

import sys

from .meter import MB
from .stats import percentile


def print_header(first: str = "figure", width: int = 56, results: bool = False) -> None:
    """The table's head: `first` names the figures, `width` their column."""
    result = f" {'result':6} |" if results else ""
    print(f"| {first:{width}} | {'value':>9} | {'unit':8} | {'goal':7} |{result} note")
    print(f"|{'-' * (width + 2)}|{'-' * 11}|{'-' * 10}|{'-' * 9}|"
          + ("-" * 8 + "|" if results else "") + "-" * 30)


def print_row(row: dict, width: int = 56) -> None:
    """One figure, as soon as it is measured."""
    value = row["value"]
    value = "-" if value is None else (f"{value:9.3g}" if isinstance(value, float)
                                       else f"{value:9}")
    result = f" {row['result']:6} |" if "result" in row else ""
    print(f"| {row['name']:{width}} | {value:>9} | {row['unit']:8} | {row['goal']:7} |{result} "
          f"{row['note']}")
    sys.stdout.flush()


# ---------------------------------------------------------------- make load's figures

def row(name: str, value, unit: str, goal: str = "", passed: bool | None = None,
        note: str = "") -> dict:
    """A figure of `make load`'s table; its result says whether it met its goal."""
    if value is None:
        result = "n/a"
    elif passed is None:
        result = "info"
    else:
        result = "pass" if passed else "FAIL"
    return {"name": name, "value": value, "unit": unit, "goal": goal, "result": result,
            "note": note}


def mb(value) -> str:
    return "n/a" if value is None else f"{value / MB:.0f} MB"


def in_mb(value) -> float | None:
    return None if value is None else value / MB


def rows_for(figures: dict, args) -> list[dict]:
    out = []
    p = figures.get("play")
    if p:
        n, done = p["sessions"], p["finished"]
        pace = "flat out" if args.speed == 0 else f"{args.speed or 100:g} epochs/s playback"
        out.append(row(f"{n} sessions press Play at once: runs finished", done, "runs",
                       f"= {n}", done == n, f"{p['player_requests']} player requests; {pace}; "
                       f"within {p['timeout']:g} s"))
        out.append(row("  wall time from Play to the last finish", p["wall_to_last_finish"],
                       "s", note=f"of {done} finished; epochs "
                       f"{'/'.join(map(str, p['ends'])) or '?'}"))
        if p["reached"]:
            out.append(row("  epoch shown when time ran out, median",
                           round(percentile(p["reached"], 50)), "epoch",
                           note=f"lowest {round(p['reached'][0])}"))
        p95 = p["step_p95"]
        out.append(row("  Step meanwhile (BackMsg to script_finished), p50", p["step_p50"], "s",
                       note=f"{p['steps']} presses"))
        out.append(row("  Step meanwhile, p95", p95, "s", "< 0.5",
                       None if p95 is None else p95 < 0.5,
                       "" if p["step_max"] is None else f"max {p['step_max']:.2f} s"))
        out.append(row("  Step on the idle server, p50", p["idle_step_p50"], "s",
                       note=f"{p['idle_steps']} presses before Play"))
        out.append(row(f"  page load with {n + 1} tabs opening at once, p95", p["load_p95"], "s",
                       note=f"{p['loaded']} page loads for {n + 1} tabs"))
        if p["server_cpu_seconds"] is not None and p["played_seconds"]:
            out.append(row("  server CPU while they play",
                           p["server_cpu_seconds"] / p["played_seconds"], "cores",
                           note=f"this client used {p['client_cpu_seconds']:.1f} s CPU in "
                                f"{p['played_seconds']:.0f} s"))
    u = figures.get("burst")
    if u:
        n, right, lesson = u["sessions"], u["lessons_numbers"], u["lesson_pages"]
        setups = "" if u["setups"] == 1 else f" ({u['setups']} setups)"
        out.append(row(f"{n} sessions press Run to end at once{setups}: answered", u["answered"],
                       "pages", f"= {n}", u["answered"] == n,
                       f"{u['pressed']} pressed; each showed its run's last epoch"))
        out.append(row("  pages on the lesson's setup showing its last line", right, "pages",
                       f"= {lesson}", right == lesson,
                       "W 1.971, b 0.066, cost 0.000633 at epoch 1000"))
        out.append(row("  time to the answer, p50", u["answer_p50"], "s", "< 2",
                       None if u["answer_p50"] is None else u["answer_p50"] < 2,
                       "from each press to its run's script_finished"))
        out.append(row("  time to the answer, p95", u["answer_p95"], "s"))
        out.append(row("  time to the answer, max", u["answer_max"], "s", "< 5",
                       None if u["answer_max"] is None else u["answer_max"] < 5,
                       "" if u["spread_of_presses"] is None
                       else f"presses sent within {u['spread_of_presses'] * 1000:.0f} ms"))
        if u["server_cpu_seconds"] is not None:
            out.append(row("  server CPU for the burst", u["server_cpu_seconds"], "s"))
    c = figures.get("connected")
    if c:
        peak = c["rss_peak"]
        out.append(row(f"{c['sessions']} sessions connected: server peak RSS", in_mb(peak),
                       "MB", "< 600", None if peak is None else peak < 600 * MB,
                       f"{c['loaded']} loaded; idle before: {mb(c['rss_before'])}; "
                       f"VmHWM {mb(c['high_water'])}"
                       + (f"; summed over {c['processes']} processes"
                          if c["processes"] > 1 else "")))
        out.append(row("  page load, p95", c["load_p95"], "s"))
    t = figures.get("closed")
    if t:
        idle = t.get("idle_after")
        note = t.get("skipped") or (
            f"{t['epochs']} epochs; CPU {t.get('cpu_share_while_playing') or 0:.0%} of a core "
            f"while playing; idle = under {t['idle_share']:.0%} for 1 s")
        if t.get("ended_before_close"):
            note += "; the run ended before the tab closed"
        out.append(row("closed tab mid-run: until server CPU is idle", idle, "s", "< 2",
                       None if idle is None else idle < 2, note))
    y = figures.get("cycles")
    if y:
        growth = y["growth"]
        out.append(row(f"{y['cycles']} connect/train/disconnect cycles: completed",
                       y["completed"], "cycles", f"= {y['cycles']}", y["completed"] == y["cycles"],
                       f"{y['parallel']} at a time; {y['seconds']:.0f} s"))
        out.append(row("  server RSS before", in_mb(y["rss_before"]), "MB"))
        out.append(row("  server RSS after", in_mb(y["rss_after"]), "MB",
                       note=f"{y['settle_seconds']:g} s after"))
        out.append(row("  growth", in_mb(growth), "MB", "< 100",
                       None if growth is None else growth < 100 * MB,
                       f"peak {mb(y['rss_peak'])}; includes the closed sessions Streamlit "
                       "keeps for reconnects (up to 128, 2 min)"))
        curve = y["rss_by_cycle"]
        if len(curve) >= 2:
            half = [(n, r) for n, r in curve if n >= curve[-1][0] / 2]
            out.append(row("  growth over the second half of the cycles",
                           (half[-1][1] - half[0][1]) / MB, "MB",
                           note=f"cycles {half[0][0]} to {half[-1][0]}; RSS by cycle: "
                                + ", ".join(f"{n}:{r / MB:.0f}" for n, r in curve)))
    return out
