"""Article -> coded events: actors, verbs, CAMEO, PLOVER and ACLED (pure functions)."""

# The event coder, exported lazily so that importing a dictionary module does not load spaCy.
__all__ = ["EXTRACTOR_VERSION", "Coder"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from pipeline.coding import coder

        return getattr(coder, name)
    raise AttributeError(f"module 'pipeline.coding' has no attribute {name!r}")
