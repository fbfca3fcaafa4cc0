"""One person's Lab: the data, the settings and the run, and what the buttons do to them.

Plain Python (no Streamlit), so the page's behaviour can be tested directly. Every action
advances training through linreg.train.step, the one step function.
"""

from __future__ import annotations

import time

import numpy as np

from .dataset import Dataset
from .edits import edit_points
from .presets import preset
from .questions import Answer, Verdict, judge
from .settings import Settings
from .train import COLUMNS, TrainState, engine_for, look_ahead, step
from .trajectories import SHARED, Trajectories

UNDO_DEPTH = 20
# A page that follows a class's teacher trains the class's run to its end once for the whole
# server (linreg.trajectories), when the rest of it is this short; a longer one is stepped.
SHARED_FOLLOW_EPOCHS = 3000
# Training computed per request while playing, in this thread's CPU time: with a class of
# sessions sharing the interpreter, a wall-clock budget would train a few epochs per request
# and multiply the requests. A wall-clock cap keeps each answer prompt all the same.
AHEAD_SECONDS = 0.3  # a stretch; the player asks for the next 2 s of playback before its end
FIRST_AHEAD_SECONDS = 0.08  # a short first stretch, so playback starts at once
AHEAD_WALL_SECONDS = 1.0


class Lab:
    def __init__(self, data: Dataset | None = None, settings: Settings | None = None,
                 runs: Trajectories = SHARED):
        self.runs = runs  # runs to the end computed for every session of this server
        self.data = data or preset("lesson")
        self.settings = settings or Settings()
        self.state = TrainState(self.data, self.settings,
                                engine=engine_for(self.data, self.settings))
        self.playing = False
        self.play_token = 0  # changes on every Play, so the player knows a new one began
        self.shown_epoch = 0  # the epoch on screen; behind state.epoch while playing
        self.data_version = 0  # bumped on every change of the points, for caches
        self.cache: dict = {}  # drawn figures and the like, keyed by what they depend on
        self.undo_stack: list[tuple[Dataset, Settings]] = []  # before each change by hand
        self.play_until: int | None = None  # Play stops here (a prediction's N steps)
        self.verdict: Verdict | None = None  # the last prediction, judged
        # rows the step function computed past the epoch the run stands on, kept when it
        # went back (a class's page following its teacher): (where they start, rows, how
        # the run ended), valid while the run stands where they start
        self._future: tuple | None = None

    # ---- the buttons
    def step(self, epochs: int = 1) -> None:
        self._stop_at(self.shown_epoch)
        target = min(self.state.epoch + epochs, max(self.settings.epochs, self.state.epoch))
        if target > self.state.epoch:
            step(self.state, target - self.state.epoch)
        self.shown_epoch = self.state.epoch

    def step_to(self, epoch: int) -> None:
        """Train up to `epoch`, the epoch the player already shows: it drew a Step at once
        from the rows sent ahead. A repeated or late message changes nothing."""
        self._stop_at(self.shown_epoch)
        self.step(max(0, int(epoch) - self.state.epoch))

    def go_to(self, epoch: int) -> None:
        """Stand still on `epoch` (within the run): back to a recorded epoch, or on to it; a
        class's pages follow the teacher's this way, sharing one run of the class."""
        self._stop_at(self.shown_epoch)
        epoch = max(0, min(int(epoch), self.settings.epochs))
        if epoch < self.state.epoch:
            self._back_to(epoch)
        elif epoch > self.state.epoch:
            self._take_future(epoch)
        # the rest of a short run at hand, so the teacher's next Steps cost nothing here
        if (self._known_future() is None and not self.state.finished
                and self.settings.epochs - self.state.epoch <= SHARED_FOLLOW_EPOCHS):
            self.runs.run_to_end(self.state)  # copied when another page computed it
            if self.state.epoch > epoch:
                self._back_to(epoch)
        if epoch > self.state.epoch:
            step(self.state, epoch - self.state.epoch)
        self.shown_epoch = self.state.epoch

    def rows_ahead(self, epochs: int) -> dict:
        """The history rows of the next `epochs` epochs (fewer where the run diverges),
        leaving the run as it is: from the rows kept past here, or trained on a copy."""
        known = self._known_future()
        if known is not None:
            rows, divergence = known
            if len(rows) >= epochs or divergence is not None:
                return {name: rows[:epochs, i].copy() for i, name in enumerate(COLUMNS)}
        return look_ahead(self.state, epochs)

    def _where(self) -> tuple:
        s = self.state
        return (s, self.data_version, self.settings, s.epoch, s.W, s.b)

    def _back_to(self, epoch: int) -> None:
        """Rewind to a recorded epoch, keeping the rows after it for a later go_to."""
        rows, divergence = self.state.history.rows_after(epoch), self.state.divergence
        known = self._known_future()  # rows kept past the epoch it stood on stay kept
        if known is not None:
            rows, divergence = np.concatenate([rows, known[0]]), known[1]
        self.state.rewind(epoch)
        self._future = (self._where(), rows, divergence) if len(rows) else None

    def _known_future(self) -> tuple | None:
        if self._future is None:
            return None
        (state, *where), rows, divergence = self._future
        now = self._where()
        if state is not now[0] or tuple(where) != now[1:]:
            self._future = None
            return None
        return rows, divergence

    def _take_future(self, epoch: int) -> None:
        """Adopt the kept rows up to `epoch` (as trained by the step function before)."""
        known = self._known_future()
        if known is None:
            return
        rows, divergence = known
        wanted = epoch - self.state.epoch
        take = min(wanted, len(rows))
        # the run diverges only on the way past its last finite row, as stepping finds out
        self.state.adopt(rows[:take], divergence if wanted > len(rows) else None)
        rest = rows[take:]
        self._future = (self._where(), rest, divergence) if len(rest) else None

    def run_to_end(self) -> None:
        self._stop_at(self.shown_epoch)
        self.runs.run_to_end(self.state)  # copied when another session computed it
        self.shown_epoch = self.state.epoch

    def reset(self) -> None:
        self.playing = False
        self.verdict = None
        self.state = TrainState(self.data, self.settings,
                                engine=engine_for(self.data, self.settings))
        self.shown_epoch = 0

    def play(self, until: int | None = None) -> None:
        """Start playing from the epoch on screen (up to `until`, or the end); training runs
        ahead of the player."""
        self._stop_at(self.shown_epoch)
        if self.state.finished:
            if self.state.diverged:
                return
            self.reset()  # Play at the end starts over, like a video
        self.play_until = until
        self.playing = True
        self.play_token += 1
        self.train_ahead(FIRST_AHEAD_SECONDS)

    def train_ahead(self, seconds: float = AHEAD_SECONDS) -> None:
        """Compute more epochs for the player, within a time budget."""
        cpu_deadline = time.thread_time() + seconds
        wall_deadline = time.perf_counter() + max(seconds, AHEAD_WALL_SECONDS)
        target = self.end_of_play
        while self.state.epoch < target and step(self.state):
            if time.thread_time() > cpu_deadline or time.perf_counter() > wall_deadline:
                break

    @property
    def end_of_play(self) -> int:
        """The epoch this playback stops at."""
        end = self.settings.epochs
        return end if self.play_until is None else min(end, self.play_until)

    def predict(self, answer: Answer) -> Verdict:
        """A prediction about the run from the epoch on screen (from the start when the run
        is over), judged by the core; then the run shows the truth: it plays to the end (a
        rate), plays N steps (a place), or takes one step (the next W)."""
        self._stop_at(self.shown_epoch)
        if self.state.finished:
            self.reset()
        verdict = judge(self.state, answer)
        if answer.kind == "next_W":
            self.step(1)
        else:
            self.play(until=verdict.reveal_at if answer.kind == "where_after" else None)
        self.verdict = verdict
        return verdict

    def pause(self, epoch: int) -> None:
        """Stop on the epoch the player shows; training that ran ahead is dropped."""
        self._stop_at(epoch)

    def showing(self, epoch: int) -> None:
        """The player reports the epoch on screen (with every action it sends)."""
        if self.playing:
            self.shown_epoch = max(0, min(int(epoch), self.state.epoch))

    def _stop_at(self, epoch: int) -> None:
        """End playback on `epoch` (what the player shows); when idle, the state stands."""
        if self.playing:
            epoch = max(0, min(int(epoch), self.state.epoch))
            if epoch < self.state.epoch:
                self.state.rewind(epoch)
        self.playing = False
        self.shown_epoch = self.state.epoch

    # ---- changes
    def change_settings(self, settings: Settings) -> None:
        """A new initial W or b starts over; anything else continues from the current W, b."""
        self._stop_at(self.shown_epoch)
        old, self.settings = self.settings, settings
        self.verdict = None  # a prediction was about the old settings
        if (settings.w0, settings.b0) != (old.w0, old.b0) or self.state.epoch == 0:
            self.reset()
            return
        if settings.epochs < self.state.epoch:  # a shorter run ends where it now ends
            self.state.rewind(settings.epochs)
        self.state.reconfigure(settings, engine=engine_for(self.data, settings))
        self.shown_epoch = self.state.epoch

    def change_data(self, data: Dataset, restart: bool) -> None:
        """New points: a new data set starts over; an edited one continues training."""
        self._stop_at(self.shown_epoch)
        self.data = data
        self.data_version += 1
        self.verdict = None
        if restart or self.state.epoch == 0:
            self.reset()
        else:
            self.state.reconfigure(data=data, engine=engine_for(data, self.settings))
            self.shown_epoch = self.state.epoch

    # ---- edits by hand (on the plots or in the table), which Undo takes back
    def remember(self) -> None:
        self.undo_stack.append((self.data, self.settings))
        del self.undo_stack[:-UNDO_DEPTH]

    def edit_points(self, edit) -> None:
        """Add, move or delete a point; training goes on with the new points, and a
        playing run keeps playing from the epoch on screen."""
        data = edit_points(self.data, edit)  # raises InputError, nothing changed
        self.remember()
        self._continue_with(data=data)

    def edit_start(self, settings: Settings) -> None:
        """A new start (W, b): the path starts over there, playing if it was."""
        was_playing = self.playing
        self.remember()
        self.change_settings(settings)
        if was_playing:
            self.play()

    def undo(self) -> bool:
        if not self.undo_stack:
            return False
        data, settings = self.undo_stack.pop()
        if (settings.w0, settings.b0) != (self.settings.w0, self.settings.b0):
            self.change_settings(settings)
        self._continue_with(data=data)
        return True

    def _continue_with(self, data: Dataset) -> None:
        if data == self.data:
            return
        if not self.playing:
            self.change_data(data, restart=False)
            return
        self._stop_at(self.shown_epoch)
        self.change_data(data, restart=False)
        self.playing = True
        self.play_token += 1  # the player starts again from the epoch it showed
        self.train_ahead(FIRST_AHEAD_SECONDS)
