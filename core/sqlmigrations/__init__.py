"""A Flyway-like runner for the SQL files in database/migrations."""
