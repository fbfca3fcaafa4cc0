"""asyncio.run in a thread of its own: in a whole `make test`, the browser tests' Playwright
keeps an event loop running in the main thread for the session, where asyncio.run refuses."""

from __future__ import annotations

import asyncio
import threading


def run(coroutine):
    result: list = []

    def target() -> None:
        try:
            result.append((True, asyncio.run(coroutine)))
        except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
            result.append((False, error))

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    ok, value = result[0]
    if not ok:
        raise value
    return value
