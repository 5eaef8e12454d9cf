"""The `commons` command: check content, build and serve the site, start new pages."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import yaml

from commons import LANGUAGES
from commons.corpus import (
    BY_NAME,
    CASES,
    FILE_NAME,
    GLOSSARY,
    ROADMAPS,
    TOOLKIT,
    load,
    source_version,
)
from commons.problems import render
from commons.schemas import Schemas
from commons.translation import translation_name, translation_skeleton
from commons.validate import check, errors

# What `commons new` writes below the front-matter, by kind: the collection and its body.
# The front-matter itself is every field whose schema gives `examples`, in schema order.
SKELETONS = {
    "case": (
        CASES,
        "## Context\n\n## Policies\n\n## SSE dimension\n\n## Social innovation\n\n"
        "## Co-production\n",
    ),
    "roadmap": (ROADMAPS, "Who this roadmap is for and how to use it.\n"),
    "chapter": (TOOLKIT, "## First section\n"),
    "term": (GLOSSARY, "A fuller explanation of the term.\n"),
}


def skeleton(schemas: Schemas, collection, title: str, body: str) -> str:
    """A new page: its title, each field the schema gives an example of, and `body`."""
    meta = {"title": title}
    for name, sub in schemas.schema(collection.schema)["properties"].items():
        if name != "title" and sub.get("examples"):
            meta[name] = sub["examples"][0]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{front}---\n\n{body}"


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds mkdocs.yml."""
    for folder in [start, *start.parents]:
        if (folder / "mkdocs.yml").exists():
            return folder
    return start


def cmd_check(args) -> int:
    """Validate every content file (or the given ones) and print each problem."""
    root = Path(args.root).resolve()
    paths = [Path(p).resolve() for p in args.paths] or None
    if paths:
        missing = [p for p in paths if not p.exists()]
        for p in missing:
            print(f"{p}:1:1: no such file [file-missing]", file=sys.stderr)
        if missing:
            return 1
        expanded = []
        for p in paths:
            expanded.extend(sorted(p.rglob("*.md")) if p.is_dir() else [p])
        # Cross-file rules need the whole corpus; report only on the files asked for.
        wanted = {p.relative_to(root).as_posix() for p in expanded}
        problems = check(load(root), Schemas.for_root(root), split=True)
        problems = [p for p in problems if p.path in wanted]
    else:
        problems = check(load(root), Schemas.for_root(root), split=True)
    if problems:
        print(render(problems, args.format))
    failed = errors(problems)
    counted = f"{len(failed)} error(s), {len(problems) - len(failed)} warning(s)"
    print(counted if problems else "no problems found", file=sys.stderr)
    return 1 if failed else 0


