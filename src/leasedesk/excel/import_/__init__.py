"""Import of an exported workbook that came back edited (DESIGN.md 8.6): safety checks, the record, the inputs."""
