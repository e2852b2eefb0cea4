"""The welcome page's demo customers, rendered by the sandbox itself.

The app reaches the sandbox only over HTTP, as it reaches Connect; this tag is how its home
page shows the sandbox's own list without importing it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import template
from django.utils.translation import gettext

from connect_sandbox.customers import DEMO_CUSTOMERS
from connect_sandbox.faults import Fault

register = template.Library()


@register.inclusion_tag("sandbox/_demo_customers.html", takes_context=True)
def demo_customers(context: template.Context) -> dict[str, Any]:
    """Every demo customer with the problems a session can be told to simulate."""
    return {
        "demo_customers": [
            replace(customer, name=gettext(customer.name), summary=gettext(customer.summary))
            for customer in DEMO_CUSTOMERS
        ],
        "faults": Fault.choices,
        # {% csrf_token %} in the included template reads the page's token.
        "csrf_token": context.get("csrf_token"),
    }