def mkdocs(root: Path, *arguments: str) -> int:
    """Run MkDocs from the repository root, without the MkDocs 2 banner."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", *arguments]
    return subprocess.call(command, cwd=root, env=env)


def cmd_build(args) -> int:
    """Build the site strictly into site/."""
    return mkdocs(Path(args.root), "build", "--strict", "--clean")


def cmd_serve(args) -> int:
    """Serve the site with live reload."""
    return mkdocs(Path(args.root), "serve", "--dev-addr", args.addr)


def cmd_new(args) -> int:
    """Write a skeleton page that passes `commons check`."""
    root = Path(args.root).resolve()
    if args.kind == "translation":
        return new_translation(root, args.slug, args.lang)
    collection, body = SKELETONS[args.kind]
    if not FILE_NAME.match(f"{args.slug}.en.md"):
        print(
            f"slug {args.slug!r}: expected lowercase ASCII words joined by hyphens, "
            "such as la-borda",
            file=sys.stderr,
        )
        return 1
    path = root / collection.folder / f"{args.slug}.en.md"
    if path.exists():
        print(f"{path.relative_to(root)} already exists; not overwritten", file=sys.stderr)
        return 1
    title = args.slug.replace("-", " ").capitalize()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = skeleton(Schemas.for_root(root), collection, title, body)
    path.write_text(text, encoding="utf-8")
    print(path.relative_to(root))
    return 0


def new_translation(root: Path, target: str, lang: str | None) -> int:
    """Write a translation skeleton of `<collection>/<slug>` carrying the source version."""
    collection_name, _, slug = (target or "").partition("/")
    collection = BY_NAME.get(collection_name)
    if collection is None or not slug or lang not in LANGUAGES[1:]:
        print(
            "usage: commons new translation <collection>/<slug> <lang>, with collection one of "
            f"{', '.join(BY_NAME)} and lang one of {', '.join(LANGUAGES[1:])}",
            file=sys.stderr,
        )
        return 2
    corpus = load(root)
    source = corpus.get(collection, slug, "en")
    if source is None or source.doc is None:
        print(f"{collection.folder}/{slug}.en.md: no readable English source", file=sys.stderr)
        return 1
    fields = Schemas.for_root(root).translatable(collection.schema)
    # The file's own name, not the slug: a page's slug can hold its folder (`toolkit/index`).
    path = source.path.with_name(translation_name(source.path.name, lang))
    if path.exists():
        print(f"{path.relative_to(root)} already exists; not overwritten", file=sys.stderr)
        return 1
    path.write_text(translation_skeleton(source, fields), encoding="utf-8")
    print(path.relative_to(root))
    return 0


def cmd_version(args) -> int:
    """Print the source version a translation of the given English file should record."""
    root = Path(args.root).resolve()
    path = Path(args.file).resolve()
    corpus = load(root, [path])
    if not corpus.entries or corpus.entries[0].doc is None:
        print(f"{args.file}: not a readable content file", file=sys.stderr)
        return 1
    entry = corpus.entries[0]
    print(source_version(entry, Schemas.for_root(root).translatable(entry.collection.schema)))
    return 0


def cmd_links(args) -> int:
    """Check internal links (as `check` does), or list external ones with `--external`."""
    root = Path(args.root).resolve()
    corpus = load(root)
    if not args.external:
        problems = [
            p for p in check(corpus, Schemas.for_root(root)) if p.rule.startswith("broken-")
        ]
        if problems:
            print(render(problems, args.format))
            return 1
        print("every internal link and anchor resolves")
        return 0
    from commons.links import external_links

    count = 0
    for entry in corpus.entries:
        if entry.doc is None:
            continue
        body = entry.doc.body
        for link in external_links(body):
            line = body.count("\n", 0, link.offset)
            column = link.offset - (body.rfind("\n", 0, link.offset) + 1) + 1
            status = _fetch_status(link.target) if args.fetch else ""
            print(f"{entry.rel}:{entry.doc.body_line + line}:{column}: {link.target}{status}")
            count += 1
    print(f"{count} external link(s)" + ("" if args.fetch else "; add --fetch to request each"))
    return 0


def _fetch_status(url: str) -> str:
    """` -> 200`, or the error, for one external URL (only where there is a network)."""
    import urllib.request

    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "commons-links"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return f" -> {response.status}"
    except Exception as error:  # noqa: BLE001 - any failure is a finding to report
        return f" -> {type(error).__name__}: {error}"


def cmd_bundle(args) -> int:
    """Build the workshop kit: offline zips per language and for all, handbooks, manifest."""
    from commons.bundle import BundleError, bundle

    root = Path(args.root).resolve()
    try:
        manifest = bundle(root, Path(args.out).resolve(), handbooks=not args.no_handbooks)
    except BundleError as error:
        print(f"commons bundle: {error}", file=sys.stderr)
        return 1
    for name, item in manifest["files"].items():
        print(f"{args.out}/{name}  {item['bytes'] / 1024 / 1024:.1f} MB  {item['sha256'][:12]}")
    indexes = ", ".join(f"{k} {v / 1024:.0f} KB" for k, v in manifest["search_index_bytes"].items())
    print(f"search indexes: {indexes}; manifest: {args.out}/manifest.json")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    top = argparse.ArgumentParser(prog="commons", description=__doc__)
    top.add_argument("--root", default=str(find_root(Path.cwd())), help="repository root")
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate front-matter of every content file")
    p.add_argument("paths", nargs="*", help="files or folders (default: everything)")
    p.add_argument("--format", choices=["text", "github"], default="text")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("build", help="build the site strictly into site/")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("serve", help="serve the site with live reload")
    p.add_argument("--addr", default="127.0.0.1:8000")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("new", help="write a skeleton page")
    p.add_argument("kind", choices=[*SKELETONS, "translation"])
    p.add_argument("slug", help="slug, or <collection>/<slug> for a translation")
    p.add_argument("lang", nargs="?", help="language of a translation: fr or ar")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("links", help="check internal links; list external ones")
    p.add_argument("--external", action="store_true", help="list links to other sites")
    p.add_argument("--fetch", action="store_true", help="with --external, request each URL")
    p.add_argument("--format", choices=["text", "github"], default="text")
    p.set_defaults(func=cmd_links)
    p = sub.add_parser("bundle", help="build the offline workshop kit into dist/")
    p.add_argument("--out", default="dist", help="output folder (default: dist)")
    p.add_argument("--no-handbooks", action="store_true", help="zips only, no PDF handbooks")
    p.set_defaults(func=cmd_bundle)
    p = sub.add_parser("version", help="print the source version of an English file")
    p.add_argument("file")
    p.set_defaults(func=cmd_version)
    p = sub.add_parser("import-wiki", help="import a MediaWiki XML export as Markdown pages")
    p.add_argument("export", help="the export file (Special:Export or dumpBackup)")
    p.add_argument("--out", default="imported", help="output folder (default: imported)")
    p.add_argument("--lang", choices=LANGUAGES, help="language of the pages (default: export's)")
    p.add_argument("--mapping", help="YAML file mapping templates and categories to fields")
    p.set_defaults(func=cmd_import_wiki)
    return top


def cmd_import_wiki(args) -> int:
    """Import a MediaWiki XML export as Markdown pages, a redirect map and a report."""
    from commons.wikiimport import ExportError, MappingError, import_wiki

    mapping = Path(args.mapping) if args.mapping else None
    try:
        report = import_wiki(Path(args.export), Path(args.out), args.lang, mapping)
    except (ExportError, MappingError) as error:
        print(error, file=sys.stderr)
        return 1
    print(report.summary())
    print(f"Report: {report.markdown_path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
