"""System checks (the knowledge-base check is added with the rules engine)."""
