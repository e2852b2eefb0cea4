"""A demo customer as one session sees them: the demo's facts plus what the session changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from connect_sandbox.customers import DemoCustomer
from connect_sandbox.models import RouteNames
from connect_sandbox.participation import Participation, participation
from connect_sandbox.tariff.answers import Answers

# vpp_summary's word for a customer whose leave request is under way. The session's token
# expires (a day) long before the notice period ends, so it never sees the leave complete.
UNENROLLING = "UNENROLLING"
# vpp_summary's participation states as vpp_landing's subscription statuses name them.
_SUBSCRIPTION_STATUS = {
    "ACTIVE": "ACTIVE",
    "SUSPENDED": "ACTIVE",
    "ENROLLING": "ENROLLING",
    UNENROLLING: "LEAVING",
    "UNENROLLED": "LEFT",
}
_MAY_LEAVE = frozenset({"ACTIVE", "SUSPENDED"})


@dataclass(frozen=True)
class Standing:
    """The customer, and what happened to them in this session (kept on the session row).

    Two sessions of the same demo customer never see each other's changes.
    """

    customer: DemoCustomer
    # None: as the demo customer is; True or False: connected or disconnected in the session.
    tariff_connected_in_session: bool | None = None
    leave_requested_at: dt.datetime | None = None
    tariff: Answers = Answers()
    route_names: RouteNames = RouteNames.BUSBAR

    @property
    def tariff_connected(self) -> bool:
        """Whether a tariff is connected, from the start or during this session."""
        if self.tariff_connected_in_session is None:
            return self.customer.tariff_connected
        return self.tariff_connected_in_session

    @property
    def participation_state(self) -> str:
        """vpp_summary's one-word participation state."""
        if self.leave_requested_at is not None:
            return UNENROLLING
        return self.customer.participation_state

    @property
    def subscription_status(self) -> str:
        """vpp_landing's status for the customer's programme."""
        return _SUBSCRIPTION_STATUS.get(self.participation_state, "NOT_ENROLLED")

    @property
    def may_leave(self) -> bool:
        """Whether the customer takes part now and has not already asked to leave."""
        return self.participation_state in _MAY_LEAVE

    @property
    def may_rejoin(self) -> bool:
        """Whether the customer has left the programme and could join it again."""
        return self.participation_state == "UNENROLLED"

    def participation(self, now: dt.datetime) -> Participation | None:
        """The participation as this session sees it, with its leave request if there is one."""
        return participation(self.customer, now, leave_requested_at=self.leave_requested_at)
