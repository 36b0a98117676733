import math
import random

from pkcourse.certificates.codes import ALPHABET, LENGTH, display, is_legacy, new_code, normalise


def test_a_code_has_twelve_characters_and_at_least_sixty_bits():
    code = new_code()
    assert len(code) == LENGTH == 12
    assert LENGTH * math.log2(len(set(ALPHABET))) >= 60
    assert set(code) <= set(ALPHABET)
    assert not set("ILOU") & set(ALPHABET)


def test_codes_are_shown_in_groups_of_four():
    assert display("K7QM4XPD9TRW") == "K7QM-4XPD-9TRW"


def test_a_typed_code_matches_whatever_the_case_separators_or_look_alikes():
    assert normalise("k7qm-4xpd-9trw") == "K7QM4XPD9TRW"
    assert normalise(" K7QM 4XPD 9TRW ") == "K7QM4XPD9TRW"
    assert normalise("O1QM-4XPD-9TRW") == normalise("0IQM-4XPD-9TRW") == "01QM4XPD9TRW"
    assert normalise("L1QM4XPD9TRW") == "11QM4XPD9TRW"


def test_anything_else_is_not_a_short_code():
    assert normalise("K7QM-4XPD-9TR") is None  # too short
    assert normalise("K7QM-4XPD-9TRWX") is None  # too long
    assert normalise("K7QM-4XPD-9TRU") is None  # U is not in the alphabet
    assert normalise("<script>") is None


def test_old_codes_are_recognised_as_such():
    old = "Ab3_x-Yz0123456789qrst"  # token_urlsafe(16): 22 characters
    assert is_legacy(old)
    assert not is_legacy("K7QM-4XPD-9TRW")
    assert not is_legacy("../etc/passwd")


def test_new_codes_differ():
    random.seed(0)  # secrets ignores it: codes must not repeat in a small sample either way
    assert len({new_code() for _ in range(1000)}) == 1000
