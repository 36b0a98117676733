"""Throw-away test databases: each test gets its own copy of a prepared template."""

import secrets
import shutil
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


class SqliteDatabases:
    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, url: str) -> Path:
        return Path(make_url(url).database)

    def create(self, name: str) -> str:
        return f"sqlite:///{self.folder / name}.sqlite3"

    def clone(self, template_url: str, name: str) -> str:
        url = self.create(name)
        shutil.copy(self._path(template_url), self._path(url))
        return url

    def drop(self, url: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self._path(url)}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        pass


class PostgresDatabases:
    """Databases named after this run on the given server; ``CREATE DATABASE … TEMPLATE`` makes a
    copy in a fraction of a second, and every database is dropped at the end."""

    def __init__(self, server_url: str):
        self.server_url = make_url(server_url)
        self.prefix = f"pkcourse_test_{secrets.token_hex(4)}"
        self.admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def _url(self, database: str) -> str:
        return self.server_url.set(database=database).render_as_string(hide_password=False)

    def create(self, name: str) -> str:
        return self._make(f"{self.prefix}_{name}", "")

    def clone(self, template_url: str, name: str) -> str:
        template = make_url(template_url).database
        return self._make(f"{self.prefix}_{name}", f' TEMPLATE "{template}"')

    def _make(self, database: str, suffix: str) -> str:
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"{suffix}'))
        self.created.append(database)
        return self._url(database)

    def drop(self, url: str) -> None:
        database = make_url(url).database
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        if database in self.created:
            self.created.remove(database)

    def close(self) -> None:
        for database in list(self.created):
            self.drop(self._url(database))
        self.admin.dispose()
