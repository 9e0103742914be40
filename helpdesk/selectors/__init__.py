"""Reads of the support tools: each one bounded and served by an index."""
