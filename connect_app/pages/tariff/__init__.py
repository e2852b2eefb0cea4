"""The tariff flow's pages: one module per route family; plans.py says which route is which."""
