"""Run a pure function in a forked worker while the caller goes on, and collect its result.

`COMMONS_WORKERS=off` in the environment runs every such function in the calling process
instead, with the same result: the bench measures the build both ways.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def workers_enabled() -> bool:
    """False when `COMMONS_WORKERS=off`: the work runs in the calling process."""
    return os.environ.get("COMMONS_WORKERS", "").lower() != "off"


def workers_can_fork() -> bool:
    """Whether `in_background` would fork: on, possible, and safe here."""
    # A worker is a daemon, which multiprocessing forbids to have children of its own.
    return (
        hasattr(os, "fork")
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
        and workers_enabled()
    )


def _send(unused_end, connection, func, args) -> None:
    """Worker side: send (True, result), or (False, None) when the function failed."""
    # Without its own copy of the reading end, the worker gets an error instead of waiting
    # forever when the caller exits without reading.
    unused_end.close()
    try:
        outcome = (True, func(*args))
    except BaseException:  # the caller computes it again in its own process and sees the error
        outcome = (False, None)
    try:
        connection.send(outcome)
    except BrokenPipeError:  # the caller exited without reading: nothing to report to
        pass
    connection.close()


def in_background(func: Callable[..., T], *args) -> Callable[[], T]:
    """Start `func(*args)` in a forked process; the returned callable waits for its result.

    The worker inherits the caller's memory, so nothing is copied in; only the (picklable)
    result comes back. Where forking is unsafe or impossible (no fork; other threads running,
    as under `mkdocs serve`; already in a worker), where `COMMONS_WORKERS=off`, or when the
    worker fails, the function runs in this process instead, so the result and any error are
    the same either way.
    """
    if not workers_can_fork():
        result = func(*args)
        return lambda: result
    # The worker inherits unwritten output buffers and would write them a second time.
    sys.stdout.flush()
    sys.stderr.flush()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_send, args=(receiver, sender, func, args), daemon=True)
    worker.start()
    sender.close()
    outcome: list = []

    def wait() -> T:
        """The function's result, computed here if the worker did not deliver it."""
        if not outcome:
            try:
                delivered, result = receiver.recv()
            except EOFError:  # the worker died before it could answer
                delivered, result = False, None
            receiver.close()
            worker.join()
            outcome.append(result if delivered else func(*args))
        return outcome[0]

    return wait
