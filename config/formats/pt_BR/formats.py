# Dates as staff write them, short enough for a changelist column: 01/07/2026 20:30
# (São Paulo time). Every other format is Django's pt-BR one.
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
