"""What the tests and the benchmarks share to drive the real page: a server and Chromium.

Neither bench/ nor deploy/ imports tests/; both may import this.
"""
