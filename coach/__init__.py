"""The networking coach engine: domain rules, parsing, rendering, no frameworks.

Adapters (chat platforms, the terminal) and storage (SQLAlchemy) live outside this
package and reach it only through plain commands, results and the ports in
:mod:`coach.ports`.
"""
