"""The shared vocabulary: deterministic for a seed, and within the platform's constraints."""

import re

from core.brazil import is_valid_cnpj
from devdata.vocabulary import FORM_MESSAGE_MAX, Vocabulary, ascii_slug

DOMAIN = re.compile(r"^[a-z0-9]+\.com\.br$")
E164 = re.compile(r"^\+[1-9]\d{1,14}$")


def draw(seed: int) -> list[object]:
    words = Vocabulary(seed)
    return [words.person(), words.company(), words.utm(), words.public_ip(), words.mobile()]


def test_the_same_seed_gives_the_same_words():
    assert draw(3) == draw(3) != draw(4)


def test_companies_have_a_valid_cnpj_a_sector_and_a_plain_domain():
    words = Vocabulary(1)
    companies = [words.company() for _ in range(200)]

    assert all(is_valid_cnpj(c.cnpj) for c in companies)
    assert all(DOMAIN.match(c.domain) for c in companies)
    assert all(re.match(r"^\d\d\.\d\d-\d-\d\d - ", c.atividade) for c in companies)


def test_contact_details_fit_the_columns():
    words = Vocabulary(2)

    assert all(E164.match(words.mobile()) for _ in range(200))
    assert all(len(words.form_message()) <= FORM_MESSAGE_MAX for _ in range(200))
    assert all(re.fullmatch(r"[a-z0-9._]+", words.email_local(words.person())) for _ in range(200))


def test_ascii_slug_keeps_letters_and_digits():
    assert ascii_slug("São João & Filhos 2") == "saojoaofilhos2"
    assert ascii_slug("Três Rios", "-") == "tres-rios"
