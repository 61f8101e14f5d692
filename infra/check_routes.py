"""Checks that infra/template.yaml routes exactly the route table of the code.

Usage: check_routes.py TEMPLATE ROUTES_JSON FUNCTIONS_DIR

ROUTES_JSON is `adminduk routes --json`. Every route must be an HttpApi event of the function
whose binary serves it; the template may route nothing else (no other events on the API, no
hand-made API Gateway routes), and every function it builds must be a crate under functions/.
Runs with the Python of the cfn-lint install, whose parser reads CloudFormation's YAML tags.
"""

import json
import pathlib
import sys
import tomllib

from cfnlint.decode import decode


def template_routes(template):
    routes, problems, binaries = {}, [], {}
    for name, resource in template["Resources"].items():
        if name.startswith("Fn::ForEach::"):
            continue  # generated resources (logs, queues, alarms); functions are written out
        kind = resource.get("Type")
        if kind in ("AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Integration", "AWS::Serverless::Api"):
            problems.append(f"{name}: {kind} routes outside the route table")
        if kind == "AWS::Serverless::HttpApi" and "DefinitionBody" in resource.get("Properties", {}):
            problems.append(f"{name}: an OpenAPI body would route outside the route table")
        if kind != "AWS::Serverless::Function":
            continue
        binary = resource.get("Metadata", {}).get("BuildProperties", {}).get("Binary")
        if binary is None:
            problems.append(f"{name}: no Metadata.BuildProperties.Binary")
            continue
        binaries[binary] = name
        for event_name, event in resource.get("Properties", {}).get("Events", {}).items():
            if event.get("Type") != "HttpApi":
                continue
            props = event.get("Properties", {})
            key = (props.get("Method", "").upper(), props.get("Path", ""))
            if "ApiId" not in props or props["ApiId"] != {"Ref": "HttpApi"}:
                problems.append(f"{name}.{event_name}: not on the HttpApi")
            if key in routes:
                problems.append(f"{key[0]} {key[1]}: routed twice ({routes[key]} and {binary})")
            routes[key] = binary
    return routes, binaries, problems


def crate_binaries(functions_dir):
    names = set()
    for manifest in pathlib.Path(functions_dir).glob("*/Cargo.toml"):
        with open(manifest, "rb") as f:
            names.update(b["name"] for b in tomllib.load(f).get("bin", []))
    return names


def main(template_path, routes_path, functions_dir):
    template, matches = decode(template_path)
    if matches:
        for m in matches:
            print(m)
        return 1
    routed, binaries, problems = template_routes(template)
    with open(routes_path) as f:
        table = {(r["method"], r["path"]): r["function"] for r in json.load(f)}
    for key, function in sorted(table.items()):
        if key not in routed:
            problems.append(f"{key[0]} {key[1]}: served by {function}, not routed by the template")
        elif routed[key] != function:
            problems.append(f"{key[0]} {key[1]}: served by {function}, routed to {routed[key]}")
    for key, binary in sorted(routed.items()):
        if key not in table:
            problems.append(f"{key[0]} {key[1]}: routed to {binary}, not in the route table")
    crates = crate_binaries(functions_dir)
    for binary in sorted(set(binaries) - crates):
        problems.append(f"{binaries[binary]} builds {binary}, which no crate under {functions_dir} provides")
    for binary in sorted(crates - set(binaries)):
        problems.append(f"functions/ provides {binary}, which the template does not deploy")
    for p in problems:
        print(f"infra/template.yaml: {p}", file=sys.stderr)
    if not problems:
        print(f"infra/template.yaml routes the {len(table)} routes of the table, and nothing else "
              f"({len(binaries)} functions)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
