"""Writes openapi.yaml with each problem response's `x-problem-codes` turned
into an enum on its body (JSON), so the fuzzer refuses a code the response
does not document. The committed document keeps one shared `Problem` schema
for generated SDKs; this stricter copy exists only for the fuzz run.

Usage: strict_problem_codes.py <openapi.yaml> <out.json>
"""

import json
import sys

import yaml

PROBLEM = "application/problem+json"


class TextTimestamps(yaml.SafeLoader):
    """Keeps `2026-12-01T14:03:00Z` a string, as JSON needs."""


TextTimestamps.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def strict(spec):
    for item in spec["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                codes = response.get("x-problem-codes")
                content = response.get("content", {}).get(PROBLEM)
                if content is None:
                    continue
                if not codes:
                    raise SystemExit(f"a problem response without x-problem-codes: {response}")
                content["schema"] = {
                    "allOf": [
                        {"$ref": "#/components/schemas/Problem"},
                        {"type": "object", "properties": {"code": {"type": "string", "enum": codes}}},
                    ]
                }
    return spec


if __name__ == "__main__":
    source, target = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        spec = yaml.load(f, Loader=TextTimestamps)  # noqa: S506 (a SafeLoader)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(strict(spec), f)
