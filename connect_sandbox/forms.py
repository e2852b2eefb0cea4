"""The browser form that opens a demo customer's dashboard."""

from __future__ import annotations

from django import forms

from connect_sandbox.customers import demo_customer_choices
from connect_sandbox.faults import Fault


class DemoForm(forms.Form):
    """Which demo customer to play, and which problem to simulate."""

    customer = forms.ChoiceField(choices=demo_customer_choices)
    fault = forms.ChoiceField(choices=Fault.choices, initial=Fault.NONE, required=False)

    def clean_fault(self) -> Fault:
        # An absent select (an older page) means no simulated problem.
        return Fault(self.cleaned_data.get("fault") or Fault.NONE)
