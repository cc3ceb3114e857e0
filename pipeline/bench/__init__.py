"""Benchmarks: each part measures a figure against a baseline in the same run.

A part is a module ``pipeline.bench.<name>`` with a function
``run(settings: Settings, options: BenchOptions) -> BenchResult``.
"""

PARTS = ("normalize", "extract", "geo", "sink", "alert", "replay", "pipeline")
