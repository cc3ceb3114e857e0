"""Subcommands of ``wirewatch``: each module adds its parser in ``register``."""
