"""Connect's tariff pages as tests meet them: every route of §6.1, in the shapes Connect sends."""

from __future__ import annotations

from typing import Any

from tests.factories import page_reply

PROVIDER = {
    "id": "prv_front_range",
    "display_name": "Front Range Power",
    "logo_url": "https://front-range.example/logo.svg",
}
INLINE_LOGO = (
    "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9"
    "IjAgMCA0MCA0MCI+PHJlY3Qgd2lkdGg9IjQwIiBoZWlnaHQ9IjQwIiBmaWxsPSIjMjI1Ii8+PC9zdmc+"
)
ADDRESS = {
    "address_line1": "1600 Pennsylvania Ave",
    "city": "Denver",
    "state": "CO",
    "post_code": "80202",
    "country_code": "US",
}


def tariff_page(route: str, actions: tuple[str, ...] = (), **data: Any) -> dict[str, Any]:
    reply = page_reply(route, data, direction="IMPORT", type="COMMODITY")
    reply["actions"] = [*actions, "BACK", "CLOSE"]
    return reply


def address(route: str = "postal_address_input", **address: Any) -> dict[str, Any]:
    return tariff_page(route, postal_address=address or {"country_code": "US"})


def providers(route: str = "provider_select") -> dict[str, Any]:
    return tariff_page(
        route,
        ("PROVIDER_MISSING", "ADDRESS_CHANGE"),
        providers=[
            PROVIDER,
            {"id": "prv_mesa", "display_name": "Mesa Electric", "logo_url": INLINE_LOGO},
            {"id": "prv_summit", "display_name": "Summit Co-op", "logo_url": None},
        ],
        postal_address=ADDRESS,
    )


def tariffs() -> dict[str, Any]:
    return tariff_page(
        "tariff_select",
        ("TARIFF_MISSING", "ADDRESS_CHANGE"),
        tariffs=[
            {"id": "trt_saver", "name": "Home Saver", "description": "Cheaper nights"},
            {"id": "trt_flat", "name": "Flat Rate", "description": "One price"},
        ],
        provider=PROVIDER,
        postal_address=ADDRESS,
    )


def structure(route: str = "tariff_structure_select") -> dict[str, Any]:
    options = ["FIXED", "TIME_OF_DAY", "MARKET"]
    if route == "plan_structure":
        return tariff_page(route, tuple(options), options=options, provider=PROVIDER)
    return tariff_page(route, options=[*options, "DYNAMIC"], provider=PROVIDER)


def fixed_rate(route: str = "rate_fixed_capture", **extra: Any) -> dict[str, Any]:
    data = {"currency_code": "USD", "cost": None, "provider": PROVIDER, **extra}
    if route == "price_input":
        data["structure_type"] = "FIXED"
    return tariff_page(route, **data)


def time_of_day(route: str = "rate_tod_capture", hours: Any = None) -> dict[str, Any]:
    bands = hours or [
        {"cost": None, "valid_from": "07:00:00", "valid_to": "23:00:00"},
        {"cost": None, "valid_from": "23:00:00", "valid_to": "07:00:00"},
    ]
    data: dict[str, Any] = {"currency_code": "GBP", "hours": bands, "provider": PROVIDER}
    if route == "price_input":
        data["structure_type"] = "TIME_OF_DAY"
    return tariff_page(route, **data)


def surcharge(regions: list[str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "currency_code": "GBP",
        "surcharge": {"fixed": None, "percentage": None},
        "provider": PROVIDER,
    }
    if regions:
        data["regions"] = regions
    return tariff_page("surcharge_capture", **data)


def contract_term() -> dict[str, Any]:
    return tariff_page("contract_term_capture", contract_end_date=None, provider=PROVIDER)


def summary(**tariff: Any) -> dict[str, Any]:
    return tariff_page(
        "tariff_summary",
        ("EDIT", "DISCONNECT", "WRONG_TARIFF"),
        currency_code="USD",
        timezone="America/Denver",
        market_rates_source=None,
        tariff={"name": "Home Saver", "structure_type": "TIME_OF_DAY", **tariff},
        rates={
            "today": [
                {
                    "tariff": {"cost": 0.12, "confidence": 1},
                    "valid_from": "2025-02-20T00:00:00-07:00",
                    "valid_to": "2025-02-20T07:00:00-07:00",
                },
                {
                    "tariff": {"cost": 0.31, "confidence": 1},
                    "valid_from": "2025-02-20T07:00:00-07:00",
                    "valid_to": "2025-02-21T00:00:00-07:00",
                },
            ]
        },
        provider=PROVIDER,
    )


def tariffs_summary() -> dict[str, Any]:
    return {
        "connect_token": "cot_test_token_0001",
        "route": "tariffs_summary",
        "live_mode": False,
        "actions": ["DISCONNECT", "EDIT", "BACK", "CLOSE"],
        "timezone": "America/Denver",
        "currency_code": "USD",
        "tariffs": [
            {
                "tariff_id": "trf_1",
                "display_name": "Home Saver",
                "status": "CONNECTED",
                "connection_type": "MANUAL",
                "structure_type": "FIXED",
                "contract_end_date": "2027-06-30T00:00:00Z",
                "provider": PROVIDER,
                "prices": {
                    "today": [
                        {
                            "tariff": {"cost": 0.245},
                            "valid_from": "2025-02-20T00:00:00-07:00",
                            "valid_to": "2025-02-21T00:00:00-07:00",
                        }
                    ]
                },
            }
        ],
    }


def status(route: str) -> dict[str, Any]:
    actions = {
        "tariff_connection_pending": ("EDIT", "DISCONNECT", "DISMISS_DIRECT"),
        "tariff_connection_failed": ("EDIT", "DISCONNECT", "RECONNECT"),
        "connection_failed": ("EDIT", "DISCONNECT", "RECONNECT"),
        "complete_tariff": (),
    }[route]
    return tariff_page(route, actions, provider=PROVIDER, message="A message from Connect.")


# Every tariff route with a page of its own, under both names where they differ.
EVERY_PAGE: dict[str, dict[str, Any]] = {
    "postal_address_input": address("postal_address_input"),
    "postal_address_capture": address("postal_address_capture"),
    "provider_select": providers(),
    "provider_name_capture": tariff_page(
        "provider_name_capture", ("ADDRESS_CHANGE",), provider={"name": ""}
    ),
    "tariff_select": tariffs(),
    "tariff_name_capture": tariff_page(
        "tariff_name_capture", tariff={"name": ""}, provider=PROVIDER
    ),
    "tariff_name_input": tariff_page("tariff_name_input", tariff={"name": ""}, provider=PROVIDER),
    "tariff_structure_select": structure("tariff_structure_select"),
    "plan_structure": structure("plan_structure"),
    "rate_fixed_capture": fixed_rate(),
    "price_input (fixed)": fixed_rate("price_input"),
    "rate_tod_capture": time_of_day(),
    "price_input (time of day)": time_of_day("price_input"),
    "surcharge_capture": surcharge(["London", "South East"]),
    "region_select": tariff_page("region_select", regions=["CORS", "FR"], provider=PROVIDER),
    "contract_term_capture": contract_term(),
    "tariff_summary": summary(),
    "tariffs_summary": tariffs_summary(),
    "tariff_connection_pending": status("tariff_connection_pending"),
    "tariff_connection_failed": status("tariff_connection_failed"),
    "connection_failed": status("connection_failed"),
    "complete_tariff": status("complete_tariff"),
}
