"""PostgreSQL as Django has it, with a health check that asks the socket (base.py)."""
