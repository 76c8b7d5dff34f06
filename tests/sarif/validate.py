#!/usr/bin/python3
"""Validates SARIF logs against the vendored OASIS SARIF 2.1.0 schema.

    /usr/bin/python3 tests/sarif/validate.py [--schema-only] [--from LIST] FILE...

Uses Debian's python3-jsonschema (Draft7Validator, picked by the schema's
"$schema") with format checks; "uri" and "uri-reference" are checked only
when python3-rfc3987 is installed, so without it this script refuses to run.
Unless --schema-only is given, it also checks what the schema cannot say
about a log written by polc check --format=sarif: one run; columnKind set;
one rule per rule id used, and each ruleIndex naming its ruleId's rule;
each artifactLocation.index naming an artifact with the same uri; regions
that end at or after they start.

--from LIST adds the files named in LIST, one a line.  Each invalid file is
reported as a line "FILE: invalid SARIF 2.1.0", then its problems indented.
Exit status: 0 all valid, 1 some file invalid, 2 cannot validate.
"""
import json
import os
import sys

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sarif-schema-2.1.0.json")


def fail_setup(msg):
    print("validate.py: " + msg, file=sys.stderr)
    sys.exit(2)


try:
    import jsonschema
    from jsonschema import Draft7Validator
except ImportError as e:
    fail_setup("cannot import jsonschema (%s): apt-get install python3-jsonschema" % e)


def no_duplicates(pairs):
    seen = {}
    for k, v in pairs:
        if k in seen:
            raise ValueError("duplicate key %r" % k)
        seen[k] = v
    return seen


def no_constant(name):
    raise ValueError("not JSON: %s" % name)


def where(path):
    return "/" + "/".join(str(p) for p in path)


def polc_checks(log):
    """Problems the schema does not catch, as a list of strings."""
    out = []
    runs = log.get("runs", [])
    if len(runs) != 1:
        return ["expected exactly one run, found %d" % len(runs)]
    run = runs[0]
    if run.get("columnKind") not in ("utf16CodeUnits", "unicodeCodePoints"):
        out.append("/runs/0/columnKind: missing")
    driver = run["tool"]["driver"]
    for key in ("name", "version", "semanticVersion", "informationUri"):
        if key not in driver:
            out.append("/runs/0/tool/driver: no %s" % key)
    if driver.get("name") != "polc":
        out.append("/runs/0/tool/driver/name: %r, not 'polc'" % driver.get("name"))
    rules = driver.get("rules", [])
    ids = [r.get("id") for r in rules]
    if len(set(ids)) != len(ids):
        out.append("/runs/0/tool/driver/rules: a rule id appears twice")
    for i, r in enumerate(rules):
        if not r.get("shortDescription", {}).get("text"):
            out.append("/runs/0/tool/driver/rules/%d: no shortDescription" % i)
    artifacts = run.get("artifacts", [])
    used = set()
    for i, res in enumerate(run.get("results", [])):
        at = "/runs/0/results/%d" % i
        rid, idx = res.get("ruleId"), res.get("ruleIndex")
        used.add(rid)
        if rid is None or idx is None:
            out.append(at + ": no ruleId or ruleIndex")
        elif not 0 <= idx < len(rules) or rules[idx].get("id") != rid:
            out.append(at + ": ruleIndex %r does not name rule %r" % (idx, rid))
        if res.get("level") not in ("error", "warning"):
            out.append(at + ": level %r" % res.get("level"))
        locs = res.get("locations", [])
        if len(locs) != 1:
            out.append(at + ": expected one location")
            continue
        pl = locs[0].get("physicalLocation", {})
        al = pl.get("artifactLocation", {})
        if "uri" not in al:
            out.append(at + ": no artifactLocation.uri")
        ai = al.get("index")
        if ai is not None and (not 0 <= ai < len(artifacts)
                               or artifacts[ai].get("location", {}).get("uri") != al.get("uri")):
            out.append(at + ": artifactLocation.index %r does not name uri %r" % (ai, al.get("uri")))
        reg = pl.get("region", {})
        for key in ("startLine", "startColumn", "endLine", "endColumn"):
            if key not in reg:
                out.append(at + ": region has no " + key)
        if all(k in reg for k in ("startLine", "startColumn", "endLine", "endColumn")):
            if (reg["endLine"], reg["endColumn"]) < (reg["startLine"], reg["startColumn"]):
                out.append(at + ": region ends before it starts")
    if set(ids) != used:
        out.append("/runs/0/tool/driver/rules: ids %s, but results use %s"
                   % (sorted(i for i in ids if i), sorted(u for u in used if u)))
    return out


def main(argv):
    schema_only = False
    files = []
    while argv and argv[0].startswith("--"):
        if argv[0] == "--schema-only":
            schema_only = True
            argv = argv[1:]
        elif argv[0] == "--from" and len(argv) > 1:
            with open(argv[1], encoding="utf-8") as f:
                files += [line for line in f.read().split("\n") if line]
            argv = argv[2:]
        else:
            fail_setup("unknown option %s" % argv[0])
    files += argv
    if not files:
        fail_setup("usage: validate.py [--schema-only] [--from LIST] FILE...")
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    if cls is not Draft7Validator:
        fail_setup("schema is not draft-07 (%s)" % cls.__name__)
    cls.check_schema(schema)
    checker = jsonschema.FormatChecker()
    for fmt in ("uri", "uri-reference"):
        if fmt not in checker.checkers:
            fail_setup("jsonschema cannot check format %r: apt-get install python3-rfc3987" % fmt)
    validator = cls(schema, format_checker=checker)
    bad = 0
    for path in files:
        try:
            with open(path, "rb") as f:
                log = json.loads(f.read().decode("utf-8"), object_pairs_hook=no_duplicates,
                                 parse_constant=no_constant)
        except (OSError, ValueError) as e:
            print("%s: invalid SARIF 2.1.0\n  not a JSON document: %s" % (path, e))
            bad += 1
            continue
        problems = ["%s: %s" % (where(e.absolute_path), e.message)
                    for e in sorted(validator.iter_errors(log), key=lambda e: list(map(str, e.absolute_path)))]
        if not problems and not schema_only:
            problems = polc_checks(log)
        if problems:
            bad += 1
            print("%s: invalid SARIF 2.1.0" % path)
            for p in problems[:10]:
                print("  " + p)
            if len(problems) > 10:
                print("  ... %d more" % (len(problems) - 10))
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        status = main(sys.argv[1:])
    except Exception:  # a crash is "cannot validate", never "invalid"
        import traceback
        traceback.print_exc()
        status = 2
    sys.exit(status)
