"""Validation of the ``next`` parameter: only same-site paths, never another host."""

from urllib.parse import urlsplit


def safe_next_path(target: str | None) -> str | None:
    """Return ``target`` if it is a local path such as ``/modules/x?y=1``, else ``None``.

    Rejects absolute URLs, protocol-relative ``//host`` and the ``/\\host`` form browsers treat the
    same way, backslashes and control characters.
    """
    if not target or len(target) > 2000:
        return None
    if any(ch == "\\" or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
