"""The workshop kit: the site as zips that open from a folder or USB stick, and handbooks.

`commons bundle` builds the site with Material's offline plugin, a local copy of the
iframe-worker shim (so search runs from file:// without unpkg), links that name their
`index.html`, and one search index per language. Zips are reproducible: entries sorted,
times and permissions fixed to the commit, so two bundles of one commit are identical.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import yaml

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.corpus import CASES

SHIM_SOURCE = "node_modules/iframe-worker/shim/index.js"
PROJECT = Path(__file__).resolve().parent.parent
SHIM_TARGET = "assets/javascripts/iframe-worker-shim.js"
OFFLINE_CONFIG = ".mkdocs-offline.yml"
# Zips cannot store times before 1980.
_ZIP_EPOCH = 315532800
# Internal links written for a web server (`cases/la-borda/`); a folder opens as a listing.
# Relative links only: a root-absolute one (the 404 pages') means the web server's root.
_DIRECTORY_LINK = re.compile(
    r'((?:href|src)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"#?]*?/)([#?][^"]*)?"'
)


class BundleError(Exception):
    """Something the kit needs is missing; the message says what to do."""


def commit_of(root: Path) -> tuple[str, int]:
    """The commit being bundled and its time (seconds); a folder outside git gives zeros."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%H %ct"], cwd=root, capture_output=True, text=True
        )
    except OSError:
        return "unknown", _ZIP_EPOCH
    if result.returncode != 0 or not result.stdout.strip():
        return "unknown", _ZIP_EPOCH
    commit, when = result.stdout.split()
    return commit, max(int(when), _ZIP_EPOCH)


def offline_config(root: Path, site_dir: Path) -> Path:
    """Write the project's mkdocs.yml with the offline plugin and the local shim."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [p for p in config.get("plugins", []) if p != "offline"]
    # After i18n, as static-i18n requires of plugins that rewrite the built site.
    config["plugins"] = [*plugins, "offline"]
    extra = config.setdefault("extra", {})
    extra["polyfills"] = [SHIM_TARGET]
    config["site_dir"] = str(site_dir)
    path = root / OFFLINE_CONFIG
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_offline(root: Path, site_dir: Path, epoch: int) -> None:
    """Build the offline site into `site_dir`; raise BundleError with MkDocs' output on failure."""
    # A content repository may lean on this project's installed copy (tests, forks).
    shim = next(
        (base / SHIM_SOURCE for base in (root, PROJECT) if (base / SHIM_SOURCE).is_file()),
        root / SHIM_SOURCE,
    )
    if not shim.is_file():
        raise BundleError(f"{SHIM_SOURCE} is missing: run `make install` (it runs `npm ci`)")
    config = offline_config(root, site_dir)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        config.unlink(missing_ok=True)
    if result.returncode != 0:
        raise BundleError("the offline build failed:\n" + result.stdout + result.stderr)
    target = site_dir / SHIM_TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shim, target)
    name_index_files(site_dir)


def name_index_files(site_dir: Path) -> None:
    """Make every internal link to a folder name the file it means, as file:// needs.

    Offline, MkDocs writes `cases/la-borda.html` and `cases/index.html`; links written for a
    web server (`la-borda/`, `../cases/`) are pointed at whichever of the two exists.
    """
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")

        def fix(match: re.Match, folder: Path = page.parent) -> str:
            link = match[2]
            target = (folder / link).resolve()
            if (target / "index.html").is_file():
                named = f"{link}index.html"
            elif target.with_suffix(".html").is_file() and link not in ("./", "../"):
                named = link.rstrip("/") + ".html"
            else:
                return match[0]
            return f'{match[1]}{named}{match[3] or ""}"'

        fixed = _DIRECTORY_LINK.sub(fix, text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _language_of(rel: str) -> str:
    """The language whose kit a site file belongs to (`shared` for assets and the like)."""
    first = rel.split("/", 1)[0]
    if first in LANGUAGES and first != SOURCE_LANGUAGE:
        return first
    # The case index's card files sit beside it, as its pages do.
    if rel.endswith(".html") or rel.startswith(("search/", "feed.xml", f"{CASES.folder}/")):
        return SOURCE_LANGUAGE
    return "shared"


def kit_files(site_dir: Path, lang: str | None) -> dict[str, bytes]:
    """The files of one language's kit (or of all languages), by path inside the zip."""
    files: dict[str, bytes] = {}
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        owner = _language_of(rel)
        if lang is None or owner in ("shared", lang):
            files[rel] = path.read_bytes()
    if lang not in (None, SOURCE_LANGUAGE):
        # The kit opens at its own language's home page.
        files["index.html"] = (
            '<!doctype html><meta charset="utf-8"><title>Redirect</title>'
            f'<meta http-equiv="refresh" content="0; url={lang}/index.html">'
            f'<a href="{lang}/index.html">{lang}/index.html</a>\n'
        ).encode()
    return files


def write_zip(path: Path, folder: str, files: dict[str, bytes], epoch: int) -> None:
    """A zip whose bytes depend only on `files` and `epoch`."""
    when = datetime.fromtimestamp(epoch, UTC).timetuple()[:6]
    with zipfile.ZipFile(path, "w") as archive:
        for rel in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[rel], compresslevel=9)


def _dirty(root: Path) -> bool:
    """True when content differs from the commit named in the manifest."""
    try:
        result = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
        )
    except OSError:
        return False
    return result.returncode == 0 and bool(result.stdout.strip())


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bundle(root: Path, dist: Path, handbooks: bool = True) -> dict:
    """Build the offline kit into `dist`: zips, handbooks and a manifest; return the manifest."""
    commit, epoch = commit_of(root)
    dist.mkdir(parents=True, exist_ok=True)
    work = dist / ".site"
    shutil.rmtree(work, ignore_errors=True)
    build_offline(root, work, epoch)
    outputs: dict[str, Path] = {}
    for lang in (None, *LANGUAGES):
        name = f"commons-{lang or 'all'}"
        path = dist / f"{name}.zip"
        write_zip(path, name, kit_files(work, lang), epoch)
        outputs[path.name] = path
    # The whole index of a language: its manifest and every shard a search may load.
    indexes = {
        lang: sum(
            path.stat().st_size
            for path in (work / ("" if lang == SOURCE_LANGUAGE else lang) / "search").rglob("*")
            if path.is_file()
        )
        for lang in LANGUAGES
    }
    if handbooks:
        from commons.handbook import build_handbook

        for lang in LANGUAGES:
            path = dist / f"handbook-{lang}.pdf"
            build_handbook(root, lang, path)
            outputs[path.name] = path
    shutil.rmtree(work, ignore_errors=True)
    manifest = {
        "commit": commit,
        "uncommitted_changes": _dirty(root),
        # SOURCE_DATE_EPOCH: the commit's time, so that rebuilding the commit gives this file.
        "build_date": datetime.fromtimestamp(epoch, UTC).isoformat(),
        "files": {
            name: {"sha256": sha256(path), "bytes": path.stat().st_size}
            for name, path in sorted(outputs.items())
        },
        "search_index_bytes": indexes,
    }
    (dist / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest
