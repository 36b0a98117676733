from pkcourse.auth.passwords import hash_password, needs_rehash, verify_password

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
