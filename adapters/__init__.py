"""Thin adapters around the engine: terminal, Telegram, the scheduler, and the CLI."""
