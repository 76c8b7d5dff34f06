#!/usr/bin/env python3
"""NASM CPT renewals, the plain way: the standard json module, datetime and
decimal.  Reads JSON Lines records on standard input; prints one line per
record (bench/peers/README.md): id, expires, window, status, required,
earned, missing, cpr_aed, fees, fee_total, tab-separated.

    python3 nasm.py AS_OF < records.jsonl
"""
import json
import sys
from datetime import date, timedelta
from decimal import Decimal

MILLION = 1000000
NEED_H = 19 * MILLION      # 2.0 CEU less the card's 0.1 CEU, in hours
CREDIT_H = 1 * MILLION     # the card: 0.1 CEU = 1 hour
HOURS = {"CEU": 10, "hours": 1}
RENEWAL, LATE, ADDITIONAL, PETITION = 99, 75, 50, 25


def add_years(d, n):
    """The anniversary n years on; Feb 29 in a common year is Mar 1."""
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return date(d.year + n, 3, 1)


def tenths(n):
    return "%d.%d" % (n // 10, n % 10)


def decide(rec, default_as_of):
    start = date.fromisoformat(rec["cycle_start"])
    applied = rec.get("applied_on")
    as_of = date.fromisoformat(applied) if applied else default_as_of
    expires = add_years(start, 2) - timedelta(days=1)
    last_count = expires + timedelta(days=90)

    if as_of <= expires:
        window = "on_time"
    elif as_of <= last_count:
        window = "late"
    elif as_of < add_years(expires, 1):
        window = "reinstatement"
    else:
        window = None

    card = rec.get("cpr_aed")
    if not card or (card.get("completed_on")
                    and date.fromisoformat(card["completed_on"]) > as_of):
        cpr = "missing"
    elif date.fromisoformat(card["valid_until"]) >= as_of:
        cpr = "valid"
    else:
        cpr = "expired"

    counted = 0
    petitions = 0
    for c in rec.get("courses") or []:
        provider = c["provider"]
        if provider == "petition":
            petitions += 1
        done = date.fromisoformat(c["completed_on"])
        if done > as_of or done < start or done > last_count:
            continue
        hours = HOURS.get(c["unit"])
        if hours is None:
            continue
        if provider == "petition":
            if c.get("petition") != "approved":
                continue
        elif provider != "approved":
            continue
        counted += int(Decimal(c["amount"]) * MILLION) * hours

    valid = cpr == "valid"
    earned_h = counted + (CREDIT_H if valid else 0)
    missing_h = max(NEED_H - counted, 0) + (0 if valid else CREDIT_H)
    units_met = counted >= NEED_H

    if window is None:
        status = "expired"
    elif as_of < start:
        status = "incomplete"
    elif units_met and valid:
        status = "renewable"
    elif not units_met and as_of > last_count:
        status = "expired"
    else:
        status = "incomplete"

    fees = []
    total = 0
    if status != "expired":
        fees.append("renewal=%d.00" % RENEWAL)
        total += RENEWAL
        if window in ("late", "reinstatement"):
            fees.append("late=%d.00" % LATE)
            total += LATE
        if window == "reinstatement":
            fees.append("additional=%d.00" % ADDITIONAL)
            total += ADDITIONAL
        if petitions:
            fees.append("petition=%d.00x%d" % (PETITION, petitions))
            total += PETITION * petitions

    return "\t".join((
        rec["id"], expires.isoformat(), window or "null", status,
        "2.0", tenths(earned_h // MILLION), tenths(-(-missing_h // MILLION)), cpr,
        ",".join(fees) or "-", "%d.00" % total))


def main():
    default_as_of = date.fromisoformat(sys.argv[1])
    out = []
    for line in sys.stdin:
        if line.strip():
            out.append(decide(json.loads(line, parse_float=Decimal), default_as_of))
            if len(out) == 4096:
                out.append("")
                sys.stdout.write("\n".join(out))
                out = []
    if out:
        out.append("")
        sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
