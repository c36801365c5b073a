#!/usr/bin/env python3
"""validate.py -- the Python baseline of make bench for tar-validate.

usage: validate.py [FILE ...]

SPEC section 10 asks that tar-validate be faster than "a Python script doing
the same work with json and re".  This is that script, written the way an
analyst would: json for each line, compiled re patterns, zoneinfo for
plan-local dates.  It adds a "validation" object like tar-validate's: the
required content, the code formats (CIN, NPI with its Luhn check, CPT and
HCPCS, ICD-10-CM, place of service), the date checks, the order of dates,
the request type and line of business, the one-year retrospective window,
the pharmacy scope, decision authority and the route.  It leaves out the
checks that count business days (late submission, late admission notice),
which need a holiday calendar; with less to do it can only look faster, so
the comparison does not flatter tar-validate.

It is a baseline to time, not a reference: its messages and some edge cases
differ from tar-validate's.
"""
import datetime
import json
import re
import sys
import zoneinfo

PLAN_TZ = zoneinfo.ZoneInfo("America/Los_Angeles")

CIN = re.compile(r"9[0-9]{7}[AC-HMNT-Z]")
NPI = re.compile(r"[0-9]{10}")
SERVICE = re.compile(r"[0-9]{5}|[0-9]{4}[FTU]|[A-Z][0-9]{4}")
ICD10CM = re.compile(r"[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?")
POS = re.compile(r"[0-9]{2}")
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})"
    r"(?::([0-9]{2})(?:\.[0-9]{1,9})?)?"
    r"([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?")

REQUEST_TYPES = {"urgent_concurrent", "urgent_preservice",
                 "nonurgent_preservice", "postservice"}
LINES = {"medi-cal", "partnership-advantage"}
DESIGNEES = {"cmo", "medical_director", "medical_director_quality",
             "medical_director_medicare", "regional_medical_director",
             "associate_medical_director", "physician_reviewer"}
BH_CATEGORIES = {"mental_health", "sud_residential", "bht"}
RX_SELF = {"self", "pharmacy", "ltc_facility", "infusion_pharmacy",
           "home_health"}
CARVED_OUT = {"hiv_antiviral", "hemophilia_factor", "sud_non_ntp",
              "antipsychotic", "maoi"}


def get(record, path):
    """The value at a dotted path, or None."""
    cur = record
    for key in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(key)
    return cur


def code(value):
    return value.strip().upper() if isinstance(value, str) else None


def npi_ok(npi):
    """Luhn over 80840 and the ten digits."""
    total = 0
    for i, ch in enumerate(reversed("80840" + npi)):
        v = ord(ch) - 48
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return total % 10 == 0


def local_date(value, with_time):
    """The plan-local date of a date or datetime, or None when invalid."""
    if not isinstance(value, str):
        return None
    m = (DATETIME if with_time else DATE).fullmatch(value)
    if m is None:
        if with_time:
            return local_date(value, False)
        return None
    try:
        if not with_time:
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        t = datetime.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]),
                              int(m[5]), int(m[6] or 0))
    except ValueError:
        return None
    off = m[7]
    if off is None:
        return t.date()
    if off in "Zz":
        tz = datetime.timezone.utc
    else:
        digits = off[1:].replace(":", "")
        delta = datetime.timedelta(hours=int(digits[:2]),
                                   minutes=int(digits[2:] or 0))
        tz = datetime.timezone(-delta if off[0] == "-" else delta)
    return t.replace(tzinfo=tz).astimezone(PLAN_TZ).date()


