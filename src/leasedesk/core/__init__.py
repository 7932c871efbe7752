"""The domain and the engine: terms, validation, schedules, metrics, formatting (no Qt, no openpyxl)."""
