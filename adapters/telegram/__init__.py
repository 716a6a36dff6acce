"""The coach in a Telegram chat: python-telegram-bot wired to :class:`coach.engine.Coach`.

Modules: ``app`` builds the PTB application, ``handlers`` turns updates into engine calls,
``rendering`` turns engine replies into Bot API sends, ``charts`` draws the /week and
/network pictures, ``polling`` and ``webhook`` are the two ways updates arrive.
"""

import os

# PTB 22 still hands out ``retry_after`` as seconds by default and emits a
# PTBDeprecationWarning each time it builds a ``RetryAfter``. Opting into timedeltas
# silences that for the whole process; the rate limiter reads either form.
os.environ.setdefault("PTB_TIMEDELTA", "true")
