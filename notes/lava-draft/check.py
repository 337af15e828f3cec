import re, sys, yaml, voluptuous
from lava_common.schemas import validate
rc = 0
for f in sys.argv[1:]:
    try:
        with open(f, encoding="utf-8") as fh:
            job = yaml.safe_load(fh)
        validate(job, strict=True)
        for a in job["actions"]:
            for m in a.get("test", {}).get("monitors", []):
                for k in ("start", "end", "pattern"):
                    re.compile(m[k])
        print(f"{f}: ok")
    except yaml.YAMLError as e:
        print(f"{f}: invalid YAML: " + " ".join(str(e).split())); rc = 1
    except voluptuous.Invalid as e:
        print(f"{f}: invalid: key {e.path}: {e.msg}"); rc = 1
    except re.error as e:
        print(f"{f}: bad monitor regex: {e}"); rc = 1
sys.exit(rc)
