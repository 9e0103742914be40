"""The platform's database schema: the SQL migration runner, its ledger, the catalogue
reader and the schema drift check."""
