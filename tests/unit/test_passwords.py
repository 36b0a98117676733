import pytest

from pkcourse.auth.passwords import (
    common_passwords,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)

CHEAP = "pbkdf2:sha256:1"


def test_a_hash_verifies_its_password_only():
    stored = hash_password("a long passphrase", "pbkdf2:sha256:1")
    assert verify_password(stored, "a long passphrase", CHEAP)
    assert not verify_password(stored, "a long passphrasE", CHEAP)


def test_the_default_method_is_scrypt():
    stored = hash_password("a long passphrase", "scrypt:32768:8:1")
    assert stored.startswith("scrypt:32768:8:1$")
    assert verify_password(stored, "a long passphrase", CHEAP)


def test_unreadable_or_legacy_hashes_fail_instead_of_crashing():
    assert not verify_password("sha256$salt$deadbeef", "anything", CHEAP)
    assert not verify_password("garbage", "anything", CHEAP)
    assert not verify_password(None, "anything", CHEAP)


def test_hash_from_another_method_is_marked_for_upgrade():
    stored = hash_password("pw-pw-pw-pw", "pbkdf2:sha256:1")
    assert needs_rehash(stored, "scrypt:32768:8:1")
    assert not needs_rehash(stored, "pbkdf2:sha256:1")


def test_the_shipped_list_holds_thousands_of_common_passwords():
    common = common_passwords()
    assert len(common) >= 5000
    assert {"123456", "password", "qwertyuiop", "1234567890"} <= common


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 10 characters"),
        ("x" * 201, "at most 200"),
        ("abababababab", "different characters"),
        ("1234567890", "most commonly used"),
        ("QwertyUiop", "most commonly used"),  # case does not matter
        ("password2024!", "most commonly used"),  # nor digits and symbols around it
        ("!!dragon2024", "most commonly used"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, problem):
    assert problem in password_problem(password)


def test_a_password_may_not_be_the_email_or_its_name_part():
    assert "email" in password_problem("rosa.parks.1", email="Rosa.Parks@example.org")
    assert password_problem("rosa.parks.1") is None


def test_good_passphrases_pass():
    for password in ("correct horse battery", "Tuesday-lunch-with-Ana", "mon vélo est bleu"):
        assert password_problem(password) is None
