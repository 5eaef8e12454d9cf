"""Keep Python's garbage collector off the corpus, which lives as long as the build."""

import gc

from mkdocs.plugins import event_priority


@event_priority(90)  # after validation.py has loaded the corpus
def on_config(config):
    """Freeze what is alive now; full collections would scan the corpus again and again.

    Rendering thousands of pages triggers hundreds of full collections, and each one walked
    every front-matter value of the corpus: a quarter of a second at 1,500 files.
    """
    gc.freeze()
    return config


@event_priority(-200)  # last: after static-i18n has built the other languages
def on_post_build(config):
    """Make everything collectable again: `mkdocs serve` rebuilds in the same process."""
    gc.unfreeze()
