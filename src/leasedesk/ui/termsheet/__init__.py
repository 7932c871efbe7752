"""The term-sheet editor: a form per offer kind, the ramp table, the assumptions form."""
