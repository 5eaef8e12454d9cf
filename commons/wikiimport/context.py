"""What the converter learns from the import about other pages: where each link now points."""

from __future__ import annotations

from typing import TYPE_CHECKING

from commons.wikiimport.convert import LinkTarget
from commons.wikiimport.markdown import anchor
from commons.wikiimport.plan import Record
from commons.wikiimport.slugs import media_name
from commons.wikiimport.titles import Namespaces, skip_reason

if TYPE_CHECKING:
    from commons.wikiimport import Import
    from commons.wikiimport.mapping import Mapping

MEDIA_FOLDER = "docs/wiki/media"


def relative(folder: str, target: str) -> str:
    """A link from a page in `folder` (cases or wiki) to `target` (relative to the docs root)."""
    target_folder, _, name = target.rpartition("/")
    return name if target_folder == folder else f"../{target}"


class Probe:
    """The converter's context during the first pass, when no page has a place yet."""

    def __init__(self, record: Record, namespaces: Namespaces, mapping: Mapping, sitename: str):
        self.title, self.lang = record.title, record.lang
        self.namespaces, self.mapping, self.sitename = namespaces, mapping, sitename

    def link(self, ns: int, name: str) -> LinkTarget:
        """No link is known yet."""
        return LinkTarget(None, "")

    def media(self, file_name: str) -> tuple[str | None, str]:
        """No media is looked up yet."""
        return None, ""


class Links(Probe):
    """The converter's context during the second pass: every page has its place."""

    def __init__(self, job: Import, record: Record, folder: str):
        super().__init__(record, job.namespaces, job.mapping, job.site.sitename)
        self.job, self.folder = job, folder

    def link(self, ns: int, name: str) -> LinkTarget:
        """The relative link to a page's new file, or why there is none."""
        plan = self.job.plan
        ordinal = plan.index.get((ns, name))
        if ordinal is None:
            return LinkTarget(None, "not in the export")
        if ns not in plan.articles:
            return LinkTarget(None, f"not imported: {skip_reason(ns)}")
        final, fragment, why = plan.resolve(plan.records[ordinal])
        if final is None:
            return LinkTarget(None, why)
        href = relative(self.folder, f"{final.folder}/{final.slug}.md")
        return LinkTarget(href + (f"#{anchor(fragment)}" if fragment and anchor(fragment) else ""))

    def media(self, file_name: str) -> tuple[str | None, str]:
        """The link to a media file placed in docs/wiki/media/, and where it is expected."""
        name = media_name(file_name)
        expected = f"{MEDIA_FOLDER}/{name}"
        if (self.job.out / expected).is_file():
            return relative(self.folder, f"wiki/media/{name}"), expected
        return None, expected
