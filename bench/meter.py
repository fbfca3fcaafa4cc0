"""The server's memory and CPU, measured beside the load: its processes and their children."""

from __future__ import annotations

import contextlib
import resource

import gevent
import psutil

MB = 1024 * 1024


class Meter:
    """Memory and CPU of the server: its processes and their children."""

    def __init__(self, pids: list[int]):
        self.pids = pids

    @property
    def available(self) -> bool:
        return bool(self.pids)

    def processes(self) -> list[psutil.Process]:
        found = []
        for pid in self.pids:
            with contextlib.suppress(psutil.Error):
                top = psutil.Process(pid)
                found += [top, *top.children(recursive=True)]
        return found

    def _sum(self, read) -> float:
        total = 0
        for p in self.processes():
            with contextlib.suppress(psutil.Error):  # gone meanwhile
                total += read(p)
        return total

    def rss(self) -> int | None:
        return self._sum(lambda p: p.memory_info().rss) if self.available else None

    def cpu(self) -> float | None:
        """CPU seconds, with those of children already waited for."""
        return self._sum(lambda p: sum(p.cpu_times()[:4])) if self.available else None

    def cpu_modes(self) -> tuple[float, float] | None:
        """CPU seconds as cpu() counts them, in user mode and in the kernel apart."""
        if not self.available:
            return None
        times = []
        for p in self.processes():
            with contextlib.suppress(psutil.Error):  # gone meanwhile
                times.append(p.cpu_times())
        return (sum(t.user + t.children_user for t in times),
                sum(t.system + t.children_system for t in times))

    def high_water(self) -> int | None:
        """The kernel's peak RSS of each process, summed (an upper bound of the peak)."""
        def hwm(p):
            with open(f"/proc/{p.pid}/status") as f:
                return next(int(line.split()[1]) * 1024 for line in f
                            if line.startswith("VmHWM:"))
        return self._sum(hwm) if self.available else None


class PeakSampler:
    """The largest RSS seen, sampled while a phase runs (a greenlet: under Locust)."""

    def __init__(self, meter: Meter, every: float = 0.2):
        self.meter, self.every, self.peak = meter, every, None

    def _run(self) -> None:
        while True:
            self.peak = max(self.peak or 0, self.meter.rss())
            gevent.sleep(self.every)

    def __enter__(self) -> PeakSampler:
        self._greenlet = gevent.spawn(self._run) if self.meter.available else None
        return self

    def __exit__(self, *exc) -> None:
        if self._greenlet is not None:
            self._greenlet.kill()
            self.peak = max(self.peak or 0, self.meter.rss())


def process_cpu() -> float:
    """CPU seconds of this client process, to show whether it was the limit."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
