"""Article -> coded events: actors, verbs, CAMEO, PLOVER and ACLED (pure functions)."""
