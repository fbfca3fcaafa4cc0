"""bench/meter.py: the server's CPU as the class bench counts a teacher's Step, a few ms."""

import subprocess
import sys

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
