"""Users do not wait for each other, and each user's own updates keep their order."""

from __future__ import annotations

import asyncio

from telegram import Update

from adapters.telegram.concurrency import PerUserUpdateProcessor
from tests.fakes.telegram_updates import message_update

next_id = iter(range(1, 10_000))


def update_from(user_id: int, text: str = "/help") -> Update:
    data = message_update(text, user_id=user_id)
    data["update_id"] = next(next_id)
    parsed = Update.de_json(data, None)
    assert parsed is not None
    return parsed


async def test_another_users_update_is_handled_while_a_slow_one_runs() -> None:
    processor = PerUserUpdateProcessor()
    release = asyncio.Event()
    finished: list[str] = []

    async def slow() -> None:
        await release.wait()
        finished.append("anna's /week")

    async def quick() -> None:
        finished.append("bert's /help")

    async with processor:
        anna = asyncio.create_task(processor.process_update(update_from(1), slow()))
        await processor.process_update(update_from(2), quick())
        assert finished == ["bert's /help"]  # done although Anna's update still runs
        release.set()
        await anna
    assert finished == ["bert's /help", "anna's /week"]
    assert processor.users_in_flight == 0


async def test_one_users_updates_are_handled_one_after_the_other_in_arrival_order() -> None:
    processor = PerUserUpdateProcessor()
    gates = [asyncio.Event() for _ in range(3)]
    started: list[int] = []

    async def step(number: int) -> None:
        started.append(number)
        await gates[number].wait()

    async with processor:
        tasks = [asyncio.create_task(processor.process_update(update_from(7), step(n)))
                 for n in range(3)]
        for _ in range(5):
            await asyncio.sleep(0)
        assert started == [0]  # the second waits although the first is blocked
        # Releasing a later one first changes nothing: order is arrival order.
        gates[2].set()
        gates[1].set()
        for _ in range(5):
            await asyncio.sleep(0)
        assert started == [0]
        gates[0].set()
        await asyncio.gather(*tasks)
    assert started == [0, 1, 2]
    assert processor.users_in_flight == 0


async def test_a_failing_update_does_not_block_the_users_next_one() -> None:
    processor = PerUserUpdateProcessor()
    done: list[str] = []

    async def fails() -> None:
        raise RuntimeError("boom")

    async def works() -> None:
        done.append("next")

    async with processor:
        first = asyncio.create_task(processor.process_update(update_from(9), fails()))
        second = asyncio.create_task(processor.process_update(update_from(9), works()))
        results = await asyncio.gather(first, second, return_exceptions=True)
    assert isinstance(results[0], RuntimeError)
    assert done == ["next"]
    assert processor.users_in_flight == 0
