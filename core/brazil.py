"""Brazilian identifiers: CNPJ check digits and formats, phone numbers in E.164."""

import random
import re

# Digits and the punctuation of its written forms; a letter makes it no CNPJ.
CNPJ_CHARACTERS = re.compile(r"[\d\s./-]+")
CNPJ_WEIGHTS_1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
CNPJ_WEIGHTS_2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: str, weights: tuple[int, ...]) -> str:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "0" if remainder < 2 else str(11 - remainder)


def cnpj_digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def is_valid_cnpj(value: str) -> bool:
    """True for a CNPJ (formatted or not) whose two check digits are right."""
    if not CNPJ_CHARACTERS.fullmatch(value):
        return False
    digits = cnpj_digits(value)
    if len(digits) != 14 or len(set(digits)) == 1:
        return False
    first = _check_digit(digits[:12], CNPJ_WEIGHTS_1)
    return digits[12:] == first + _check_digit(digits[:12] + first, CNPJ_WEIGHTS_2)


def format_cnpj(value: str) -> str:
    """00.000.000/0000-00, the way the platform stores it."""
    d = cnpj_digits(value)
    return f"{d[:2]}.{d[2:5]}.{d[5:8]}/{d[8:12]}-{d[12:]}"


def random_cnpj(rng: random.Random, branch: int = 1) -> str:
    """A formatted CNPJ with valid check digits (head office by default)."""
    base = f"{rng.randrange(10**8):08d}{branch:04d}"
    first = _check_digit(base, CNPJ_WEIGHTS_1)
    return format_cnpj(base + first + _check_digit(base + first, CNPJ_WEIGHTS_2))


DDDS = (11, 21, 31, 41, 47, 48, 51, 61, 62, 71, 81, 85, 91)


def random_mobile(rng: random.Random) -> str:
    """A Brazilian mobile number in E.164 (+55 DDD 9XXXX-XXXX)."""
    return f"+55{rng.choice(DDDS)}9{rng.randrange(10**8):08d}"
