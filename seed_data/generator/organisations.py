"""The organisations of the story: Fujian's government bodies (with parents) and enterprises of
every ownership kind, named in English and Chinese, each with a popularity weight."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cached_property

from seed_data.generator import vocab, vocab_government
from seed_data.generator.naming import NameMaker
from seed_data.generator.vocab_government import government_specs
from tracker.models import OrganisationKind
from tracker.models.text import normalise_key
from tracker.read_model.names import search_key

GOV = "Government"


@dataclass
class Org:
    """One organisation as the generator sees it; ``existing`` ones are already in the database."""

    id: int
    name: str
    local_name: str | None
    kind: OrganisationKind
    sector: str
    region: str
    family: str  # which title list its people draw from
    weight: float  # how often it turns up in meetings
    parent_id: int | None = None
    website: str | None = None
    city: str = "Fuzhou"
    aliases: list[str] = field(default_factory=list)
    existing: bool = False

    def row(self, recorded_at) -> dict:
        """The ``organisation`` row, as the organisation service would store it."""
        return {
            "id": self.id,
            "name": self.name,
            "local_name": self.local_name,
            "kind": self.kind.value,
            "sector": self.sector,
            "region": self.region,
            "parent_id": self.parent_id,
            "website": self.website,
            "name_key": normalise_key(self.name),
            "search_key": search_key(self.name, self.local_name, person=False),
            "created_at": recorded_at,
        }

    @cached_property
    def is_government(self) -> bool:
        return self.kind in (OrganisationKind.GOVERNMENT_BODY, OrganisationKind.PARTY_ORGAN)

    @cached_property
    def short(self) -> str:
        """A short label for titles and summaries ('Huatai Electronics')."""
        for suffix in (
            " Joint Stock Co., Ltd.",
            " Group Co., Ltd.",
            " Co., Ltd.",
            " Inc.",
            " AG",
            " GmbH",
            " Ltd.",
            " Corporation",
        ):
            if self.name.endswith(suffix):
                return self.name[: -len(suffix)]
        return self.name


def _website(rng: random.Random, words: str) -> str | None:
    if rng.random() < 0.5:
        return None
    slug = "".join(ch for ch in words.lower() if ch.isalnum())[:24]
    return f"https://www.{slug}.{rng.choice(['com', 'com.cn', 'cn'])}"


class OrganisationMaker:
    """Builds the organisations; ids are handed out by ``next_id``."""

    def __init__(self, rng: random.Random, names: NameMaker, next_id) -> None:
        self.rng, self.names, self.next_id = rng, names, next_id

    def government(self, count: int, existing: dict[str, int]) -> list[Org]:
        """The first ``count`` government bodies; ones already present (by name) are reused."""
        result: list[Org] = []
        ids: dict[str, int] = {}
        specs = government_specs()
        for spec in specs[: max(count, 2)]:
            key = spec["name"].casefold()
            found = existing.get(key)
            parent = ids.get(spec["parent"]) if spec["parent"] else None
            family = spec["family"]
            org = Org(
                id=found or self.next_id(),
                name=spec["name"],
                local_name=spec["local_name"],
                kind=spec["kind"],
                sector=GOV,
                region=vocab_government.PROVINCE[0],
                family=family,
                weight=spec["weight"],
                parent_id=parent,
                city=spec.get("city", "Fuzhou"),
                aliases=list(spec.get("aliases", [])),
                existing=found is not None,
            )
            if not org.existing:
                self.names.claim(org.name)
            ids[spec["name"]] = org.id
            result.append(org)
        return result

    def enterprises(self, count: int) -> list[Org]:
        """``count`` non-government organisations: private, state-owned, foreign, and a few others."""
        universities = list(vocab.UNIVERSITIES)
        self.rng.shuffle(universities)
        makers = [
            (self._private, 55),
            (self._soe, 18),
            (self._foreign, 15),
            (self._association, 5),
            (self._institute, 3),
            (lambda: self._university(universities), 4),
        ]
        functions, weights = zip(*makers, strict=True)
        result: list[Org] = []
        while len(result) < count:
            org = self.rng.choices(functions, weights)[0]()
            if org is None:
                continue
            if result and self.rng.random() < 0.04:
                branch = self._branch(self.rng.choice(result))
                org = branch or org
            result.append(org)
        order = list(range(len(result)))
        self.rng.shuffle(order)
        for rank, index in enumerate(order):  # Zipf: a few enterprises meet very often
            result[index].weight = 12.0 / (rank + 1) ** 0.85
        return result

    def _new(
        self,
        name: str,
        local: str,
        kind: OrganisationKind,
        sector: str,
        region: str,
        family: str,
        city: str,
        website_words: str | None = None,
        aliases: list[str] | None = None,
    ) -> Org | None:
        if not self.names.claim(name):
            return None
        return Org(
            id=self.next_id(),
            name=name,
            local_name=local,
            kind=kind,
            sector=sector,
            region=region,
            family=family,
            weight=1.0,
            city=city,
            aliases=aliases or [],
            website=_website(self.rng, website_words) if website_words else None,
        )

    def _home(self) -> tuple[str, str, str]:
        """(region, city, city in Chinese): mostly Fujian, else another province."""
        if self.rng.random() < 0.62:
            city, city_zh = self.rng.choices(vocab_government.CITIES, weights=[9, 8, 6, 3, 2, 2, 2, 1, 1])[0]
            return vocab_government.PROVINCE[0], city, city_zh
        return self.rng.choice(vocab.OTHER_REGIONS)

    def _private(self) -> Org | None:
        region, city, city_zh = self._home()
        brand, brand_zh = self.names.brand()
        sector, industry, industry_zh = self.rng.choice(vocab.INDUSTRIES)
        form, form_zh = self.rng.choice(vocab.PRIVATE_FORMS)
        aliases = [f"{brand} {industry}"] if self.rng.random() < 0.25 else []
        if aliases and self.rng.random() < 0.5:
            aliases.append(f"{brand_zh}{industry_zh}")
        return self._new(
            f"{city} {brand} {industry} {form}",
            f"{city_zh}{brand_zh}{industry_zh}{form_zh}",
            OrganisationKind.PRIVATE_ENTERPRISE,
            sector,
            region,
            "enterprise",
            city,
            brand + industry,
            aliases,
        )

    def _soe(self) -> Org | None:
        sector, industry, industry_zh = self.rng.choice(vocab.INDUSTRIES)
        form, form_zh = self.rng.choice(vocab.SOE_FORMS)
        roll = self.rng.random()
        if roll < 0.45:
            region, place, place_zh, city = "Fujian", "Fujian", "福建省", "Fuzhou"
        elif roll < 0.75:
            city, city_zh = self.rng.choice(vocab_government.CITIES)
            region, place, place_zh = "Fujian", city, f"{city_zh}市"
        else:
            region, place, place_zh, city = "Beijing", "China", "中国", "Beijing"
        return self._new(
            f"{place} {industry} {form}",
            f"{place_zh}{industry_zh}{form_zh}",
            OrganisationKind.STATE_OWNED_ENTERPRISE,
            sector,
            region,
            "enterprise",
            city,
            place + industry,
        )

    def _foreign(self) -> Org | None:
        regions, weights = zip(*vocab.FOREIGN_REGIONS, strict=True)
        region = self.rng.choices(regions, weights)[0]
        sector, industry, industry_zh = self.rng.choice(vocab.INDUSTRIES)
        if region in ("Taiwan", "Hong Kong", "Singapore", "Malaysia"):
            brand, brand_zh = self.names.brand()
            form, form_zh = self.rng.choice(vocab.FOREIGN_FORMS[:5])
            name, local = f"{brand} {industry} {form}", f"{brand_zh}{industry_zh}{form_zh}"
        else:
            surname = self.rng.choice(list(vocab.TRANSLITERATED))
            form, form_zh = self.rng.choice(vocab.FOREIGN_FORMS)
            name, local = (
                f"{surname} {industry} {form}",
                f"{vocab.TRANSLITERATED[surname]}{industry_zh}{form_zh}",
            )
        return self._new(
            name,
            local,
            OrganisationKind.FOREIGN_ENTERPRISE,
            sector,
            region,
            "foreign",
            "Xiamen",
            name.split()[0] + industry,
        )

    def _association(self) -> Org | None:
        if self.rng.random() < 0.4:
            region, city, city_zh = self.rng.choice(vocab.OTHER_REGIONS)
            return self._new(
                f"Fujian Chamber of Commerce in {city}",
                f"{city_zh}福建商会",
                OrganisationKind.ASSOCIATION,
                "Industry association",
                region,
                "association",
                city,
            )
        sector, industry, industry_zh = self.rng.choice(vocab.INDUSTRIES)
        city, city_zh = self.rng.choice(
            [("Fujian", "福建省"), *[(c, f"{z}市") for c, z in vocab_government.CITIES[:4]]]
        )
        return self._new(
            f"{city} {industry} Industry Association",
            f"{city_zh}{industry_zh}行业协会",
            OrganisationKind.ASSOCIATION,
            "Industry association",
            "Fujian",
            "association",
            city if city != "Fujian" else "Fuzhou",
        )

    def _institute(self) -> Org | None:
        sector, industry, industry_zh = self.rng.choice(vocab.INDUSTRIES)
        city, city_zh = self.rng.choice(vocab_government.CITIES[:4])
        return self._new(
            f"{city} Institute of {industry} Research",
            f"{city_zh}{industry_zh}研究院",
            OrganisationKind.OTHER,
            "Research and education",
            "Fujian",
            "other",
            city,
        )

    def _university(self, remaining: list) -> Org | None:
        if not remaining:
            return None
        name, local, region = remaining.pop()
        return self._new(
            name,
            local,
            OrganisationKind.UNIVERSITY,
            "Research and education",
            region,
            "university",
            "Fuzhou" if region == "Fujian" else "Beijing",
            name,
        )

    def _branch(self, parent: Org) -> Org | None:
        """A branch of an enterprise in a Fujian city, with the enterprise as its parent."""
        if parent.is_government or parent.kind not in (
            OrganisationKind.PRIVATE_ENTERPRISE,
            OrganisationKind.STATE_OWNED_ENTERPRISE,
            OrganisationKind.FOREIGN_ENTERPRISE,
        ):
            return None
        city, city_zh = self.rng.choice(vocab_government.CITIES)
        org = self._new(
            f"{parent.short} {city} Branch",
            f"{parent.local_name}{city_zh}分公司",
            parent.kind,
            parent.sector,
            "Fujian",
            parent.family,
            city,
        )
        if org is not None:
            org.parent_id = parent.id
        return org
