#!/usr/bin/env bash
# The local AWS emulator (moto, pinned, with the patches in scripts/local_aws.py), on loopback.
#
#   scripts/local-aws.sh start [--port N]   start it (default port 4566; 0 picks a free one)
#       [--resource-seconds S]              slow mode: each resource stays *_IN_PROGRESS S seconds
#       [--fail-type TYPE]...               slow mode: resources of TYPE fail to create (rollback)
#       [--throttle [SERVICE:]ACTION=F]...  slow mode: a fraction F of ACTION's calls are throttled
#   scripts/local-aws.sh stop               stop it
#   scripts/local-aws.sh status             say whether it runs, and where
#   scripts/local-aws.sh env                print the environment that points clients at it
#                                           (and X_API_URL, X_BEARER_TOKEN: the X API stand-in)
#       start [--x-port N]                  the X API stand-in's port (default: a free one)
#   scripts/local-aws.sh sms [PHONE]        the SMS messages SNS published (to PHONE)
#   scripts/local-aws.sh item TABLE [K=V]   a DynamoDB table's items (or the item whose key K is V)
#   scripts/local-aws.sh put-token [PARAM]  the stand-in's bearer token into SSM (/tweetbot/bearer-token)
#   scripts/local-aws.sh x-api rate-limit N the X API stand-in answers the next N searches with 429
#   scripts/local-aws.sh x-api requests|reset  the searches it received / forget them
#
# Installs moto first when needed (scripts/setup-tools.sh). State lives in .tools/local-aws/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state="$root/.tools/local-aws"
mkdir -p "$state"
python="$root/.tools/venv/bin/python"

running() {
  [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null
}

print_env() {
  local port
  port=$(cat "$state/port")
  echo "export AWS_ENDPOINT_URL=http://127.0.0.1:$port"
  echo "export AWS_ACCESS_KEY_ID=testing"
  echo "export AWS_SECRET_ACCESS_KEY=testing"
  echo "export AWS_REGION=us-east-1"
  echo "export AWS_DEFAULT_REGION=us-east-1"
  echo "export AWS_EC2_METADATA_DISABLED=true"
  # The X API stand-in the launcher serves (scripts/x_stand_in.py), and the token it accepts.
  if [ -f "$state/x_url" ]; then
    echo "export X_API_URL=$(cat "$state/x_url")"
    echo "export X_BEARER_TOKEN=$(cat "$state/x_token")"
  fi
}

free_port() {
  "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cmd=${1:-status}
shift || true
case "$cmd" in
  start)
    port=4566
    x_port=0
    slow_seconds=""
    fail_types=""
    throttle=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --port) port=$2; shift 2 ;;
        --x-port)
          [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "local-aws: --x-port takes a port number, not '${2:-}'" >&2; exit 2; }
          x_port=$2; shift 2 ;;
        --resource-seconds)
          [[ "${2:-}" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "local-aws: --resource-seconds takes a number of seconds (like 2 or 0.5), not '${2:-}'" >&2; exit 2; }
          slow_seconds=$2; shift 2 ;;
        --fail-type)
          [[ "${2:-}" =~ ^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$ ]] || { echo "local-aws: --fail-type takes a resource type (like AWS::SSM::Parameter), not '${2:-}'" >&2; exit 2; }
          fail_types="${fail_types:+$fail_types,}$2"; shift 2 ;;
        --throttle)
          [[ "${2:-}" =~ ^([a-z0-9-]+:)?[A-Za-z0-9]+=(0([.][0-9]+)?|1([.]0+)?)$ ]] || { echo "local-aws: --throttle takes [SERVICE:]ACTION=FRACTION (like cloudformation:DescribeStackEvents=0.5), not '${2:-}'" >&2; exit 2; }
          throttle="${throttle:+$throttle,}$2"; shift 2 ;;
        *) echo "local-aws: unknown option $1" >&2; exit 2 ;;
      esac
    done
    if running; then
      echo "local-aws: already running on port $(cat "$state/port") (pid $(cat "$state/pid"))"
      exit 0
    fi
    "$root/scripts/setup-tools.sh" >/dev/null
    [ "$port" = 0 ] && port=$(free_port)
    # The slow mode's settings (scripts/local_aws.py, docs/local-aws.md); empty means off.
    LOCAL_AWS_RESOURCE_SECONDS=$slow_seconds LOCAL_AWS_FAIL_TYPES=$fail_types LOCAL_AWS_THROTTLE=$throttle \
      LOCAL_AWS_X_PORT=$x_port MOTO_PORT=$port nohup "$python" "$root/scripts/local_aws.py" -H 127.0.0.1 -p "$port" \
      >"$state/server.log" 2>&1 &
    echo $! >"$state/pid"
    echo "$port" >"$state/port"
    for _ in $(seq 1 100); do
      if "$python" -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
        echo "local-aws: moto running on http://127.0.0.1:$port (pid $(cat "$state/pid"), log $state/server.log)"
        # The X API stand-in's URL and token, from the launcher (GET /moto-api/local-aws).
        "$python" -c 'import json, sys, urllib.request
s = json.load(urllib.request.urlopen(sys.argv[1] + "/moto-api/local-aws", timeout=10))
open(sys.argv[2], "w").write(s["xApiUrl"]); open(sys.argv[3], "w").write(s["xBearerToken"])' \
          "http://127.0.0.1:$port" "$state/x_url" "$state/x_token"
        echo "local-aws: X API stand-in on $(cat "$state/x_url") (bearer token: $(cat "$state/x_token"))"
        if [ -n "$slow_seconds$fail_types$throttle" ]; then
          echo "local-aws: slow mode: ${slow_seconds:-0} s per resource${fail_types:+; failing types: $fail_types}${throttle:+; throttled: $throttle}"
        fi
        exit 0
      fi
      if ! running; then
        echo "local-aws: moto failed to start; its log:" >&2
        cat "$state/server.log" >&2
        exit 1
      fi
      sleep 0.1
    done
    echo "local-aws: moto did not answer on port $port within 10 s" >&2
    exit 1
    ;;
  stop)
    if running; then
      kill "$(cat "$state/pid")"
      for _ in $(seq 1 50); do running || break; sleep 0.1; done
      echo "local-aws: stopped"
    else
      echo "local-aws: not running"
    fi
    rm -f "$state/pid" "$state/x_url" "$state/x_token"
    ;;
  status)
    if running; then
      echo "local-aws: running on http://127.0.0.1:$(cat "$state/port") (pid $(cat "$state/pid"))"
    else
      echo "local-aws: not running"
      exit 1
    fi
    ;;
  env)
    running || { echo "local-aws: not running; start it with scripts/local-aws.sh start" >&2; exit 1; }
    print_env
    ;;
  sms|item|put-token|x-api)
    running || { echo "local-aws: not running; start it with scripts/local-aws.sh start" >&2; exit 1; }
    exec "$python" "$root/scripts/local_aws_tools.py" --endpoint "http://127.0.0.1:$(cat "$state/port")" "$cmd" "$@"
    ;;
  *)
    echo "usage: scripts/local-aws.sh start [--port N] [--resource-seconds S] [--fail-type TYPE]... [--throttle [SERVICE:]ACTION=F]... [--x-port N] | stop | status | env | sms [PHONE] | item TABLE [K=V] | put-token [PARAM] | x-api rate-limit N|requests|reset" >&2
    exit 2
    ;;
esac
