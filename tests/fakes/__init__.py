"""Test doubles that stand in for external services (Telegram Bot API, ...)."""
