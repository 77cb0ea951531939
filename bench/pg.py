"""A fresh PostgreSQL database for one benchmark, created and dropped like tests/conftest.py."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator

import psycopg
from sqlalchemy.engine import make_url


def _admin(url: str) -> psycopg.Connection[tuple[object, ...]]:
    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname=parsed.database,
        autocommit=True,
        connect_timeout=3,
    )


async def unavailable(url: str) -> str | None:
    """Why there is no PostgreSQL server at `url`, or None when one answers."""
    try:
        connection = await asyncio.to_thread(_admin, url)
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"no PostgreSQL at {make_url(url).render_as_string()}: {first}"
    connection.close()
    return None


@contextlib.asynccontextmanager
async def fresh_database(url: str) -> AsyncIterator[str]:
    """The URL of a new, empty database on the server of `url`, dropped afterwards."""
    name = f"ib_bench_{uuid.uuid4().hex[:12]}"
    admin = await asyncio.to_thread(_admin, url)
    try:
        await asyncio.to_thread(admin.execute, f'CREATE DATABASE "{name}"')
        try:
            yield make_url(url).set(database=name).render_as_string(hide_password=False)
        finally:
            await asyncio.to_thread(admin.execute, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()
