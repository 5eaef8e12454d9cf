"""An Atom feed of recent changes per language, written next to that language's pages."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from html import escape

# Entry ids must be stable IRIs even without a known public address: name-based UUIDs.
_NAMESPACE = uuid.UUID("6f1c9a52-3d0e-5b8a-9c41-2a7e0d6b5f13")


def atom_feed(
    rows: list, lang: str, title: str, changes_url: str, site_url: str | None = None
) -> str:
    """Atom XML for `rows` of (entry, history, url relative to the feed's folder)."""
    base = f' xml:base="{escape(site_url)}"' if site_url else ""
    updated = max((h.updated for _, h, _ in rows), default=datetime(1970, 1, 1, tzinfo=UTC))
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}"{base}>',
        f"<title>{escape(title)}</title>",
        f"<id>urn:uuid:{uuid.uuid5(_NAMESPACE, 'feed/' + lang)}</id>",
        f"<updated>{updated.isoformat()}</updated>",
        f'<link rel="alternate" type="text/html" href="{escape(changes_url)}"/>',
        '<link rel="self" type="application/atom+xml" href="feed.xml"/>',
    ]
    for entry, history, url in rows:
        summary = entry.meta.get("summary") or entry.meta.get("definition") or ""
        authors = history.authors or ["MedRiSSE community"]
        entry_id = uuid.uuid5(_NAMESPACE, f"{lang}/{entry.collection.name}/{entry.slug}")
        parts += [
            "<entry>",
            f"<title>{escape(str(entry.meta.get('title', entry.slug)))}</title>",
            f"<id>urn:uuid:{entry_id}</id>",
            f'<link rel="alternate" type="text/html" href="{escape(url)}"/>',
            f"<updated>{history.updated.isoformat()}</updated>",
            *(f"<author><name>{escape(name)}</name></author>" for name in authors),
            f"<summary>{escape(str(summary))}</summary>",
            "</entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"
