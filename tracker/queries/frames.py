"""Statements run into small DataFrames, fast: ``frame`` for any statement, and statements
prepared once per shape of the filters (``prepared_frame``) for the dashboards' smallest
questions, where SQLAlchemy's per-call work and pandas' type inference cost more than the
database.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.i18n import display_name
from tracker.queries.filter_sql import filter_values, filters_shape, placeholder_filters
from tracker.queries.filters import Filters


def shown_names(rows: pd.DataFrame, name: str = "name", local: str = "local_name") -> pd.DataFrame:
    """``rows`` with one ``name`` column in the reader's language first (腾讯 (Tencent) in Chinese,
    Tencent (腾讯) in English: ``display_name``) in place of ``name`` and ``local``; None where
    there is neither (an optional organisation)."""
    names = [display_name(None if pd.isna(english) else english, None if pd.isna(chinese) else chinese)
             or None for english, chinese in zip(rows[name], rows[local], strict=True)]
    return rows.assign(**{name: names}).drop(columns=[local])


def frame(session: Session, statement, columns: list[str]):
    """Run ``statement`` and return its rows as a DataFrame with ``columns`` (even when empty).

    Runs on the session's connection (SQLAlchemy Core), then reads the driver's own rows off the
    cursor and converts only the columns that need it (see ``column_reader``): SQLAlchemy's row
    processing would turn stored enum values into members that we would turn straight back."""
    result = session.connection().execute(statement)
    try:
        rows = result.cursor.fetchall() if result.cursor is not None else []
    finally:
        result.close()
    dialect = session.get_bind().dialect
    selected = getattr(statement, "selected_columns", None)
    if selected is None:  # e.g. text(): no types to go by, so pandas infers each column
        return rows_frame(rows, columns, [(None, "infer")] * len(columns))
    return rows_frame(rows, columns, [column_reader(column.type, dialect) for column in selected])


# --- Reading rows into DataFrames ---------------------------------------------------------------
#
# For a small result ``pd.DataFrame(rows, columns=...)`` costs about as much as the SQL: pandas 3
# infers every column (text into Arrow-backed StringDtype), and converting enum values one by one
# adds to it. So only the columns that need it are converted, and pandas is handed ready-made
# blocks with known dtypes (``create_dataframe_from_blocks``, no inference).


def column_reader(type_: sa.types.TypeEngine, dialect) -> tuple:
    """How to read one selected column from the driver's rows: (converter or None, kind).

    Enum columns (``enum_column``) are stored as their plain values and confidentiality as its
    integer, which is what the DataFrames carry, so both are taken as the driver returns them;
    other types use their own result processor (SQLite dates: ISO text to ``datetime.date``).
    ``kind`` picks the column's dtype, as pandas inferred it before: "int" (int64, or float64 with
    NaN when a value is missing), "text" (Python strings, NaN when missing; object dtype rather
    than pandas 3's inferred StringDtype, which is slower to build), "object" (dates, None
    when missing) or "infer" (any other type: pandas infers it, as before). A column whose values
    are all missing holds None, as pandas left it (pages test ``row["local_name"]`` for truth).
    """
    from tracker.models.base import ConfidentialityType

    if isinstance(type_, ConfidentialityType):
        return None, "int"
    if isinstance(type_, sa.Enum):
        if type_.enum_class is None or list(type_.enums) == [m.value for m in type_.enum_class]:
            return None, "text"
        members = type_.dialect_impl(dialect).result_processor(dialect, None)
        return (lambda v: members(v).value), "text"
    converter = type_.dialect_impl(dialect).result_processor(dialect, None)
    try:
        python_type = (type_.impl_instance if isinstance(type_, sa.TypeDecorator) else type_).python_type
    except NotImplementedError:  # e.g. a function SQLAlchemy knows no type for
        return converter, "infer"
    if python_type is int:
        return converter, "int"
    if python_type is str:
        return converter, "text"
    if python_type is dt.date:
        if dialect.name == "sqlite" and type(type_) is sa.Date:
            converter = dt.date.fromisoformat  # what SQLAlchemy stores; its own parser is 2x slower
        return converter, "object"
    return converter, "infer"


@functools.lru_cache(maxsize=256)
def _column_index(columns: tuple[str, ...]):
    import pandas as pd

    return pd.Index(columns)  # immutable, so one per set of names is shared by every frame


def rows_frame(rows: list, columns: list[str], readers: list[tuple]):
    """A DataFrame with ``columns`` from driver rows, each column converted and typed as its
    reader says (see ``column_reader``), built from ready blocks so pandas infers nothing."""
    import numpy as np
    import pandas as pd
    from pandas.api.internals import create_dataframe_from_blocks

    if len(columns) != len(readers):
        raise ValueError(f"{len(columns)} column names for {len(readers)} selected columns")
    count = len(rows)
    values = list(zip(*rows, strict=True)) if count else [()] * len(columns)
    ints, objects, blocks = {}, {}, []  # position -> column
    for position, (column, (converter, kind)) in enumerate(zip(values, readers, strict=True)):
        if converter is not None:
            if None in column:
                column = [None if v is None else converter(v) for v in column]
            else:
                column = list(map(converter, column))
        if kind == "int":
            ints[position] = column
        elif kind == "text":
            if None in column and any(v is not None for v in column):  # as pandas: NaN, unless all are
                column = [np.nan if v is None else v for v in column]
            objects[position] = column
        elif kind == "object":
            objects[position] = column
        else:
            array = pd.Series(list(column), dtype=None if count else object).array
            if isinstance(array, pd.arrays.NumpyExtensionArray):
                array = array.to_numpy().reshape(1, count)
            blocks.append((array, np.array([position])))
    if ints:
        try:
            block = np.array(list(ints.values()), dtype=np.int64).reshape(len(ints), count)
            blocks.append((block, np.array(list(ints))))
        except TypeError:  # a value is missing: float with NaN, or None if all are, as pandas infers
            for position, column in ints.items():
                try:
                    blocks.append((np.array([column], dtype=np.int64), np.array([position])))
                except TypeError:
                    if all(v is None for v in column):
                        objects[position] = column
                    else:
                        blocks.append((np.array([column], dtype=np.float64), np.array([position])))
    if objects:
        block = np.empty((len(objects), count), dtype=object)
        for k, column in enumerate(objects.values()):
            block[k, :] = column
        blocks.append((block, np.array(list(objects))))
    return create_dataframe_from_blocks(
        blocks, index=pd.RangeIndex(count), columns=_column_index(tuple(columns))
    )


# --- Statements prepared once per shape of the filters ------------------------------------------
#
# The small dashboard queries (agreements timeline, meetings behind a chart, pledge funnel and
# pledges by area) are quick as SQL, so building the SQLAlchemy statement again on every call,
# compiling it or finding it in SQLAlchemy's cache, and SQLAlchemy's execution path cost several
# times the SQL itself. ``prepared_rows`` builds and compiles
# a statement once per *shape* of the filters (which filters are set, how many values each list
# holds, the clearance, the dialect) and then only binds the period dates and listed ids and runs
# the SQL on the session's driver connection.

class Prepared:
    """One statement compiled for one dialect: its SQL, how to order and convert the parameters,
    and how to read each selected column."""

    def __init__(self, statement, dialect) -> None:
        if dialect.name == "postgresql":
            statement = text_constants_inline(statement)
        compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
        self.sql = str(compiled)
        self.positional = compiled.positional
        constants = compiled.construct_params()
        escaped = compiled.escaped_bind_names or {}
        names = compiled.positiontup if compiled.positional else list(constants)
        # Per parameter: (name in the SQL, name given by the caller or None, processor, constant).
        self.parameters = []
        for name in names:
            # A list bound as one expanding parameter is rendered as name_1, name_2, ...
            bind = compiled.binds[name if name in compiled.binds else name.rsplit("_", 1)[0]]
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if name.startswith("filter__"):
                self.parameters.append((escaped.get(name, name), name, processor, None))
            else:
                value = constants[name]
                value = processor(value) if processor is not None and value is not None else value
                self.parameters.append((escaped.get(name, name), None, None, value))
        self.readers = [column_reader(column.type, dialect) for column in statement.selected_columns]

    def bind(self, values: dict):
        """The driver's parameters (a list or a dict, as the dialect's paramstyle wants)."""
        bound = []
        for sql_name, name, processor, constant in self.parameters:
            if name is None:
                bound.append((sql_name, constant))
            else:
                value = values[name]
                bound.append(
                    (sql_name, processor(value) if processor is not None and value is not None else value)
                )
        return [v for _, v in bound] if self.positional else dict(bound)


def text_constants_inline(statement):
    """The statement with its enum constants (statuses, kinds: members of our own enums, never a
    value that came from a user) written into the SQL as literals: PostgreSQL compares a varchar
    column with a text parameter more slowly than with a literal (the pledge funnel's status
    tests)."""

    def is_member(value) -> bool:
        values = value if isinstance(value, list | tuple) else [value]
        return bool(values) and all(isinstance(v, enum.Enum) and isinstance(v, str) for v in values)

    def inline(element):
        if (
            isinstance(element, sa.sql.elements.BindParameter)
            and not element.key.startswith("filter__")
            and is_member(element.value)
        ):
            return element.render_literal_execute()
        return None

    return sa.sql.visitors.replacement_traverse(statement, {}, inline)


@functools.lru_cache(maxsize=512)
def prepare(build, shape: tuple, args: tuple, dialect) -> Prepared:
    """``build(placeholder_filters(shape), dialect, *args)`` compiled for ``dialect``, kept."""
    return Prepared(build(placeholder_filters(shape), dialect, *args), dialect)


def prepared_rows(
    build, session: Session, filters: Filters, *args, values: dict | None = None
) -> tuple[list, list]:
    """Rows of the statement ``build(placeholders, dialect, *args)`` makes for ``filters``, read
    straight from the driver, with the column readers for ``rows_frame``.

    ``build`` comes first, before the session: this is a helper, not a read function of its own
    (the clearance test calls every function whose first parameter is the session).
    It must be a module-level function (it is part of the cache key) and everything the
    statement depends on besides the period dates and the filters' lists must be in ``args``
    (hashable; their values are written into the cached statement, so keep them few: a limit, a
    chart selection, today). A value that changes from call to call besides the filters' (e.g.
    the KPIs' split between the current and the previous period) is a bind parameter whose name
    starts with ``filter__``, given in ``values``. The SQL runs in the session's transaction but
    past SQLAlchemy's execution events (no echo logging of it)."""
    connection = session.connection()  # the session's transaction (SQLite: BEGIN) as for any query
    dialect = connection.dialect
    prepared = prepare(build, filters_shape(filters), args, dialect)
    cursor = connection.connection.driver_connection.cursor()
    try:
        bound = filter_values(filters) if values is None else {**filter_values(filters), **values}
        cursor.execute(prepared.sql, prepared.bind(bound))
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return rows, prepared.readers


def prepared_frame(build, session: Session, filters: Filters, *args, columns: list[str]):
    """``prepared_rows`` as a DataFrame with ``columns`` (even when empty)."""
    rows, readers = prepared_rows(build, session, filters, *args)
    return rows_frame(rows, columns, readers)


def all_pages(session: Session, func: Callable[..., tuple[pd.DataFrame, int]], *args, total: int,
              chunk: int = 5000, **kwargs) -> pd.DataFrame:
    """Every row of a paged list query, ``func(session, *args, limit=, offset=, **kwargs) ->
    (frame, total)``, fetched ``chunk`` rows at a time (no query carries more than ``chunk`` ids):
    what a download of a long list holds."""
    parts = [func(session, *args, limit=chunk, offset=offset, **kwargs)[0]
             for offset in range(0, total, chunk)]
    return pd.concat(parts, ignore_index=True) if parts else func(session, *args, limit=1, **kwargs)[0]
