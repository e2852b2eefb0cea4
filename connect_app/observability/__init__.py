"""What an integrator's on-call sees: request ids, logs, metrics, probes and error reports."""
