"""Helpers shared by the GUI tests."""

from __future__ import annotations


class PromptAnswers:
    """Answers the unsaved-changes prompt; records how often it was asked."""

    def __init__(self, answer: str = "discard") -> None:
        self.answer = answer
        self.asked = 0

    def __call__(self) -> str:
        self.asked += 1
        return self.answer
