"""Command handlers: one module per area, each function takes a Turn and the arguments."""
