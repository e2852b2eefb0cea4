"""What tests and bench share: a stand-in for Connect and app instances as `make serve` runs them.

Neither `tests/` nor `bench/` imports the other; both import this. Never copied into the image.
"""
