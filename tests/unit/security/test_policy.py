from __future__ import annotations

import pytest

from fieldcase.security.errors import WeakPassphrase
from fieldcase.security.policy import assess, check_passphrase, common_passwords, strength


@pytest.mark.parametrize(
    "passphrase,reason,words",
    [
        ("tiny", "too_short", "at least 12 characters"),
        ("elevenchars", "too_short", "at least 12 characters"),
        ("aaaaaaaaaaaaaaaa", "repeated", "repeat"),
        ("            ", "repeated", "repeat"),
        ("abcabcabcabcabc", "repeated", "repeat"),
        ("password1234", "common", "commonly used"),
        ("P@ssw0rd2024!!", "common", "commonly used"),
        ("iloveyou!!!!!!", "common", "commonly used"),
        ("passwordpassword", "common", "commonly used"),
        ("Sunshine2023!", "common", "commonly used"),
        ("qwertyuiopasdf", "sequence", "keyboard pattern"),
        ("123456789012", "sequence", "keyboard pattern"),
        ("abcdefghijklmnop", "sequence", "keyboard pattern"),
        ("my name is JSmith ok", "contains_user_name", "user name"),
        ("jsmith.garden.blue", "contains_user_name", "user name"),
    ],
)
def test_refusals_explain_themselves(passphrase, reason, words):
    with pytest.raises(WeakPassphrase) as caught:
        check_passphrase(passphrase, user_words=("jsmith",))
    err = caught.value
    assert err.reason == reason and err.code == "weak_passphrase"
    assert words in err.message
    assert passphrase.strip() == "" or passphrase not in err.message
    assert "jsmith" not in err.message.lower()


def test_user_name_from_an_email_address():
    with pytest.raises(WeakPassphrase, match="user name"):
        check_passphrase("maria.lopez rides a bike", user_words=("maria.lopez@agency.example",))


@pytest.mark.parametrize(
    "passphrase",
    ["correct horse battery staple", "lantern orchard quietly 42 spoons", "Tr0ub4dor&3 zebra"],
)
def test_good_passphrases_pass(passphrase):
    check_passphrase(passphrase, user_words=("jsmith",))


def test_bundled_list_is_loaded():
    common = common_passwords()
    assert len(common) >= 1000
    assert {"password", "123456", "qwerty", "letmein", "iloveyou"} <= common
    assert not any(line.startswith("#") for line in common)


def test_strength_meter():
    assert strength("password") == 0
    assert assess("password").hint.startswith("Use at least 12")
    weak, strong = assess("monkeydragon12"), assess("lantern orchard quietly spoons velvet")
    assert 1 <= weak.score < strong.score == 4
    assert weak.hint and strong.hint
    assert all(0 <= strength(p) <= 4 for p in ["", "a" * 40, "correct horse battery staple"])
