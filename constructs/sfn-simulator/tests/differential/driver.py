"""Runs each machine of a corpus on the emulator's States Language interpreter (moto's) and
prints, as JSON, every execution's status, output, error, cause and state events.

usage: driver.py CORPUS.json ENDPOINT
The corpus is a list of {"name", "definition", "input", "lambda_queue"}; the Lambda results
are queued just before the execution starts (moto runs no Lambda code: an invoke returns the
next queued result), so the executions run one after the other.
"""
import json
import sys
import time
import urllib.request

import boto3

corpus = json.load(open(sys.argv[1]))
endpoint = sys.argv[2]
sfn = boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
ROLE = "arn:aws:iam::123456789012:role/differential"


def queue(results):
    if not results:
        return
    body = json.dumps({"results": [json.dumps(r) for r in results], "region": "us-east-1"}).encode()
    req = urllib.request.Request(endpoint + "/moto-api/static/lambda-simple/response", data=body,
                                 headers={"Content-Type": "application/json"}, method="POST")
    urllib.request.urlopen(req).read()


def parse(text):
    """JSON text as a value; text that is not JSON is kept as {"not JSON": text}."""
    if text is None or text == "":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return {"not JSON": text}


out = []
for case in corpus:
    name = case["name"]
    try:
        arn = sfn.create_state_machine(name=name, definition=json.dumps(case["definition"]),
                                       roleArn=ROLE)["stateMachineArn"]
    except Exception as e:  # noqa: BLE001 - reported, compared
        out.append({"name": name, "status": "CREATE_FAILED", "cause": str(e)})
        continue
    queue(case.get("lambda_queue") or [])
    ex = sfn.start_execution(stateMachineArn=arn, name="diff", input=json.dumps(case["input"]))
    deadline = time.time() + 60
    while True:
        d = sfn.describe_execution(executionArn=ex["executionArn"])
        if d["status"] != "RUNNING" or time.time() > deadline:
            break
        time.sleep(0.05)
    events = []
    token = None
    while True:
        kw = {"executionArn": ex["executionArn"], "maxResults": 1000}
        if token:
            kw["nextToken"] = token
        h = sfn.get_execution_history(**kw)
        for e in h["events"]:
            if "stateEnteredEventDetails" in e:
                det = e["stateEnteredEventDetails"]
                events.append({"type": "entered", "state": det["name"], "data": parse(det.get("input"))})
            elif "stateExitedEventDetails" in e:
                det = e["stateExitedEventDetails"]
                events.append({"type": "exited", "state": det["name"], "data": parse(det.get("output"))})
        token = h.get("nextToken")
        if not token:
            break
    out.append({
        "name": name,
        "status": d["status"],
        "output": parse(d.get("output")),
        "error": d.get("error"),
        "cause": d.get("cause"),
        "events": events,
    })
json.dump(out, sys.stdout)
