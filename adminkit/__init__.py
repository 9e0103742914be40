"""Admin building blocks shared by the platform apps: base classes (options), filters,
search, pagination and links; import them from their modules."""
