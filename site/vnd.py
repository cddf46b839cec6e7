"""Money and counts written the way Vietnamese readers expect."""

from decimal import ROUND_HALF_UP, Decimal

# Largest first. Amounts below a million are written in full đồng.
_UNITS = ((10**9, "tỷ"), (10**6, "triệu"))


def format_number(value: int | Decimal, *, decimals: int = 0) -> str:
    """697000 -> "697.000"; 1.25 with decimals=2 -> "1,25" (trailing zeros dropped)."""
    rounded = _round(Decimal(value), decimals)
    text = f"{rounded:,.{decimals}f}"
    integer, _, fraction = text.partition(".")
    integer = integer.replace(",", ".")
    fraction = fraction.rstrip("0")
    return f"{integer},{fraction}" if fraction else integer


def _round(amount: Decimal, decimals: int) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _decimals_for(amount: Decimal) -> int:
    if amount < 10:
        return 2
    if amount < 1000:
        return 1
    return 0


def format_vnd(value: int | None, *, empty: str = "Chưa lượng hóa") -> str:
    """450_000_000 -> "450 triệu đồng"; 1_200_000_000 -> "1,2 tỷ đồng"."""
    if value is None:
        return empty
    value = int(value)
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    for position, (size, unit) in enumerate(_UNITS):
        if magnitude < size:
            continue
        amount = Decimal(magnitude) / size
        decimals = _decimals_for(amount)
        # 999,6 triệu would round to "1.000 triệu": say "1 tỷ" instead.
        if position > 0 and _round(amount, decimals) >= 1000:
            larger_size, larger_unit = _UNITS[position - 1]
            amount = Decimal(magnitude) / larger_size
            decimals, unit = _decimals_for(amount), larger_unit
        return f"{sign}{format_number(amount, decimals=decimals)} {unit} đồng"
    return f"{sign}{format_number(magnitude)} đồng"
