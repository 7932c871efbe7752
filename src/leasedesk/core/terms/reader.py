"""Reading any registered schema out of a JSON object: each term by its kind of value and rule.

Terms whose values are lists with rules of their own ("steps", "rounds") are read by the
callers' ``special`` readers, which also see the values read before them (a ramp is
checked against the GPUs and the term).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from leasedesk.core.json_reader import MISSING, FieldReader, Problem
from leasedesk.core.terms.term import NUMBER_KINDS, Schema, Term, TermObject

SpecialReader = Callable[[FieldReader, Term, Mapping[str, Any]], Any]


def read_term(reader: FieldReader, term: Term) -> Any:
    """One term's value, or a placeholder when it has a problem (recorded by the reader)."""
    key = term.key
    default = MISSING if term.required else term.default
    rule = term.check
    check, words = (rule.holds, rule.words) if rule is not None else (None, "")
    if term.kind in NUMBER_KINDS:
        return reader.number(key, default, check=check, rule=words)
    if term.kind == "whole":
        return reader.whole(key, default, check=check, rule=words)
    if term.kind == "text":
        return reader.text(key, default, max_length=term.max_length)
    if term.kind == "reference":
        return reader.optional_text(key, max_length=term.max_length)
    if term.kind == "month":
        assert term.required, f"{term.dotted_key}: a month term has no default"
        return reader.month_date(key)
    if term.kind == "choice":
        if term.default is None and reader.raw(key, None) is None:
            return None  # an optional choice not given (an offer's proposed_by)
        return reader.choice(key, tuple(value for value, _label in term.choices), default)
    if term.kind == "flag":
        return reader.flag(key, default)
    raise ValueError(f"{term.dotted_key}: a {term.kind!r} term needs a special reader")


def read_schema(
    reader: FieldReader, schema: Schema, special: Mapping[str, SpecialReader] | None = None
) -> dict[str, Any]:
    """The values of every term of ``schema``, keyed like the model's fields; nested objects built."""
    values: dict[str, Any] = {}
    for item in schema:
        if isinstance(item, TermObject):
            values[item.key] = _read_object(reader, item)
        elif special is not None and item.kind in special:
            values[item.key] = special[item.kind](reader, item, values)
        else:
            values[item.key] = read_term(reader, item)
    return values


def _read_object(reader: FieldReader, item: TermObject) -> Any:
    if item.read is not None:
        return _read_object_itself(reader, item)
    data = reader.obj(item.key, None)
    if data is None:
        return None if item.optional else item.model()
    inner = FieldReader(data, reader.where(item.key), reader.problems)
    values = read_schema(inner, item.terms)
    return item.model(**values, extra=inner.extra())


def _read_object_itself(reader: FieldReader, item: TermObject) -> Any:
    """An object with a reader of its own; absent or null: None (optional) or the model's defaults."""
    assert item.read is not None
    data = reader.raw(item.key, None)
    if data is None:
        return None if item.optional else item.model()
    result = item.read(data, reader.where(item.key))
    if isinstance(result, list):
        reader.problems.extend(Problem(field, message) for field, message in result)
        return None
    return result
