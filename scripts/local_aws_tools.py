"""Small commands on a running local AWS, for scripts/local-aws.sh (and the quick start).

  sms [PHONE] [--json]              the SMS messages SNS published (moto keeps them; AWS has no
                                    API to list them), oldest first; only those to PHONE if given
  item TABLE [NAME=VALUE] [--json]  the items of a DynamoDB table as plain JSON (a scan), or the
                                    item whose key attribute NAME is the string VALUE
  put-token [PARAMETER]             stores the X API stand-in's bearer token in SSM as a
                                    SecureString (default /tweetbot/bearer-token)
  x-api rate-limit N                the stand-in answers the next N searches with HTTP 429
  x-api requests                    the searches the stand-in received (no tokens)
  x-api reset                       forgets them, and any pending 429s

Usage: python local_aws_tools.py --endpoint http://127.0.0.1:PORT COMMAND ...
"""
import argparse
import json
import sys
import urllib.error
import urllib.request

REGION = "us-east-1"


def get_json(url, method="GET"):
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as answer:
        return json.load(answer)


def client(endpoint, service):
    import boto3

    return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def plain(value):
    """A DynamoDB attribute value as plain JSON."""
    from boto3.dynamodb.types import TypeDeserializer

    def convert(v):
        if isinstance(v, dict):
            return {k: convert(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [convert(x) for x in v]
        if isinstance(v, set):
            return sorted(convert(x) for x in v)
        if isinstance(v, bytes):
            return v.decode("utf-8", "replace")
        if type(v).__name__ == "Decimal":
            return int(v) if v == v.to_integral_value() else float(v)
        return v

    return convert(TypeDeserializer().deserialize(value))


def sms(args):
    messages = get_json(f"{args.endpoint}/moto-api/local-aws/sms")["messages"]
    if args.phone:
        messages = [m for m in messages if m["phoneNumber"] == args.phone]
    if args.json:
        print(json.dumps(messages, indent=2, ensure_ascii=False))
    elif not messages:
        print(f"No SMS{' to ' + args.phone if args.phone else ''} yet.")
    for m in [] if args.json else messages:
        print(f"SMS to {m['phoneNumber']}: {m['message']}")


def item(args):
    dynamodb = client(args.endpoint, "dynamodb")
    if args.key:
        name, _, value = args.key.partition("=")
        found = dynamodb.get_item(TableName=args.table, Key={name: {"S": value}}).get("Item")
        items = [found] if found else []
    else:
        items, start = [], None
        while True:
            page = dynamodb.scan(TableName=args.table, **({"ExclusiveStartKey": start} if start else {}))
            items += page["Items"]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
    rows = [{k: plain(v) for k, v in i.items()} for i in items]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif not rows:
        print(f"No item in {args.table}{' with ' + args.key if args.key else ''}.")
    else:
        print(json.dumps(rows if len(rows) > 1 else rows[0], indent=2, ensure_ascii=False))


def put_token(args):
    token = get_json(f"{args.endpoint}/moto-api/local-aws")["xBearerToken"]
    client(args.endpoint, "ssm").put_parameter(Name=args.parameter, Value=token, Type="SecureString",
                                              Overwrite=True)
    print(f"Stored the X API stand-in's bearer token in the SSM SecureString {args.parameter}.")


def x_api(args):
    url = get_json(f"{args.endpoint}/moto-api/local-aws")["xApiUrl"]
    if args.action == "rate-limit":
        answer = get_json(f"{url}/stand-in/rate-limit?count={args.count}", method="POST")
        print(f"The X API stand-in answers the next {answer['rateLimited']} searches with HTTP 429.")
    elif args.action == "requests":
        print(json.dumps(get_json(f"{url}/stand-in/requests")["requests"], indent=2, ensure_ascii=False))
    else:
        get_json(f"{url}/stand-in/reset", method="POST")
        print("The X API stand-in forgot its requests and pending 429s.")


def main(argv):
    parser = argparse.ArgumentParser(prog="local-aws.sh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("sms", help="the SMS messages SNS published")
    p.add_argument("phone", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=sms)
    p = commands.add_parser("item", help="the items of a DynamoDB table")
    p.add_argument("table")
    p.add_argument("key", nargs="?", help="NAME=VALUE: the item whose key NAME is the string VALUE")
    p.add_argument("--json", action="store_true", help="always a JSON list")
    p.set_defaults(run=item)
    p = commands.add_parser("put-token", help="store the stand-in's bearer token in SSM")
    p.add_argument("parameter", nargs="?", default="/tweetbot/bearer-token")
    p.set_defaults(run=put_token)
    p = commands.add_parser("x-api", help="control the X API stand-in")
    actions = p.add_subparsers(dest="action", required=True)
    a = actions.add_parser("rate-limit")
    a.add_argument("count", type=int)
    actions.add_parser("requests")
    actions.add_parser("reset")
    p.set_defaults(run=x_api)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except urllib.error.URLError as error:
        sys.exit(f"local-aws: cannot reach the local AWS at {args.endpoint}: {error.reason}")
    except Exception as error:  # boto3's errors name the service's message
        sys.exit(f"local-aws: {error}")


if __name__ == "__main__":
    main(sys.argv[1:])
