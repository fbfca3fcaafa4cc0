"""The server's memory and CPU, measured beside the load: its processes and their children."""

from __future__ import annotations

import contextlib
import os
import resource
import time

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
        """CPU seconds, with those of children already waited for: the kernel's own count of
        each process's run time, to the nanosecond, where /proc's counts in ticks of 10 ms (a
        teacher's Step costs the server a few ms)."""
        return self._sum(_cpu_seconds) if self.available else None

    @contextlib.contextmanager
    def apart(self):
        """While a measure of the server's CPU runs: the server's threads on the first core,
        this bench's on the others. On a machine of two cores the bench's own work (200
        tabs reading a Step) otherwise wakes on the server's core and preempts it, which a
        class's phones, each on its own machine, never do. Loopback still charges the
        server's writes with the tabs' receiving of them. Threads made meanwhile take their
        maker's cores; every thread gets all of them back after."""
        cores = sorted(os.sched_getaffinity(0))
        if len(cores) < 2 or not self.available:
            yield
            return
        servers = self.processes()
        self._pin(servers, {cores[0]})
        self._pin([psutil.Process()], set(cores[1:]))
        try:
            yield
        finally:
            self._pin(self.processes(), set(cores))
            self._pin([psutil.Process()], set(cores))

    @staticmethod
    def _pin(processes: list[psutil.Process], cores: set[int]) -> None:
        for p in processes:
            with contextlib.suppress(psutil.Error):
                for thread in p.threads():
                    with contextlib.suppress(OSError):  # a thread ended meanwhile
                        os.sched_setaffinity(thread.id, cores)

    def high_water(self) -> int | None:
        """The kernel's peak RSS of each process, summed (an upper bound of the peak)."""
        def hwm(p):
            with open(f"/proc/{p.pid}/status") as f:
                return next(int(line.split()[1]) * 1024 for line in f
                            if line.startswith("VmHWM:"))
        return self._sum(hwm) if self.available else None


def _cpu_seconds(p: psutil.Process) -> float:
    """A process's run time, its threads' whole (those ended too), from its CPU clock (Linux
    names a process's clock by its pid), and its waited-for children's in ticks."""
    times = p.cpu_times()
    try:
        own = time.clock_gettime(((~p.pid) << 3) | 2)  # CPUCLOCK_SCHED of the process
    except OSError:  # not Linux, or gone: the ticks
        own = times.user + times.system
    return own + times.children_user + times.children_system


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
