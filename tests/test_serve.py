"""`mkdocs serve` on a fixture site: the first build, then rebuilds after an edit and a mistake.

An edit to a case shows first in that case's pages, in every language (`commons.preview`),
then in the whole site.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import assemble


def _free_port() -> int:
    """A TCP port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, text: str, seconds: float = 90) -> str:
    """The page at `url` once it contains `text`; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = response.read().decode("utf-8")
            if text in last:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}; last response began {last[:200]!r}")


def _wait_for_log(log: Path, text: str, seconds: float = 90) -> str:
    """The server's log once it contains `text`; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        output = log.read_text(encoding="utf-8", errors="replace")
        if text in output:
            return output
        time.sleep(0.5)
    raise AssertionError(f"the log never showed {text!r}:\n{output[-3000:]}")


def test_serve_rebuilds_after_an_edit_and_reports_a_mistake(tmp_path):
    """An edited case shows after the rebuild; a broken one is reported, and serving goes on."""
    root = assemble("site", tmp_path / "site")
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            # Ctrl-C works in the server even when these tests run where it is ignored.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    try:
        page = f"http://127.0.0.1:{port}/fr/cases/la-borda/"
        _wait_for(page, "La Borda")
        case = root / "cases/la-borda.en.md"
        source = case.read_text(encoding="utf-8")
        # `years` is language-neutral: the French page shows the English file's new value.
        case.write_text(source.replace("{start: 2012}", "{start: 2011}", 1), encoding="utf-8")
        _wait_for(page, "depuis 2011")
        # The edited page, in every language, came first, then the whole site.
        _wait_for_log(log, "previewed 3 page(s)")
        for lang, since in (("", "since 2011"), ("ar/", "منذ 2011")):
            _wait_for(f"http://127.0.0.1:{port}/{lang}cases/la-borda/", since)

        broken = root / "cases/late-mistake.en.md"
        broken.write_text("---\ntitle: A late mistake\ncountry: Spain\n---\nText.\n", "utf-8")
        output = _wait_for_log(log, "cases/late-mistake.en.md:3:10:")
        assert "Traceback" not in output
        broken.unlink()
        case.write_text(source.replace("{start: 2012}", "{start: 2010}", 1), encoding="utf-8")
        _wait_for(page, "depuis 2010")
        assert server.poll() is None, log.read_text(encoding="utf-8")
    finally:
        # As Ctrl-C stops it: `mkdocs serve` then removes its folders, and the preview's.
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.terminate()
            server.wait(timeout=30)
