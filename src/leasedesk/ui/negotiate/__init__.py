"""The Negotiate view: bridge, term values, solve and sensitivity of the selected offer (DESIGN.md 8)."""
