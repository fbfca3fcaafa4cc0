"""What the tests and the benchmarks share to drive the real page: a server (server.py) and
Chromium (browsing.py).

Neither bench/ nor deploy/ imports tests/; both may import this.
"""
