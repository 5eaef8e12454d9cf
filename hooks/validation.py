"""Fail the build with every content problem at once; validation runs once per build."""

import os

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from commons.mkdocs_glue import repo_root
from commons.problems import render
from commons.site import current_site, load_site

log = get_plugin_logger("commons")
_reported: set[int] = set()


@event_priority(100)
def on_config(config):
    """Load the corpus and start checking it while MkDocs lists the files."""
    # static-i18n builds every language with this same config object, one after the other:
    # the files are those read for the first language, so they are not listed and compared
    # again. `mkdocs serve` loads a new config for each rebuild.
    site = getattr(config, "_commons_site", None) or load_site(repo_root(config), background=True)
    config._commons_site = site
    for folder in ("cases", "roadmaps", "glossary", "schemas", "data"):
        path = site.root / folder
        if path.is_dir() and str(path) not in config.watch:
            config.watch.append(str(path))
    return config


@event_priority(100)  # first: no page is read or generated before the verdict
def on_nav(nav, config, files):
    """Refuse the build when the content has errors, listing them all."""
    site = current_site(repo_root(config))
    if os.environ.get("COMMONS_CHECKS") == "off":
        # For testing what stands behind validation (escaping, the HTML sanitizer); never in CI.
        log.info("content checks are off: %d problem(s) not enforced", len(site.errors))
        return nav
    if site.errors:
        raise PluginError(
            f"{len(site.errors)} content problem(s); run `commons check` for the same list:\n"
            + render(site.errors)
        )
    warnings = [p for p in site.problems if p.severity != "error"]
    if warnings and id(site) not in _reported:
        _reported.add(id(site))
        # Warnings inform, they do not fail `--strict`: an outdated translation still publishes.
        log.info("content warnings:\n%s", render(warnings))
    return nav
