"""The catalogues stay complete: every message the code marks is in the English and Chinese
catalogues (extracted afresh and compared), each Chinese entry is translated, none is fuzzy, the
placeholders survive translation, and every code a label can show has its word in them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tracker import labels
from tracker.i18n import CHINESE, ENGLISH, catalogue_path
from tracker.models import enums

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
# What the Makefile's `messages` target extracts: the demo's words (`tracker seed --demo`) too.
EXTRACTED_FOLDERS = ("tracker", "dashboards", "seed_data")


def key(message_id) -> str:
    """A message's singular text (a plural message's id is (singular, plural))."""
    return message_id if isinstance(message_id, str) else message_id[0]


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    """The messages the code marks today, as `make messages` would extract them."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "messages.pot " + " ".join(EXTRACTED_FOLDERS) in makefile
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    return {key(message) for folder in EXTRACTED_FOLDERS
            for _file, _line, message, _comments, _context in
            extract_from_dir(str(ROOT / folder), method_map, options_map)}


def catalogue(language: str):
    with catalogue_path(language).open("rb") as source:
        return read_po(source, locale=language)


def entries(language: str) -> list:
    return [message for message in catalogue(language) if message.id]


def translations(message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


@pytest.mark.parametrize("language", [CHINESE, ENGLISH])
def test_the_catalogues_are_in_step_with_the_code(extracted, language):
    held = {key(message.id) for message in entries(language)}
    assert extracted - held == set(), "run `make messages` and translate the new entries"
    assert held - extracted == set(), "run `make messages`: these are no longer used"
    template = {key(message.id) for message in read_po((ROOT / "tracker/locale/messages.pot").open("rb"))
                if message.id}
    assert template == extracted


def test_every_chinese_entry_is_translated_and_none_is_fuzzy():
    untranslated = [key(m.id) for m in entries(CHINESE) if not all(text.strip() for text in translations(m))]
    fuzzy = [key(m.id) for m in entries(CHINESE) if m.fuzzy]
    assert (untranslated, fuzzy) == ([], [])
    assert not [key(m.id) for m in entries(ENGLISH) if m.fuzzy]


def test_translations_keep_every_placeholder_and_markup():
    """'{count} meetings' must keep {count}: a lost or misspelt one would fail at .format()."""
    broken = []
    for message in entries(CHINESE):
        wanted = sorted(PLACEHOLDER.findall(key(message.id)))
        for text in translations(message):
            same_markup = text.count("<br>") == key(message.id).count("<br>")
            if sorted(PLACEHOLDER.findall(text)) != wanted or not same_markup:
                broken.append((key(message.id), text))
    assert broken == []


def test_chinese_translations_are_chinese():
    """A translation that still reads as the English (copied, not translated) is caught here;
    format names and placeholders alone, with Chinese punctuation ("、", "："), are allowed."""
    copied = [key(m.id) for m in entries(CHINESE)
              if not re.search(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]", translations(m)[0])]
    assert copied == []


def test_every_code_a_label_shows_has_its_word_in_the_catalogue(extracted):
    """labels.label translates a code's English word, so each must be a msgid (labels.WORDS)."""
    vocabularies = [enums.OrganisationKind, enums.DatePrecision, enums.MeetingKind, enums.MeetingStatus,
                    enums.ParticipantRole, enums.Side, enums.AgreementKind, enums.AgreementStatus,
                    enums.PledgeStatus, enums.Role, enums.AuditAction]
    words = {labels.english_label(member) for vocabulary in vocabularies for member in vocabulary}
    words |= {level.label for level in enums.Confidentiality}
    assert words - extracted == set()
    assert words - set(labels.WORDS) == set()


def test_labels_translate_with_the_context():
    from tracker.i18n import using_language

    with using_language(CHINESE):
        assert [labels.label(code) for code in ("signing_ceremony", "mou", "state_owned_enterprise",
                                                "in_progress", "host", "government", "viewer")] == [
            "签约仪式", "合作备忘录", "国有企业", "推进中", "主方", "政府方", "查阅者"]
        assert labels.value_text("confidentiality", 2) == "秘密"
    assert labels.label("signing_ceremony") == "Signing ceremony"
    assert labels.value_text("confidentiality", 2) == "Confidential"


def test_the_glossary_covers_the_domain_words_the_catalogue_uses():
    """docs/glossary-zh.md pairs each domain word with its one Chinese rendering; the catalogue
    uses that rendering wherever the word is the whole message."""
    glossary = (ROOT / "docs" / "glossary-zh.md").read_text(encoding="utf-8")
    pairs = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|", glossary, flags=re.MULTILINE)
    terms = {english.strip(): chinese.strip() for english, chinese in pairs if english != "English"}
    assert len(terms) >= 40
    # A message with a context is the word in another sense (pgettext), not the glossary's.
    whole = {key(m.id): translations(m)[0] for m in entries(CHINESE) if not m.context}
    disagree = {english: (chinese, whole[english]) for english, chinese in terms.items()
                if english in whole and whole[english] != chinese}
    assert disagree == {}
