"""Page titles and namespaces of a MediaWiki export, with their English, French and Arabic names."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from commons import LANGUAGES

MAIN, TALK, USER, PROJECT, FILE, MEDIAWIKI, TEMPLATE, HELP, CATEGORY = 0, 1, 2, 4, 6, 8, 10, 12, 14
SPECIAL, MEDIA = -1, -2

# Canonical and localized names a wiki in English, French or Arabic accepts for each namespace,
# whatever its siteinfo says: exports of the French or Arabic wiki may list English names only.
BUILTIN_NAMES: dict[int, tuple[str, ...]] = {
    MEDIA: ("Media", "Média", "ميديا"),
    SPECIAL: ("Special", "Spécial", "خاص"),
    TALK: ("Talk", "Discussion", "نقاش"),
    USER: ("User", "Utilisateur", "Utilisatrice", "مستخدم", "مستخدمة"),
    3: (
        "User talk",
        "Discussion utilisateur",
        "Discussion utilisatrice",
        "Discussion Utilisateur",
        "نقاش المستخدم",
        "نقاش المستخدمة",
    ),
    # The project namespace is named after the wiki; its real name comes from siteinfo.
    PROJECT: ("Project",),
    5: ("Project talk",),
    FILE: ("File", "Image", "Fichier", "ملف", "صورة"),
    7: ("File talk", "Image talk", "Discussion fichier", "Discussion Fichier", "نقاش الملف"),
    MEDIAWIKI: ("MediaWiki", "ميدياويكي"),
    9: ("MediaWiki talk", "Discussion MediaWiki", "نقاش ميدياويكي"),
    TEMPLATE: ("Template", "Modèle", "قالب"),
    11: ("Template talk", "Discussion modèle", "Discussion Modèle", "نقاش القالب"),
    HELP: ("Help", "Aide", "مساعدة"),
    13: ("Help talk", "Discussion aide", "Discussion Aide", "نقاش المساعدة"),
    CATEGORY: ("Category", "Catégorie", "تصنيف"),
    15: ("Category talk", "Discussion catégorie", "Discussion Catégorie", "نقاش التصنيف"),
}

SKIP_REASONS = {
    USER: "user page",
    PROJECT: "project page",
    FILE: "file description page (the export carries no files)",
    MEDIAWIKI: "interface message",
    TEMPLATE: "template page",
    HELP: "help page",
    CATEGORY: "category page",
}

# Interlanguage prefixes: the languages the site is built in.
INTERLANGUAGE = LANGUAGES
# Interwiki prefixes that always meant Wikipedia in the language of the page.
WIKIPEDIA = ("wikipedia", "w")

_SPACES = re.compile(r"[\s_]+")


def skip_reason(ns: int) -> str:
    """Why a page of namespace `ns` is not imported."""
    if ns % 2 == 1:
        return "talk page"
    return SKIP_REASONS.get(ns, f"page in namespace {ns}")


def fold(name: str) -> str:
    """A namespace or template name as MediaWiki compares it: spaces, underscores and case."""
    return _SPACES.sub(" ", name).strip().casefold()


def clean(text: str) -> str:
    """Link-target text as MediaWiki reads it: entities and %XX decoded, spaces collapsed."""
    text = html.unescape(text)
    if "%" in text:
        text = unquote(text)
    return _SPACES.sub(" ", text).strip()


def upper_first(text: str) -> str:
    """The text with its first letter capitalised, as first-letter wikis store titles."""
    return text[:1].upper() + text[1:]


class Namespaces:
    """Namespace names of one export: its siteinfo names plus the built-in localized ones."""

    def __init__(self, siteinfo_names: dict[int, str] | None = None, case: str = "first-letter"):
        self.first_letter = case != "case-sensitive"
        self.names: dict[int, str] = {k: v[0] for k, v in BUILTIN_NAMES.items()}
        self.names.update({k: v for k, v in (siteinfo_names or {}).items() if v})
        self.by_name: dict[str, int] = {}
        for key, names in BUILTIN_NAMES.items():
            for name in names:
                self.by_name.setdefault(fold(name), key)
        for key, name in (siteinfo_names or {}).items():
            if name:
                self.by_name[fold(name)] = key

    def split(self, title: str) -> tuple[int, str]:
        """(namespace, title without its prefix) of a cleaned title."""
        prefix, colon, rest = title.partition(":")
        if colon:
            key = self.by_name.get(fold(prefix))
            if key is not None:
                return key, self.page_name(rest)
        return MAIN, self.page_name(title)

    def page_name(self, text: str) -> str:
        """A title without namespace, normalised: spaces collapsed and first letter upper."""
        text = _SPACES.sub(" ", text).strip()
        return upper_first(text) if self.first_letter else text

    def full(self, ns: int, name: str) -> str:
        """The full title of a page, with its namespace prefix."""
        return f"{self.names.get(ns, ns)}:{name}" if ns != MAIN else name
