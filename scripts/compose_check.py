#!/usr/bin/env python3
"""Reads compose.yaml the way Compose does, for the tests in Tests/EndToEndTests/Compose.

  compose_check.py config   COMPOSE            the file as JSON: YAML anchors and merge keys resolved,
                                               ${VAR} interpolated from this process's environment
  compose_check.py validate COMPOSE SCHEMA     validate it against the Compose specification's JSON
                                               schema; prints each violation, exit 1 if any
  compose_check.py env-vars SOURCES KEYRING    the KSI_* variables each `ksi` subcommand reads, as JSON
                                               {command: [variables]}, found in the executable's sources
  compose_check.py https-get URL CA [CERT KEY [TOKEN]]  GET over TLS verified against CA, with a client
                                               certificate and a person's bearer token when given; prints the
                                               status, then the body
  compose_check.py private-keys COMPOSE VOLUMES for every service, the private keys it can read: PEM
                                               files holding a PRIVATE KEY in the named volumes (each a
                                               folder VOLUMES/<name>) and bind mounts it mounts, as JSON
                                               {service: ["<volume>:<file>", …]}

No Docker is needed: this is the part of `docker compose config` the tests rely on.
"""
import json
import os
import re
import shlex
import ssl
import sys
import urllib.error
import urllib.request

import jsonschema
import yaml

# Compose interpolation: $$ is a literal $, then ${VAR}, ${VAR:-default}, ${VAR-default},
# ${VAR:?error}, ${VAR?error}, ${VAR:+replacement}, ${VAR+replacement} and $VAR.
_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)


class InterpolationError(Exception):
    pass


def interpolate_text(text, env):
    def replace(match):
        if match.group("escaped"):
            return "$"
        name = match.group("braced") or match.group("named")
        op, arg = match.group("op"), match.group("arg") or ""
        value = env.get(name)
        is_set = value is not None
        is_nonempty = bool(value)
        present = is_nonempty if op and op.startswith(":") else is_set
        if op in (":-", "-"):
            return value if present else interpolate_text(arg, env)
        if op in (":?", "?"):
            if not present:
                raise InterpolationError(f"required variable {name} is missing a value: {arg}")
            return value
        if op in (":+", "+"):
            return interpolate_text(arg, env) if present else ""
        return value or ""

    return _VARIABLE.sub(replace, text)


def interpolate(node, env):
    if isinstance(node, str):
        return interpolate_text(node, env)
    if isinstance(node, list):
        return [interpolate(item, env) for item in node]
    if isinstance(node, dict):
        return {key: interpolate(value, env) for key, value in node.items()}
    return node


def load(path, env=None):
    with open(path, encoding="utf-8") as handle:
        # safe_load resolves anchors, aliases and `<<` merge keys like Compose's YAML reader.
        document = yaml.safe_load(handle)
    return interpolate(document, os.environ if env is None else env)


def _scalar_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def normalized(document):
    """The shapes `docker compose config` prints: environment as a map of strings, command,
    entrypoint and a string health check test as lists."""
    for service in (document.get("services") or {}).values():
        environment = service.get("environment")
        if isinstance(environment, list):
            pairs = (entry.split("=", 1) if "=" in entry else (entry, None) for entry in environment)
            environment = {key: value for key, value in pairs}
        if isinstance(environment, dict):
            service["environment"] = {key: _scalar_text(value) for key, value in environment.items()}
        for key in ("command", "entrypoint"):
            if isinstance(service.get(key), str):
                service[key] = shlex.split(service[key])
        healthcheck = service.get("healthcheck")
        if isinstance(healthcheck, dict) and isinstance(healthcheck.get("test"), str):
            healthcheck["test"] = ["CMD-SHELL", healthcheck["test"]]
    return document


def https_get(url, ca, cert=None, key=None, bearer=None):
    context = ssl.create_default_context(cafile=ca)
    if cert:
        context.load_cert_chain(cert, key)
    # A person acts only with a signed token (AUTH-R1, docs/security.md).
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {bearer}"} if bearer else {})
    try:
        with urllib.request.urlopen(request, context=context, timeout=15) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except (urllib.error.URLError, ssl.SSLError, ConnectionError) as error:
        print(f"refused: {getattr(error, 'reason', error)}")
        return 3
    print(status)
    sys.stdout.write(body.decode("utf-8", "replace"))
    return 0


def _mount_source(spec):
    """A short-syntax volume entry's source, and whether it is a bind mount (a path)."""
    source = spec.split(":", 1)[0]
    return source, source.startswith((".", "/"))


