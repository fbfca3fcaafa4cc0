"""A slow network between a page and its server, on loopback: a TCP proxy that hands on
every byte, each way, a fixed time after it came (a phone on school Wi-Fi, for the tests of
what a page makes of its clock). Runs in a thread of its own; stopped with `stop`."""

from __future__ import annotations

import asyncio
import contextlib
import threading


class SlowLink:
    def __init__(self, port: int, delay_seconds: float):
        self.target, self.delay = port, delay_seconds
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        if not self.ready.wait(10):
            raise RuntimeError("the slow link did not start")
        self.url = f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            asyncio.start_server(self._connection, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()

    async def _connection(self, reader, writer) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                "127.0.0.1", self.target)
        except OSError:
            writer.close()
            return
        # stop() cancels this: asyncio would log the cancel as an error. The sockets stay
        # open until the loop ends, so no page sees a broken answer.
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(self._carry(reader, upstream_writer),
                                 self._carry(upstream_reader, writer), return_exceptions=True)

    async def _carry(self, reader, writer) -> None:
        """One way of a connection: what was read, written `delay` later, in order."""
        loop, queue = asyncio.get_running_loop(), asyncio.Queue()

        async def hand_on() -> None:
            while True:
                due, data = await queue.get()
                await asyncio.sleep(max(0.0, due - loop.time()))
                if not data:
                    break
                writer.write(data)
                await writer.drain()
            writer.close()

        handing = asyncio.create_task(hand_on())
        try:
            while data := await reader.read(1 << 16):
                queue.put_nowait((loop.time() + self.delay, data))
        except OSError:
            pass
        queue.put_nowait((loop.time() + self.delay, b""))
        await handing

    def stop(self) -> None:
        """Closes the listener and every connection it carries, then its loop."""
        async def close() -> None:
            self.server.close()
            carrying = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in carrying:
                task.cancel()
            await asyncio.gather(*carrying, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
