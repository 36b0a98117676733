"""Absolute URLs (a class's join link, a certificate's verification address) from configured host
names only: a visitor's ``Host`` header must never decide where a printed or shared link points.

``SERVER_NAME`` (``PKCOURSE_SERVER_NAME``) names the site; failing that, a host listed in
``TRUSTED_HOSTS`` has been checked by then (``inputs.HostGuard``). With neither, only a loopback
host (a developer's own machine) is used and everything else gets a site-relative path.
"""

import re

from flask import current_app, request, url_for

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
_PORT = re.compile(r":[0-9]+$")


def external_url_for(endpoint: str, **values) -> str:
    config = current_app.config
    host = _PORT.sub("", request.host)
    if config.get("SERVER_NAME") or config.get("TRUSTED_HOSTS") or host in LOOPBACK_HOSTS:
        return url_for(endpoint, _external=True, **values)
    return url_for(endpoint, **values)
