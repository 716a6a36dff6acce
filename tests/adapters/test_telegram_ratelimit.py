"""Replies and nudges share one send budget, and replies are served first."""

from __future__ import annotations

import asyncio

from adapters.telegram.ratelimit import SendBudget


async def test_replies_overtake_nudges_waiting_for_the_budget() -> None:
    budget = SendBudget(per_second=50)
    order: list[str] = []

    async def send(name: str, *, bulk: bool) -> None:
        await budget.acquire(bulk=bulk)
        order.append(name)

    # The budget's first second is spent at once, so everything below has to queue.
    for _ in range(50):
        await budget.acquire(bulk=True)
    nudges = [asyncio.create_task(send(f"nudge {n}", bulk=True)) for n in range(4)]
    await asyncio.sleep(0)
    replies = [asyncio.create_task(send(f"reply {n}", bulk=False)) for n in range(3)]
    await asyncio.gather(*nudges, *replies)
    assert order[:3] == ["reply 0", "reply 1", "reply 2"]
    assert sorted(order[3:]) == [f"nudge {n}" for n in range(4)]


async def test_without_replies_nudges_use_the_whole_budget() -> None:
    budget = SendBudget(per_second=1_000)
    await asyncio.gather(*(budget.acquire(bulk=True) for _ in range(20)))
