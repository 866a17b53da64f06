"""Models, sessions, queries and the name index. Imports config only."""
