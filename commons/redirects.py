"""Old addresses that keep working: one small HTML page per address, pointing to the new one.

Static hosts cannot answer a query string (`/index.php?title=X`) from a file, so those
addresses, and all others, are also written to `redirects.map` for a server configuration.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from commons.indexes import relative


def redirect_html(target: str) -> str:
    """A page that sends readers (and search engines) to `target` at once."""
    href = escape(target)
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8"><title>Moved</title>'
        f'<link rel="canonical" href="{href}"><meta name="robots" content="noindex">'
        f'<meta http-equiv="refresh" content="0; url={href}"></head>'
        f'<body><p>This page has moved: <a href="{href}">{href}</a></p></body></html>\n'
    )


def source_path(address: str, root: str) -> str | None:
    """The site path (relative to the site folder) that serves an old address, if a file can."""
    if "?" in address:
        return None
    path = address.lstrip("/") if address.startswith("/") else root + address
    return path if path.endswith("/") else path + "/"


def write_redirects(site_dir: Path, redirects: list | None, root: str, first: bool) -> int:
    """Write the redirect pages of one language build; the first build also writes root ones."""
    written = 0
    lines = []
    for item in redirects or []:
        address, target = item["from"], item["to"]
        if address.startswith("/") and not first:
            continue
        target_path = target.lstrip("/") if target.startswith("/") else root + target
        path = source_path(address, root)
        lines.append(
            f"{address if address.startswith('/') else '/' + root + address} /{target_path}"
        )
        if path is None:
            continue
        page = site_dir / path / "index.html"
        if page.exists():
            continue
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(redirect_html(relative(path, target_path)), encoding="utf-8")
        written += 1
    if lines:
        with (site_dir / "redirects.map").open("w" if first else "a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    return written
