"""Learning from the user's own decisions: similar requests lean the way the user went.

Each request falls into one category (a recruiter with a concrete role, a sales
pitch for software, a stranger without context, …), read again from the stored
excerpt of earlier requests. Where the user decided against the advice in a
category more often than they followed it, a new request of that category gets a
bias towards the user's choice, and a reason that says so ("you accepted 4
recruiters with a concrete role").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from coach.model import RequestRecord, Verdict
from coach.triage.intake import TriageInputError
from coach.triage.understanding import Understanding, understand

# Each overruled decision moves the scores this much, up to the cap.
BIAS_PER_DECISION = 2.5
MAX_BIAS = 10.0
# How many past requests are read at most: the most recent ones count.
MAX_HISTORY = 200


@dataclass(frozen=True)
class Lean:
    """The user's choice for this kind of request, how often they made it, the bias."""

    verdict: Verdict
    count: int
    category: str
    biases: dict[Verdict, float] = field(default_factory=dict)


def category_of(u: Understanding) -> str | None:
    """The kind of request, for comparing it with the user's earlier decisions."""
    kinds = {context.kind for context in u.contexts}
    asks = {ask.kind for ask in u.asks}
    if u.scam:
        return None  # a scam is never waved through because of habits
    if u.pitch:
        return f"offer:{u.offer}" if u.offer else "pitch"
    if "application" in asks:
        return "applicant"
    if "job" in asks:
        return "recruiter"
    if asks & {"interview", "background_call"}:
        return "journalist"
    if "speaking" in asks:
        return "speaking"
    if "known" in kinds:
        return "contact"
    for kind, category in (("referrer", "referral"), ("referral", "referral"),
                           ("event", "event"), ("met", "event"), ("past_work", "past_work"),
                           ("publication", "publication"), ("project", "project"),
                           ("organisation", "project")):
        if kind in kinds:
            return category
    if "questions" in asks:
        return "questions"
    if asks & {"call", "meeting", "lunch", "coffee", "introduction"}:
        return "meeting_request"
    return "no_context"


# The same history is read again for every new request, so categories are remembered,
# keyed by a hash of the text rather than the text, which may be long.
_CATEGORIES: dict[tuple[int, int, str | None, str | None], str | None] = {}
MAX_REMEMBERED = 100_000


def _past_category(record: RequestRecord, user_name: str | None) -> str | None:
    text = record.text_excerpt
    key = (hash(text), len(text), record.sender_name, user_name)
    if key not in _CATEGORIES:
        if len(_CATEGORIES) >= MAX_REMEMBERED:
            _CATEGORIES.clear()
        _CATEGORIES[key] = _category(record.text_excerpt, record.sender_name, user_name)
    return _CATEGORIES[key]


def _category(text: str, sender_name: str | None, user_name: str | None) -> str | None:
    """A past request's category, read again from its stored text."""
    try:
        past = understand(text, sender_name=sender_name, user_name=user_name)
    except TriageInputError:
        return None
    return category_of(past)


def lean_from(
    u: Understanding,
    history: Sequence[RequestRecord],
    *,
    user_name: str | None = None,
) -> Lean | None:
    """How the user's decisions on similar requests lean this one, or None."""
    category = category_of(u)
    if category is None or not history:
        return None
    overruled: Counter[Verdict] = Counter()
    followed: Counter[Verdict] = Counter()
    for record in list(history)[-MAX_HISTORY:]:
        if record.decision is None or _past_category(record, user_name) != category:
            continue
        if record.decision is record.verdict:
            followed[record.decision] += 1
        else:
            overruled[record.decision] += 1
    if not overruled:
        return None
    verdict, count = overruled.most_common(1)[0]
    against = sum(n for other, n in followed.items() if other is not verdict)
    net = count - against
    if net < 1:
        return None
    bias = min(BIAS_PER_DECISION * net, MAX_BIAS)
    return Lean(verdict, count + followed[verdict], category, {verdict: bias})
