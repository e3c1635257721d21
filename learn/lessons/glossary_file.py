"""The glossary file (content/glossary.yaml): a list of terms with an engineer's translation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from learn.core.source import ProblemList, check_mapping, parse_yaml
from learn.lessons.rendering import glossary_key

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = {"term": str, "slug": str, "definition": str, "engineer": str}
OPTIONAL = {"aliases": list, "see_also": list}


@dataclass
class GlossaryEntry:
    slug: str
    term: str
    aliases: list[str]
    definition: str
    engineer: str
    see_also: list[str]
    line: int

    @property
    def short(self) -> str:
        """The first sentence of the definition, for tooltips."""
        first = re.split(r"(?<=[.!?])\s+", self.definition.strip(), maxsplit=1)[0]
        return first if len(first) <= 220 else first[:217].rstrip() + "..."


@dataclass
class GlossaryFile:
    entries: dict[str, GlossaryEntry]
    readable: bool  # False when the file could not be parsed at all: no term is known, none is unknown
    unusable: set[str]  # glossary keys of the terms and aliases of entries dropped for a problem


def read_glossary(text: str, problems: ProblemList) -> GlossaryFile:
    """The valid entries, and what lessons may refer to without being blamed for the glossary's problems."""
    doc = parse_yaml(text, first_line=1, problems=problems, what="glossary")
    if doc is None:
        return GlossaryFile({}, readable=False, unusable=set())
    if not isinstance(doc.value, list):
        problems.add(
            doc.line, "the glossary must be a YAML list of entries, each starting with '- term: ...'"
        )
        return GlossaryFile({}, readable=False, unusable=set())
    unusable: set[str] = set()
    entries: dict[str, GlossaryEntry] = {}
    key_owner: dict[str, str] = {}
    see_also_lines: list[tuple[str, int, str]] = []
    for item in doc.items():
        data = check_mapping(
            item, required=REQUIRED, optional=OPTIONAL, problems=problems, what="glossary entry"
        )
        if not all(key in data for key in REQUIRED):
            unusable |= _names(item.value)
            continue
        slug = data["slug"]
        if not SLUG_RE.match(slug):
            problems.add(
                item.key_line("slug"), f"glossary slug '{slug}' must be lowercase letters, digits and hyphens"
            )
            unusable |= _names(item.value)
            continue
        if slug in entries:
            problems.add(
                item.key_line("slug"),
                f"duplicate glossary slug '{slug}' (first defined on line {entries[slug].line})",
            )
            unusable |= _names(item.value)
            continue
        aliases = [a for a in data.get("aliases", []) if isinstance(a, str) and a.strip()]
        if len(aliases) != len(data.get("aliases", [])):
            problems.add(item.key_line("aliases"), "each alias must be a piece of text")
        for name, line in [(data["term"], item.key_line("term"))] + [
            (a, item.key_line("aliases")) for a in aliases
        ]:
            key = glossary_key(name)
            owner = key_owner.setdefault(key, slug)
            if owner != slug:
                problems.add(line, f"'{name}' already names the glossary entry '{owner}'")
        see_also = [s for s in data.get("see_also", []) if isinstance(s, str)]
        see_also_lines += [(s, item.key_line("see_also"), slug) for s in see_also]
        entries[slug] = GlossaryEntry(
            slug=slug,
            term=data["term"].strip(),
            aliases=aliases,
            definition=data["definition"].strip(),
            engineer=data["engineer"].strip(),
            see_also=see_also,
            line=item.line,
        )
    for target, line, slug in see_also_lines:
        if target not in entries:
            problems.add(line, f"see_also of '{slug}' names '{target}', which is not a glossary slug")
    return GlossaryFile(entries, readable=True, unusable=unusable)


def _names(value: object) -> set[str]:
    """The glossary keys an entry that could not be loaded was meant to define."""
    if not isinstance(value, dict):
        return set()
    aliases = value.get("aliases")
    names = [value.get("term"), *(aliases if isinstance(aliases, list) else [])]
    return {glossary_key(name) for name in names if isinstance(name, str) and name.strip()}
