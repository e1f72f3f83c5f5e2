"""The dataclass shape of the values a build holds by the tens of thousands."""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter


def record(cls: type | None = None, /, *, order: bool = False):
    """``@dataclass(frozen=True, slots=True)``, pickled as a call of the class with its field values.

    Slots keep a large deck's sections and cards small. The pickling dataclass gives a slotted class
    rebuilds each object field by field in Python: reading the build cache took twice as long.
    """

    def make(cls: type) -> type:
        cls = dataclass(frozen=True, order=order, slots=True)(cls)
        names = [field.name for field in fields(cls)]
        values = attrgetter(*names)
        if len(names) == 1:
            cls.__reduce__ = lambda self: (type(self), (values(self),))
        else:
            cls.__reduce__ = lambda self: (type(self), values(self))
        return cls

    return make if cls is None else make(cls)
