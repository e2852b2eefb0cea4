"""The sandbox's tariff flow: Connect's tariff pages, what they take and where they lead."""
