"""What tests and bench share: a stand-in for Connect and app instances as `make serve` runs them;
and the smoke tests' customer (`smoke.py`, standard library only), which bin/ shares too.

Neither `tests/` nor `bench/` imports the other; both import this. Never copied into the image.
"""
