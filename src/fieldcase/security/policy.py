"""The passphrase policy (security.md): at least 12 characters, not a common password or pattern,
not one character repeated, not containing the user name — plus a strength estimate for the meter.

Separate from the server password: the laptop passphrase guards data at rest on a stolen laptop,
where an attacker can guess offline at Argon2id speed, so guessable choices are refused outright.
"""

from __future__ import annotations

import math
import string
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from fieldcase import bundled
from fieldcase.security.errors import WeakPassphrase

MIN_LENGTH = 12

_WALKS = (
    "1234567890",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "1q2w3e4r5t6y7u8i9o0p",
    "!@#$%^&*()",
)
_STRIP = string.digits + string.punctuation + " "
_SEPARATORS = str.maketrans("", "", " \t-_.")
_LEET_I = str.maketrans(
    {
        "@": "a",
        "4": "a",
        "3": "e",
        "1": "i",
        "!": "i",
        "0": "o",
        "$": "s",
        "5": "s",
        "7": "t",
        "+": "t",
    }
)
_LEET_L = str.maketrans(
    {
        "@": "a",
        "4": "a",
        "3": "e",
        "1": "l",
        "!": "i",
        "0": "o",
        "$": "s",
        "5": "s",
        "7": "t",
        "+": "t",
    }
)

_ADVICE = "Try three or four unrelated words, for example a short sentence only you would make up."


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = bundled.resource("security", "common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _period(text: str) -> str:
    """The shortest unit that `text` repeats (the text itself if it does not repeat)."""
    n = len(text)
    for size in range(1, n // 2 + 1):
        if n % size == 0 and text[:size] * (n // size) == text:
            return text[:size]
    return text


def _is_walk(text: str) -> bool:
    if len(text) < 4:
        return False
    for walk in _WALKS:
        looped = walk * (len(text) // len(walk) + 2)
        if text in looped or text in looped[::-1]:
            return True
    return False


def _common_forms(folded: str) -> set[str]:
    compact = folded.translate(_SEPARATORS)
    forms = {compact, compact.strip(_STRIP)}
    for form in list(forms):  # noqa: PERF101 - a copy: the loop adds to the set
        forms.add(form.translate(_LEET_I).strip(_STRIP))
        forms.add(form.translate(_LEET_L).strip(_STRIP))
    forms |= {_period(form) for form in forms}
    return {form for form in forms if len(form) >= 4}


def _user_word_forms(word: str) -> set[str]:
    folded = _fold(word).strip()
    forms = {folded, folded.split("@", 1)[0]}
    forms |= {
        part
        for part in folded.replace(".", " ").replace("_", " ").replace("-", " ").split()
        if len(part) >= 4
    }
    return {form for form in forms if len(form) >= 3}


def check_passphrase(passphrase: str, *, user_words: tuple[str, ...] = ()) -> None:
    """Raise WeakPassphrase (with the reason in plain words) if the policy refuses `passphrase`."""
    if not isinstance(passphrase, str):
        raise TypeError("a passphrase is a str")
    if len(passphrase) < MIN_LENGTH:
        raise WeakPassphrase(
            f"Use at least {MIN_LENGTH} characters. " + _ADVICE,
            reason="too_short",
        )
    folded = _fold(passphrase)
    compact = folded.translate(_SEPARATORS)
    if len(set(compact)) <= 1 or len(_period(compact)) <= 3:
        raise WeakPassphrase(
            "Do not repeat one character or a short pattern over and over. " + _ADVICE,
            reason="repeated",
        )
    for word in user_words:
        if word and any(form in folded or form in compact for form in _user_word_forms(word)):
            raise WeakPassphrase(
                "Do not use your user name in your passphrase. " + _ADVICE,
                reason="contains_user_name",
            )
    forms = _common_forms(folded)
    if _is_walk(compact) or any(_is_walk(form) for form in forms if len(form) >= 6):
        raise WeakPassphrase(
            "That is a keyboard pattern or a simple sequence, which is guessed first. " + _ADVICE,
            reason="sequence",
        )
    if forms & common_passwords():
        raise WeakPassphrase(
            "That is one of the most commonly used passwords (adding numbers or symbols does not "
            "change that). " + _ADVICE,
            reason="common",
        )


@dataclass(frozen=True)
class Strength:
    """For the UI meter: `score` 0 (refused) to 4 (strong), and a hint in plain words."""

    score: int
    hint: str


def assess(passphrase: str, *, user_words: tuple[str, ...] = ()) -> Strength:
    try:
        check_passphrase(passphrase, user_words=user_words)
    except WeakPassphrase as refused:
        return Strength(0, refused.message)
    pool = 0
    if any(c.islower() for c in passphrase):
        pool += 26
    if any(c.isupper() for c in passphrase):
        pool += 26
    if any(c.isdigit() for c in passphrase):
        pool += 10
    if any(not c.isalnum() for c in passphrase):
        pool += 33
    # People choose characters far from uniformly; count half the naive bits, or ~11 bits per
    # separate word of 3+ letters (a generous estimate for words a person picked), whichever is more.
    char_bits = 0.5 * len(passphrase) * math.log2(max(pool, 2))
    word_bits = 11 * sum(1 for word in passphrase.split() if len(word) >= 3)
    bits = max(char_bits, word_bits)
    if bits < 40:
        return Strength(1, "Allowed, but easy to guess. Add another unrelated word.")
    if bits < 56:
        return Strength(2, "Fair. One or two more unrelated words would make it strong.")
    if bits < 72:
        return Strength(3, "Good.")
    return Strength(4, "Strong.")


def strength(passphrase: str, *, user_words: tuple[str, ...] = ()) -> int:
    """0 (refused by the policy) to 4 (strong); `assess` also gives the hint for the meter."""
    return assess(passphrase, user_words=user_words).score


def strength_hint(passphrase: str, *, user_words: tuple[str, ...] = ()) -> str:
    return assess(passphrase, user_words=user_words).hint
