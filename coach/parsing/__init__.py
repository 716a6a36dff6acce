"""Turning what users type into commands and values, in English and German."""

from coach.parsing.clock import NudgeChoice, parse_clock, parse_nudge
from coach.parsing.dates import parse_birthday, take_day
from coach.parsing.durations import (
    parse_minutes,
    parse_period_days,
    parse_weekday,
    split_trailing_period,
    take_minutes,
)
from coach.parsing.grammar import (
    CHANNEL_WORDS,
    parse_add,
    parse_edit,
    parse_edit_fields,
    parse_log,
)
from coach.parsing.numbers import ascii_int
from coach.parsing.timezones import resolve_timezone

__all__ = [
    "CHANNEL_WORDS",
    "NudgeChoice",
    "ascii_int",
    "parse_add",
    "parse_birthday",
    "parse_clock",
    "parse_edit",
    "parse_edit_fields",
    "parse_log",
    "parse_minutes",
    "parse_nudge",
    "parse_period_days",
    "parse_weekday",
    "resolve_timezone",
    "split_trailing_period",
    "take_day",
    "take_minutes",
]
