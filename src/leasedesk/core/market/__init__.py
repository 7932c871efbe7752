"""Market view (DESIGN.md 7): equal capacity against the market price, and the lattice game of a lease's exit rights."""
