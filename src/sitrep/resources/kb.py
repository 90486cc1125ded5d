"""Actor knowledge base (data/actors.json): canonical names, aliases, country, sector."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sitrep.resources._data import load_json


@dataclass(frozen=True)
class KnownActor:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str | None
    kind: str  # "person" or "org"
    affiliations: tuple[str, ...]


@dataclass(frozen=True)
class ActorKB:
    actors: tuple[KnownActor, ...]

    def by_alias(self) -> dict[str, KnownActor]:
        return {alias: actor for actor in self.actors for alias in actor.aliases}

    def get(self, name: str) -> KnownActor | None:
        return _index(self).get(name)

    def find(self, text: str) -> KnownActor | None:
        """The known actor whose alias is ``text`` or the longest alias inside it (whole words)."""
        index = _index(self)
        if text in index:
            return index[text]
        padded = f" {text} "
        best = None
        for alias, actor in self.by_alias().items():
            if f" {alias} " in padded or f" {alias}'s " in padded or f" {alias}’s " in padded:
                if best is None or len(alias) > len(best[0]):
                    best = (alias, actor)
        return best[1] if best else None


@cache
def _index(kb: ActorKB) -> dict[str, KnownActor]:
    index = kb.by_alias()
    index.update({actor.name: actor for actor in kb.actors})
    return index


@cache
def load_kb() -> ActorKB:
    data = load_json("actors.json")
    return ActorKB(
        tuple(
            KnownActor(
                name=a["name"],
                aliases=tuple(a["aliases"]),
                country=a.get("country"),
                sector=a.get("sector"),
                kind=a.get("kind", "org"),
                affiliations=tuple(a.get("affiliations", ())),
            )
            for a in data["actors"]
        )
    )
