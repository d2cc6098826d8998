"""Persistence: SQLAlchemy 2 async models, Alembic migrations, and the Store the app uses."""

from storage.migrate import migrate
from storage.schema import SchemaOutdated
from storage.store import Store, Turn, TurnFinished

__all__ = ["SchemaOutdated", "Store", "Turn", "TurnFinished", "migrate"]
