"""The wire article normaliser: a ``RawArticle`` becomes clean ``Article``s, or a ``Rejected``.

``normalize`` is pure and never raises. The page is read as plain wire text or, for
``text/html`` bodies (or bodies that open with ``<!doctype html`` / ``<html``), through
an HTML parser; both give the same kind of units, read by the same rules
(``structure.py``): headline, captions, masthead (agency, dateline, byline, time stamp),
body, sidebars, boilerplate out.

Reason codes of the ``Rejected`` it returns (``stage="normalize"``):

* ``empty`` — the body is empty or only whitespace/invisible characters;
* ``too_large`` — the UTF-8 body is over ``max_bytes``;
* ``binary`` — more than 5% of the characters are NUL, control characters or U+FFFD
  (bytes that were never text);
* ``too_deep`` — HTML whose elements nest more than 512 deep (parsing time grows
  with the square of the depth; real pages stay under a hundred);
* ``no_text`` — there is markup or furniture but no story text (an HTML page with no
  text, a plain body that is only boilerplate or captions);
* ``headline_only`` — a title and nothing to code under it;
* ``not_english`` — the main story is in another language (the message names it and
  its probability, e.g. ``detected language: fr (0.98)``), or the feed declared one;
  a sidebar in another language is left out rather than rejecting the page;
* ``internal_error`` — a bug: the exception is caught and reported, never raised.
"""

from __future__ import annotations

from pipeline.normalize.core import normalize

__all__ = ["normalize"]
