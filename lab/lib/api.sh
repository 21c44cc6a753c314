# lab/lib/api.sh - read the lab's OpenStack APIs with curl, on one Keystone token per shell (sourced; needs the OS_*
# of admin-openrc, $PY). For lookups and polls: the openstack CLI spends ~1.2 s importing Python and takes a fresh
# token on each call, and lab/fault's wait_for polls ask every second. The password and the token reach curl on
# stdin or through a file descriptor, never on its command line. Actions on the cloud stay `openstack` (OSC).
# A lookup inside $(...) takes its token in that subshell, which keeps it for itself alone.
API_TOKEN=
declare -A API_URL=()

api_auth() {  # takes a project-scoped token and the public endpoints of the catalog (Keystone v3 password auth)
  local out
  out=$($PY -c 'import json,os; e=os.environ; print(json.dumps({"auth": {
    "identity": {"methods": ["password"], "password": {"user": {"name": e["OS_USERNAME"], "domain": {"name": e["OS_USER_DOMAIN_NAME"]}, "password": e["OS_PASSWORD"]}}},
    "scope": {"project": {"name": e["OS_PROJECT_NAME"], "domain": {"name": e["OS_PROJECT_DOMAIN_NAME"]}}}}}))' |
    curl -sS -m 60 -H 'Content-Type: application/json' --data-binary @- -w '\n%header{x-subject-token}' "${OS_AUTH_URL%/}/auth/tokens") ||
    die "Keystone at $OS_AUTH_URL did not answer"
  API_TOKEN=${out##*$'\n'}
  [ -n "$API_TOKEN" ] || die "Keystone refused the lab's credentials: ${out:0:300}"
  local type url
  while read -r type url; do API_URL[$type]=$url; done < <($PY -c 'import json,sys
for s in json.loads(sys.stdin.read())["token"]["catalog"]:
    for ep in s["endpoints"]:
        if ep["interface"] == sys.argv[1] and ep["region"] == sys.argv[2]: print(s["type"], ep["url"].rstrip("/"))' \
    "${OS_INTERFACE:-public}" "${OS_REGION_NAME:-RegionOne}" <<< "${out%$'\n'*}")
}

api_get() {  # api_get SERVICE PATH: the JSON of GET PATH on the service (compute, network, identity); fails on non-2xx
  [ -n "$API_TOKEN" ] || api_auth
  local base=${API_URL[$1]:-} url
  [ -n "$base" ] || die "the lab's catalog has no $1 endpoint"
  # neutron's and keystone's catalog URLs may lack the version the CLI adds
  [ "$1" = network ] && [[ $base != */v2.0 ]] && base+=/v2.0
  [ "$1" = identity ] && [[ $base != */v3 ]] && base+=/v3
  url=$base$2
  curl -sS -f -m 60 -H @<(printf 'X-Auth-Token: %s\n' "$API_TOKEN") -H 'Accept: application/json' "$url"
}

# api_value SERVICE PATH EXPR: a Python expression EXPR of the JSON `d` at PATH (a list prints one item per line;
# None and a missing first item print nothing)
api_value() {
  api_get "$1" "$2" | $PY -c 'import json,sys
d = json.load(sys.stdin)
try: v = eval(sys.argv[1], {"d": d})
except IndexError: v = None
for x in (v if isinstance(v, list) else [] if v is None else [v]): print(x)' "$3"
}
