"""Work run in a forked worker: same result and same errors as in-process, never a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from commons.background import in_background

REPO = Path(__file__).resolve().parent.parent


def _pid_and_square(n: int) -> tuple[int, int]:
    """Which process ran it, and n squared."""
    return os.getpid(), n * n


def _fails(n: int) -> int:
    """Always raises, in whichever process runs it."""
    raise ValueError(f"bad {n}")


def test_result_comes_from_a_worker_process():
    """The function runs in another process and its result comes back."""
    # In a fresh interpreter: threads other tests leave running (servers) rule out forking.
    script = (
        "import os, sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from commons.background import in_background\n"
        "pid, square = in_background(lambda n: (os.getpid(), n * n), 12)()\n"
        "print(square, pid != os.getpid())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.split() == ["144", "True"], result.stderr


def test_an_error_is_raised_in_the_caller():
    """A failing function fails again in the caller, with its own message."""
    wait = in_background(_fails, 3)
    with pytest.raises(ValueError, match="bad 3"):
        wait()


def test_with_other_threads_running_it_runs_here():
    """Forking beside other threads is unsafe (as under `mkdocs serve`): it runs in-process."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pid, square = in_background(_pid_and_square, 5)()
    finally:
        stop.set()
        thread.join()
    assert square == 25 and pid == os.getpid()


def test_a_caller_that_exits_without_reading_does_not_hang():
    """A result bigger than a pipe's buffer, never read: the program still ends at once."""
    script = (
        "import os, sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from commons.background import in_background\n"
        "in_background(str.__mul__, 'x', 10_000_000)\n"
        "os._exit(0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr


RUNS_HERE: list[int] = []


def _nothing() -> None:
    """Notes the process it ran in and returns None, a result like any other."""
    RUNS_HERE.append(os.getpid())


def test_none_is_a_result_like_any_other():
    """A function returning None runs in the worker only, not a second time in the caller."""
    assert in_background(_nothing)() is None
    assert RUNS_HERE == []


def test_workers_off_runs_the_work_here(monkeypatch):
    """`COMMONS_WORKERS=off` (the bench's switch) runs the function in this process."""
    monkeypatch.setenv("COMMONS_WORKERS", "off")
    pid, square = in_background(_pid_and_square, 7)()
    assert square == 49 and pid == os.getpid()
