"""The `commons` MkDocs plugin: the build of the commons on top of Material and static-i18n."""