def private_keys(path, volumes_root):
    """Which private keys each service's mounts expose (issue 12: a container mounts only its own)."""
    document = load(path)
    base = os.path.dirname(os.path.abspath(path))
    exposed = {}
    for name, service in (document.get("services") or {}).items():
        keys = []
        for spec in service.get("volumes") or []:
            source, is_bind = _mount_source(spec)
            root = os.path.join(base, source) if is_bind else os.path.join(volumes_root, source)
            files = [root] if os.path.isfile(root) else [
                os.path.join(folder, file) for folder, _, names in os.walk(root) for file in names]
            for file in files:
                with open(file, "rb") as handle:
                    if b"PRIVATE KEY-----" in handle.read():
                        keys.append(f"{source}:{os.path.relpath(file, root) if file != root else os.path.basename(file)}")
        exposed[name] = sorted(keys)
    return exposed


def validate(path, schema_path):
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    document = load(path)
    errors = sorted(validator_class(schema).iter_errors(document), key=lambda error: list(error.absolute_path))
    for error in errors:
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        print(f"{where}: {error.message}")
    services = sorted((document.get("services") or {}).keys())
    print(f"{len(errors)} violations of {schema.get('title', 'the schema')} ({validator_class.__name__}); "
          f"services: {', '.join(services)}")
    return 0 if not errors else 1


# --- which KSI_* variables each subcommand reads -------------------------------------------------

_UNIT_START = re.compile(r"^(?:public |private |fileprivate )?(?:struct|enum|extension|func)\s+(\w+)", re.M)
_ENV_READ = re.compile(r'Environment\.\w+\(\s*"(KSI_[A-Z0-9_]+)"')
_COMMAND_NAME = re.compile(r'commandName:\s*"([^"]+)"')
_KEYRING_CONSTANT = re.compile(r'static let \w+Variable\s*=\s*"(KSI_[A-Z0-9_]+)"')


_COMMENT_OR_STRING = re.compile(r'//[^\n]*|/\*.*?\*/|"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"', re.S)


def _code_only(text):
    """The text without comments and string literals, where a name is a reference to a unit."""
    return _COMMENT_OR_STRING.sub(" ", text)


def _kebab(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def env_vars(sources, keyring_file):
    """Splits the executable's sources into top-level units (types, extensions, free functions); a
    unit reads the variables it names in `Environment.string/int("KSI_…")` plus those of every unit it
    mentions (an @OptionGroup's type, a helper function), and ReferralKeyRing.fromEnvironment's."""
    texts = []
    for folder, _, files in os.walk(sources):
        for name in sorted(files):
            if name.endswith(".swift"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    texts.append(handle.read())
    units = {}
    for text in texts:
        starts = list(_UNIT_START.finditer(text))
        for index, match in enumerate(starts):
            end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
            units.setdefault(match.group(1), []).append(text[match.start():end])
    with open(keyring_file, encoding="utf-8") as handle:
        keyring_vars = set(_KEYRING_CONSTANT.findall(handle.read()))

    def reads(name, seen):
        if name in seen:
            return set()
        seen.add(name)
        found = set()
        for body in units.get(name, []):
            found |= set(_ENV_READ.findall(body))
            if "ReferralKeyRing.fromEnvironment" in body:
                found |= keyring_vars
            code = _code_only(body)
            for other in units:
                if other != name and re.search(rf"\b{re.escape(other)}\b", code):
                    found |= reads(other, seen)
        return found

    commands = {}
    for name, bodies in units.items():
        body = "\n".join(bodies)
        if not re.search(r"struct\s+\w+\s*:[^{]*Parsable(?:Command|AsyncCommand)|AsyncParsableCommand", body.split("{")[0]):
            continue
        named = _COMMAND_NAME.search(body)
        commands[named.group(1) if named else _kebab(name)] = sorted(reads(name, set()))
    return commands


def main(argv):
    if len(argv) == 3 and argv[1] == "config":
        json.dump(normalized(load(argv[2])), sys.stdout, indent=2, sort_keys=True)
        print()
        return 0
    if len(argv) == 4 and argv[1] == "validate":
        return validate(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "env-vars":
        json.dump(env_vars(argv[2], argv[3]), sys.stdout, indent=2, sort_keys=True)
        print()
        return 0
    if len(argv) == 4 and argv[1] == "private-keys":
        json.dump(private_keys(argv[2], argv[3]), sys.stdout, indent=2, sort_keys=True)
        print()
        return 0
    if argv[1:2] == ["https-get"] and len(argv) in (4, 6, 7):
        return https_get(*argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except InterpolationError as error:
        print(f"compose.yaml: {error}", file=sys.stderr)
        sys.exit(1)