def validate(r):
    errors, warnings = [], []

    def err(kind, field, name=None):
        if name is None:
            name = re.sub(r"\[[0-9]+\]", "", field) + "." + kind
        errors.append({"code": name, "field": field,
                       "message": field + " is " + kind})

    def warn(name, field):
        warnings.append({"code": name, "field": field, "message": name})

    for path in ("member.id", "member.first_name", "member.last_name",
                 "member.dob", "provider.npi", "provider.name",
                 "clinical_indications", "history"):
        if get(r, path) in (None, ""):
            err("missing", path)
    services = r.get("services")
    if not isinstance(services, list) or not services:
        err("missing", "services")
        services = []
    diagnoses = r.get("diagnoses")
    if not isinstance(diagnoses, list) or not diagnoses:
        err("missing", "diagnoses")
        diagnoses = []
    if r.get("place_of_service") is None and get(r, "facility.name") is None:
        err("missing", "place_of_service", "location.missing")
    setting, category = r.get("setting"), r.get("category")
    if setting == "inpatient":
        los = r.get("requested_los")
        if los is None:
            err("missing", "requested_los")
        elif not isinstance(los, (int, float)) or los != int(los) or los < 1:
            err("invalid", "requested_los")
    if setting == "outpatient" and category == "surgical" and \
            r.get("procedure_date") is None:
        err("missing", "procedure_date")
    rtype = r.get("request_type")
    if rtype == "postservice" and r.get("service_date") is None:
        err("missing", "service_date")

    cin = code(get(r, "member.id"))
    if cin and not CIN.fullmatch(cin):
        err("invalid", "member.id")
    npi = code(get(r, "provider.npi"))
    if npi and not (NPI.fullmatch(npi) and npi_ok(npi)):
        err("invalid", "provider.npi")
    for i, s in enumerate(services):
        c = code(s.get("code")) if isinstance(s, dict) else None
        if not c:
            err("missing", "services[%d].code" % i)
        elif not SERVICE.fullmatch(c):
            err("invalid", "services[%d].code" % i)
    for i, d in enumerate(diagnoses):
        c = code(d)
        if not c or not ICD10CM.fullmatch(c):
            errors.append({"code": "diagnoses.invalid",
                           "field": "diagnoses[%d]" % i,
                           "message": "not an ICD-10-CM code"})
    pos = code(r.get("place_of_service"))
    if pos and not POS.fullmatch(pos):
        err("invalid", "place_of_service")

    dates = {}
    for path, with_time in (("received_at", True), ("member.dob", False),
                            ("procedure_date", False),
                            ("service_date", False),
                            ("primary_denial_date", False),
                            ("retro_eligibility_date", False),
                            ("admitted_at", True),
                            ("admission_notified_at", True),
                            ("decision.at", True),
                            ("notified.practitioner_at", True),
                            ("notified.member_mailed_at", True)):
        value = get(r, path)
        if value is None:
            continue
        dates[path] = local_date(value, with_time)
        if dates[path] is None:
            err("invalid", path)
    received = dates.get("received_at")
    if received:
        for path in ("member.dob", "service_date"):
            if dates.get(path) and dates[path] > received:
                err("order", path)
        if dates.get("decision.at") and dates["decision.at"] < received:
            err("order", "decision.at")
    if dates.get("admitted_at") and dates.get("admission_notified_at") and \
            dates["admission_notified_at"] < dates["admitted_at"]:
        err("order", "admission_notified_at")
    if rtype not in REQUEST_TYPES:
        err("invalid", "request_type")
    if r.get("line_of_business", "medi-cal") not in LINES:
        err("invalid", "line_of_business")

    route = None
    if category == "emergency" or pos == "23":
        warn("auth.not_required",
             "category" if category == "emergency" else "place_of_service")
        route = "none"
    elif category == "mental_health":
        warn("auth.not_required", "category")
        route = "none"
    served = dates.get("service_date")
    if received and served:
        try:
            anniversary = served.replace(year=served.year + 1)
        except ValueError:
            anniversary = served.replace(year=served.year + 1, day=28)
        if received > anniversary:
            warn("retro.window", "service_date")
    drug = r.get("drug") if isinstance(r.get("drug"), dict) else None
    if drug and drug.get("administered_by") in RX_SELF:
        warn("pharmacy.medi_cal_rx", "drug.administered_by")
        route = route or "medi-cal-rx"
    if drug and drug.get("class") in CARVED_OUT:
        warn("pharmacy.carved_out", "drug.class")
        route = route or "carved-out"

    decision = r.get("decision")
    if isinstance(decision, dict) and \
            decision.get("outcome") in ("deny", "modify"):
        role = get(decision, "by.role")
        if decision.get("basis") == "medical_necessity" and not (
                role in DESIGNEES or (role == "bh_clinical_director" and
                                      category in BH_CATEGORIES)):
            err("authority", "decision.by.role", "decision.authority")
        elif role == "pharmacy_technician":
            err("authority", "decision.by.role", "decision.authority")
        if not decision.get("reason"):
            err("missing", "decision.reason")
        if not decision.get("criteria"):
            err("missing", "decision.criteria")

    if route is None:
        if category == "pharmacy" or drug:
            route = "pharmacy"
        elif category == "sud_residential":
            route = "sud_residential"
        elif setting == "inpatient":
            route = "inpatient"
        elif setting == "ltc" or category == "snf":
            route = "ltc"
        else:
            route = "outpatient"
    return {"valid": not errors, "errors": errors, "warnings": warnings,
            "auth_required": route not in ("none", "medi-cal-rx",
                                           "carved-out"),
            "route": route}


def main():
    out = sys.stdout
    status = 0
    for name in sys.argv[1:] or ["-"]:
        f = sys.stdin if name == "-" else open(name, encoding="utf-8")
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict):
                print("validate.py: %s:%d: not a JSON object" % (name, lineno),
                      file=sys.stderr)
                status = 1
                continue
            record["validation"] = validate(record)
            out.write(json.dumps(record, ensure_ascii=False,
                                 separators=(",", ":")))
            out.write("\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
