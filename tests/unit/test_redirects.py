import pytest

from pkcourse.auth.redirects import safe_next_path


@pytest.mark.parametrize(
    "target",
    ["/", "/modules/case-studies", "/modules/x/quiz?retry=1", "/progress#latest"],
)
def test_local_paths_are_kept(target):
    assert safe_next_path(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "https://evil.example/",
        "//evil.example",
        "////evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "modules/relative",
        "/ok\r\nSet-Cookie: x=1",
        "/" + "a" * 3000,
    ],
)
def test_other_sites_and_odd_values_are_refused(target):
    assert safe_next_path(target) is None
