"""Persistence for the coach: SQLAlchemy 2.0 tables, repositories and a unit of work.

The engine never imports this package; the composition root hands it a unit-of-work
factory built here.
"""
