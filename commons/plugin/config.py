"""Options of the `commons` plugin in mkdocs.yml."""

from mkdocs.config.base import Config
from mkdocs.config.config_options import Type


class CommonsConfig(Config):
    """`plugins: [commons: {...}]`."""

    enabled = Type(bool, default=True)
    # Refuse the build when the content has errors; `COMMONS_CHECKS=off` in the environment also
    # turns this off, for tests of what stands behind validation (escaping, the sanitizer).
    checks = Type(bool, default=True)
