"""Team figures (docs/figures.md, Team): per-rep figures, leaderboard, spread, profile, execution, development, commission."""
