"""Measuring the coder against labelled sets (PETRARCH, PLOVER, ACLED, CASE 2021)."""
