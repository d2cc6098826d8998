"""Rows as the hot paths decode them (sqlite_fast.py, pg_fast.py): each column through its
type's result processor for the dialect, the same way SQLAlchemy's own results do."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy.engine import Dialect

Processor = Callable[[Any], Any] | None


class RowDecoder:
    def __init__(self, columns: Iterable[Any], dialect: Dialect) -> None:
        columns = tuple(columns)
        self.names = tuple(column.key for column in columns)
        self._processors: tuple[Processor, ...] = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        )

    def __call__(self, raw: Sequence[Any]) -> dict[str, Any]:
        return {
            name: value if process is None else process(value)
            for name, value, process in zip(self.names, raw, self._processors, strict=True)
        }
