"""The look: Fusion, the platform's light or dark palette (or the user's choice), marks and offer colours.

"system" follows the platform: where its theme reports a dark colour scheme but hands
Fusion a light palette (as some Linux desktops do), a dark palette is built here.
``LEASEDESK_APPEARANCE=dark|light|system`` overrides the saved choice (for screenshots).
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

APPEARANCES = ("system", "light", "dark")
APPEARANCE_VARIABLE = "LEASEDESK_APPEARANCE"

# Colour-blind-safe (Okabe-Ito, then Tableau) series colours, one per offer in deal order.
_LIGHT_SERIES = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B", "#7F7F7F",
                 "#BCBD22", "#17BECF")
_DARK_SERIES = ("#4FA3E0", "#FF8A4C", "#2FCB9A", "#E79BC9", "#F5B93E", "#8FD3FF", "#C49C94", "#B0B0B0",
                "#DBDB5B", "#5FD6E6")


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette if palette is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def offer_color(index: int, palette: QPalette | None = None) -> QColor:
    colours = _DARK_SERIES if is_dark(palette) else _LIGHT_SERIES
    return QColor(colours[index % len(colours)])


def best_background(palette: QPalette) -> QColor:
    """A quiet tint for the best value in a row, readable on both palettes."""
    return QColor("#1f5c3a") if is_dark(palette) else QColor("#dff3e6")


def good_color(palette: QPalette) -> QColor:
    return QColor("#6fd39a") if is_dark(palette) else QColor("#1e7b45")


def bad_color(palette: QPalette) -> QColor:
    return QColor("#ff8f8f") if is_dark(palette) else QColor("#b3261e")


def muted_color(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, alternate, text = QColor("#2b2d30"), QColor("#1e1f22"), QColor("#26282b"), QColor("#e6e6e6")
    disabled_text = QColor("#7f8287")
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: alternate,
        QPalette.ColorRole.ToolTipBase: QColor("#3c3f41"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor("#9a9da2"),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#35383b"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"),
        QPalette.ColorRole.Light: QColor("#4a4d51"),
        QPalette.ColorRole.Midlight: QColor("#3e4145"),
        QPalette.ColorRole.Mid: QColor("#2f3235"),
        QPalette.ColorRole.Dark: QColor("#18191b"),
        QPalette.ColorRole.Shadow: QColor("#000000"),
        QPalette.ColorRole.Highlight: QColor("#2f65ca"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#6ea8fe"),
        QPalette.ColorRole.LinkVisited: QColor("#b18cfe"),
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled_text)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor("#44474b"))
    return p


def chosen_appearance(saved: str | None) -> str:
    override = os.environ.get(APPEARANCE_VARIABLE, "").strip().lower()
    if override in APPEARANCES:
        return override
    return saved if saved in APPEARANCES else "system"


def light_palette(app: QApplication) -> QPalette:
    standard = app.style().standardPalette()
    return standard if not is_dark(standard) else QPalette(QColor("#efefef"))


def apply_appearance(app: QApplication, appearance: str) -> None:
    """Fusion with the palette the appearance asks for; 'system' follows the platform's scheme."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    hints = app.styleHints()
    if appearance == "light":
        hints.setColorScheme(Qt.ColorScheme.Light)
        app.setPalette(light_palette(app))
    elif appearance == "dark":
        hints.setColorScheme(Qt.ColorScheme.Dark)
        app.setPalette(dark_palette())
    else:
        hints.unsetColorScheme()
        app.setPalette(QPalette())  # back to the platform's own palette
        if hints.colorScheme() == Qt.ColorScheme.Dark and not is_dark(app.palette()):
            app.setPalette(dark_palette())
