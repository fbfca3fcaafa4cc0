"""Benchmarks: every figure a ratio or rate against a baseline measured in the same run."""
