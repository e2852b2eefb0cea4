"""The embedded Flatpeak Connect simulator: deterministic demo customers behind a real endpoint."""
