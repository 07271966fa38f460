"""The seams every window is built with, in one small object handed down from the controller:
the prompter, the clock, the language hub, the preferences and the vault-call parameters.

Tests build a :class:`UiContext` with a :class:`~ui.prompter.ScriptedPrompter`, a
:class:`~app.clock.ManualClock`, an INI-file preferences store and the fast-KDF parameters
(``create_kwargs={"kdf_params": WEAK}``, ``unlock_kwargs={"kdf_floor": WEAK}``); ``ui`` itself
never imports ``crypto``. A shipped build passes none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.clock import Clock, SystemClock
from ui.language import LanguageHub
from ui.preferences import Preferences
from ui.prompter import Prompter


@dataclass
class UiContext:
    prompter: Prompter
    preferences: Preferences
    language: LanguageHub
    clock: Clock = field(default_factory=SystemClock)
    create_kwargs: dict[str, Any] = field(default_factory=dict)
    unlock_kwargs: dict[str, Any] = field(default_factory=dict)
    tick_ms: int = 1000
