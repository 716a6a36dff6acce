"""Turning what users type into commands and values, in English and German."""

from coach.parsing.dates import parse_birthday, take_day
from coach.parsing.durations import (
    parse_clock,
    parse_minutes,
    parse_period_days,
    parse_weekday,
    take_minutes,
)
from coach.parsing.grammar import (
    CHANNEL_WORDS,
    parse_add,
    parse_edit,
    parse_edit_fields,
    parse_log,
)
from coach.parsing.timezones import resolve_timezone

__all__ = [
    "CHANNEL_WORDS",
    "parse_add",
    "parse_birthday",
    "parse_clock",
    "parse_edit",
    "parse_edit_fields",
    "parse_log",
    "parse_minutes",
    "parse_period_days",
    "parse_weekday",
    "resolve_timezone",
    "take_day",
    "take_minutes",
]
