"""Row builders, one module per table: each turns the shared LoadContext into named rows."""
