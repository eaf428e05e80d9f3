"""Names in two scripts: Chinese names with their pinyin spelling, foreign names with a Chinese
transliteration, drawn from Faker (``zh_CN`` surnames, ``en_US`` people) and the vocabulary."""

from __future__ import annotations

import itertools
import random
from functools import lru_cache

from faker import Faker
from pypinyin import Style, lazy_pinyin

from seed_data.generator.vocab import BRAND_CHARS, GIVEN_CHARS


@lru_cache(maxsize=4096)
def pinyin(text: str) -> str:
    """Toneless pinyin of Chinese text as one capitalised word ('建国' → 'Jianguo')."""
    return "".join(lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)).capitalize()


class NameMaker:
    """Deterministic names for a seed; remembers keys already used so names stay distinct."""

    def __init__(self, rng: random.Random, seed: int, used_keys: set[str]) -> None:
        self.rng = rng
        self.faker = Faker(["en_US", "zh_CN"])
        self.faker.seed_instance(seed)
        self.zh = self.faker["zh_CN"]
        self.en = self.faker["en_US"]
        self.used = used_keys
        # Faker's zh_CN surnames with their frequencies, drawn directly (its per-call overhead is high).
        surnames = self.zh.provider("faker.providers.person").last_names
        self.surnames = list(surnames)
        self.surname_cum = list(itertools.accumulate(surnames.values()))

    def claim(self, name: str) -> bool:
        """Reserve ``name`` (case-insensitively); False when it is taken."""
        key = " ".join(name.split()).casefold()
        if key in self.used:
            return False
        self.used.add(key)
        return True

    def chinese_person(self) -> tuple[str, str]:
        """('Wang Jianguo', '王建国'); a distinct English spelling when possible."""
        for _ in range(20):
            surname = self.rng.choices(self.surnames, cum_weights=self.surname_cum)[0]
            given = "".join(self.rng.choice(GIVEN_CHARS) for _ in range(self.rng.choice((1, 2, 2, 2))))
            name = f"{pinyin(surname)} {pinyin(given)}"
            if self.claim(name):
                return name, surname + given
        return name, surname + given

    def foreign_person(self) -> str:
        for _ in range(20):
            name = f"{self.en.first_name()} {self.en.last_name()}"
            if self.claim(name):
                return name
        return name

    def brand(self) -> tuple[str, str]:
        """A two-character brand such as ('Huatai', '华泰')."""
        chars = self.rng.choice(BRAND_CHARS) + self.rng.choice(BRAND_CHARS)
        return pinyin(chars), chars
