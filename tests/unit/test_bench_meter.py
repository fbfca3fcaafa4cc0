"""bench/meter.py: the server's CPU as the class bench counts a teacher's Step, a few ms."""

import os
import subprocess
import sys
import threading

import pytest

from bench.meter import Meter

# A child that spends the CPU time asked on each line of its input, by its own clock.
SPEND = """
import sys, time
for line in sys.stdin:
    start = time.process_time()
    while time.process_time() - start < float(line) / 1000:
        pass
    print("spent", flush=True)
"""


def test_the_servers_cpu_is_counted_finer_than_the_kernels_ticks():
    """/proc counts a process's CPU in ticks of 10 ms; a Step costs a few ms, so the meter
    reads the process's own CPU clock: 3 ms spent read as 3 ms, each time."""
    child = subprocess.Popen([sys.executable, "-c", SPEND], text=True, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE)
    try:
        meter = Meter([child.pid])
        child.stdin.write("0\n")  # its start, done
        child.stdin.flush()
        assert child.stdout.readline() == "spent\n"
        for _ in range(5):
            before = meter.cpu()
            child.stdin.write("3\n")
            child.stdin.flush()
            assert child.stdout.readline() == "spent\n"
            spent = (meter.cpu() - before) * 1000
            assert 3.0 <= spent < 4.0, spent  # its reading a line and writing one besides
    finally:
        child.stdin.close()
        child.wait()


# A child with a second thread, which says which cores each of its threads may run on.
CORES = """
import os, sys, threading
def cores():
    return sorted(os.sched_getaffinity(threading.get_native_id()))
other = threading.Thread(target=lambda: [print("other", cores(), flush=True)
                                         for _ in sys.stdin])
other.start()
print("ready", flush=True)
other.join()
"""


def test_the_server_measured_apart_runs_on_one_core_and_the_bench_on_the_others():
    """meter.apart keeps a measure's bench off the server's core (both its threads), and
    gives every thread all the cores back after."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        pytest.fail("this test needs two cores, as CI's machine has")
    child = subprocess.Popen([sys.executable, "-c", CORES], text=True, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE)

    def childs_cores() -> str:
        child.stdin.write("\n")
        child.stdin.flush()
        return child.stdout.readline()

    try:
        assert child.stdout.readline() == "ready\n"
        meter = Meter([child.pid])
        with meter.apart():
            assert childs_cores() == f"other {cores[:1]}\n"
            assert sorted(os.sched_getaffinity(child.pid)) == cores[:1]  # its main thread
            assert sorted(os.sched_getaffinity(threading.get_native_id())) == cores[1:]
        assert childs_cores() == f"other {cores}\n"
        assert sorted(os.sched_getaffinity(child.pid)) == cores
        assert sorted(os.sched_getaffinity(threading.get_native_id())) == cores
    finally:
        child.stdin.close()
        child.wait()
