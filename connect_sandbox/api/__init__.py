"""The sandbox's stand-in for Flatpeak's REST API: login, Connect sessions, VPP participations."""
