"""The project's local AWS: moto's server, with small patches for its gaps.

Pinned to moto 5.2.5 (tools/requirements.txt); refuses to start on another version, since each
patch wraps a moto internal. Each patch makes moto behave as AWS does; none changes what a
client sends or receives beyond that.

1. CloudFormation change sets: moto creates the stack of a CREATE change set without the
   region's exports, so `Fn::ImportValue` fails ("No export named ... found"); and after
   executing any change set it never re-reads the template, so the stack has no outputs and
   its exports are never registered. AWS does both.
2. CloudFormation UpdateStack: exports added or removed by an update are not registered.
3. AWS::StepFunctions::StateMachine: moto reads only `DefinitionString`; AWS also accepts
   `Definition` (an object) with `DefinitionSubstitutions`, which is what we synthesize.
4. Step Functions executions: moto's States Language interpreter is switched on (so executions
   really run), and state machines created through CloudFormation are made visible to it
   (moto keeps them in a different backend than the interpreter reads).
5. TemplateURL: moto reads a template URL path-style only when its host is "localhost"; for an
   IP address such as 127.0.0.1 it takes the first label of the host for the bucket. S3 serves
   IP endpoints path-style, so the patch reads them path-style too.
6. Resource import: moto treats an IMPORT change set as a CREATE, and creating a table or a
   bucket that exists fails. During an IMPORT, the patch makes table and bucket creation adopt
   the existing one of the same name in the same account (as AWS's import does), so its items
   and objects stay.
7. AWS::S3::Bucket: moto applies only `BucketEncryption` and `Tags` of a bucket's properties;
   AWS also applies `VersioningConfiguration` and `PublicAccessBlockConfiguration`, which the
   patch applies on create and update.
8. Stack parameters: AWS's `UsePreviousValue` keeps the stack's current value of a parameter
   (the value last given, or the Default it took). moto's UpdateStack takes instead the value
   given when the stack was created (a value changed since by a change set comes back), and
   fails with HTTP 500 (KeyError) for a parameter that took its Default; its UPDATE change sets
   take the type-converted value (a list parameter then fails). The patch replaces each
   `UsePreviousValue` of an UpdateStack or UPDATE change set by the stack's current value as
   given, before moto reads the request. And DescribeStacks shows a `NoEcho` parameter's value
   as `****`, as AWS does (moto compares the value, not the key, with its NoEcho list, and so
   shows them in clear).
9. ListImports: moto does not implement it. The patch answers it from the stacks' templates
   (each `Fn::ImportValue` of the export's name, written as a plain string, as this project
   synthesizes it), and, like AWS, with a ValidationError ("Export 'NAME' is not imported by
   any stack.") when no stack imports the export.
10. Exports in use: moto lets a stack drop or change an export that another stack imports, and
   lets such a stack be deleted. AWS refuses all three: an update (UpdateStack or an UPDATE
   change set) that removes an export another stack imports, or changes its value, fails and
   rolls back (`UPDATE_ROLLBACK_COMPLETE`, the stack event saying "Export NAME cannot be
   deleted as it is in use by STACK", or "Cannot update export NAME as it is in use by
   STACK"), and a delete ends in `DELETE_FAILED` ("Cannot delete export NAME as it is in use
   by STACK"), nothing deleted. The patch does the same, before moto changes anything. A value
   is taken to change when the output's expression changes, or a resource it references is
   replaced: one of its replacing properties changes (listed in REPLACING_PROPERTIES for the
   resource types this project's apps use); a literal value is compared with the value
   exported (AWS compares values: the exported value written as a literal is no change).
11. Concurrent change sets: moto makes a new stack for every CREATE change set, so two deploys
   of one stack started together make two stacks of the same name. AWS adds a CREATE change set
   to the stack of that name when it is still under review (`REVIEW_IN_PROGRESS`) and refuses
   it otherwise ("Stack [NAME] already exists and cannot be created again with the changeSet
   [CS]."); executing a change set deletes the stack's other change sets; a change set that is
   not there is `ChangeSetNotFound` (moto: a ValidationError about a stack, or an HTTP 500
   from ExecuteChangeSet); ListChangeSets lists the named stack's change sets only (moto: all
   of them). The patch does the same, and makes each of these stack operations atomic with a
   lock (moto's server runs requests on several threads).
12. AWS::DynamoDB::Table updates: moto has no update for a table made by CloudFormation, so any
   change to one leaves the stack without it (and outputs that reference it fail: "Fn::GetAtt
   references undefined resource"). AWS replaces the table when a replacing property
   (`TableName`, `KeySchema`) changes, keeping the old one when its `UpdateReplacePolicy` is
   Retain, and updates it in place otherwise. The patch replaces it likewise; a change that
   does not replace it keeps the table as it is (its other settings are not applied).
13. Literal nulls in templates: moto drops every key whose value resolves to nothing, and so
   also a key whose value is a literal JSON `null` (`"ResultPath": null` inside a state
   machine's `Definition` object, which means "discard the result"; without it the state
   output is its result, as if ResultPath were "$"). AWS keeps such values. The patch keeps
   literal nulls and drops only what moto itself could not resolve.

Deleted stacks: moto evaluates a deleted stack's outputs again whenever the stack is described
by its ARN (as `destroy` does while it waits), and evaluating them creates once more every
resource they reference: a table whose DeletionPolicy is Delete is back after the stack is gone,
and the next deploy fails with HTTP 500 (the table exists). AWS keeps a deleted stack's outputs
as they were and never re-creates anything. The patch evaluates the outputs and exports once,
just before the stack's resources are deleted, keeps those values, and leaves in the stack's
resource map a record of each deleted resource (its logical id, physical id and type) so that
nothing is created again (DescribeStackResources and ListStackResources by ARN show them).

Lambda code (scripts/local_aws_lambda.py; it has the details): moto runs no function code
without Docker. The code of functions on an OS-only runtime (`provided.al2023`, `provided.al2`)
packaged as a zip is run as a local process: the zip unpacked once per code hash, `bootstrap`
started with the function's environment, test credentials, `AWS_ENDPOINT_URL` pointing here,
and a Lambda Runtime API served by the launcher; instances stay warm between invocations; the
result or the error (`errorType`, for Step Functions' Retry and Catch) is what the invoke
returns; a function over its Timeout is killed and reported as Lambda does (`Sandbox.Timedout`).
Functions of other runtimes keep moto's behaviour (an invoke returns a queued result, or its
input). `LOCAL_AWS_LAMBDA_CODE_DIR` sets where zips are unpacked (default
`.tools/local-aws/lambda-code`).

X API stand-in (scripts/x_stand_in.py): the launcher also serves a stand-in of the X API's
recent search with fixed tweets, on `LOCAL_AWS_X_PORT` (0 or unset: a free port), checking the
bearer token `LOCAL_X_BEARER_TOKEN` (default `local-x-bearer-token`); `POST
/stand-in/rate-limit?count=N` makes the next N searches answer HTTP 429. The launcher's own
endpoints (not AWS APIs): `GET /moto-api/local-aws` gives the stand-in's URL and token, `GET
/moto-api/local-aws/sms` the SMS messages SNS published (moto keeps them but has no API to list
them).

Slow mode (off unless one of its settings is given: `scripts/local-aws.sh start
--resource-seconds S --fail-type TYPE --throttle ACTION=F`, docs/local-aws.md): moto finishes
every stack operation at once, with stack-level events only, so a client's polling, progress
and interrupt paths never see a stack at work. With
`LOCAL_AWS_RESOURCE_SECONDS=S`, each stack operation (create, change set execution, update,
delete, import) is shown as AWS shows it: the stack stays `*_IN_PROGRESS`, each resource is
`*_IN_PROGRESS` for S seconds, started after the resources it references (Ref, Fn::GetAtt,
Fn::Sub, DependsOn), with AWS's per-resource events in order; a stack busy with an operation
refuses another, as AWS does. moto still does the work at once; only what DescribeStacks and
DescribeStackEvents show is revealed over time. `LOCAL_AWS_FAIL_TYPES=TYPE,...` makes every
resource of those types fail to create (or update): the resources in progress are cancelled and
the stack rolls back (`ROLLBACK_COMPLETE` with the resources deleted, or
`UPDATE_ROLLBACK_COMPLETE` with the stack unchanged), the failing resource's event giving the
reason. `LOCAL_AWS_THROTTLE=[service:]Action=FRACTION,...` answers that fraction of an
operation's calls (evenly spread: 0.5 is every second call) with AWS's throttling error.

Usage: python local_aws.py -H 127.0.0.1 -p PORT   (the arguments of moto_server)
"""
import json
import os
import sys
from datetime import timedelta

import moto

PINNED = "5.2.5"


def patch_change_sets():
    from moto.cloudformation import models as cfn

    backend = cfn.CloudFormationBackend
    original_create = backend.create_change_set
    original_execute = backend.execute_change_set

    def create_change_set(self, stack_name, *args, **kwargs):
        change_set_id, stack_id = original_create(self, stack_name, *args, **kwargs)
        stack = self.stacks[stack_id]
        stack.cross_stack_resources = self.exports
        stack.resource_map.cross_stack_resources = self.exports
        return change_set_id, stack_id

    def execute_change_set(self, change_set_name, stack_name=None):
        original_execute(self, change_set_name, stack_name)
        change_set = self.describe_change_set(change_set_name)
        stack = self.stacks[change_set.stack_id]
        stack._parse_template()
        stack.description = stack.template_dict.get("Description")
        stack.output_map = stack._create_output_map()
        refresh_exports(self, stack)

    backend.create_change_set = create_change_set
    backend.execute_change_set = execute_change_set


def refresh_exports(backend, stack):
    for name in [n for n, e in backend.exports.items() if e.exporting_stack_id == stack.stack_id]:
        del backend.exports[name]
    for export in stack.exports:
        backend.exports[export.name] = export


def patch_update_stack():
    from moto.cloudformation import models as cfn

    original = cfn.CloudFormationBackend.update_stack

    def update_stack(self, *args, **kwargs):
        stack = original(self, *args, **kwargs)
        refresh_exports(self, stack)
        return stack

    cfn.CloudFormationBackend.update_stack = update_stack


def definition_string(properties):
    if "DefinitionString" in properties or "Definition" not in properties:
        return properties
    text = json.dumps(properties["Definition"])
    for key, value in (properties.get("DefinitionSubstitutions") or {}).items():
        text = text.replace("${" + key + "}", str(value))
    return {**properties, "DefinitionString": text}


def patch_literal_nulls():
    import moto.cloudformation.parsing as parsing

    original = parsing.clean_json

    # clean_json calls itself through the module's global name, so nested values come back
    # here too.
    def clean_json(resource_json, resources_map):
        if isinstance(resource_json, dict) and None in resource_json.values():
            nulls = [k for k, v in resource_json.items() if v is None]
            cleaned = original({k: v for k, v in resource_json.items() if v is not None}, resources_map)
            if isinstance(cleaned, dict):
                for k in nulls:
                    cleaned[k] = None
            return cleaned
        return original(resource_json, resources_map)

    parsing.clean_json = clean_json


def patch_state_machine_definition():
    from moto.stepfunctions.models import StateMachine

    def with_definition_string(original, position):
        # moto calls these with positional or keyword arguments; the template JSON is the
        # argument `cloudformation_json`, at `position` when positional.
        def wrapper(cls, *args, **kwargs):
            if "cloudformation_json" in kwargs:
                cfn_json = kwargs["cloudformation_json"]
                kwargs["cloudformation_json"] = {
                    **cfn_json, "Properties": definition_string(cfn_json.get("Properties", {}))}
            else:
                args = list(args)
                cfn_json = args[position]
                args[position] = {**cfn_json, "Properties": definition_string(cfn_json.get("Properties", {}))}
            return original(cls, *args, **kwargs)

        return classmethod(wrapper)

    StateMachine.create_from_cloudformation_json = with_definition_string(
        StateMachine.create_from_cloudformation_json.__func__, 1)
    StateMachine.update_from_cloudformation_json = with_definition_string(
        StateMachine.update_from_cloudformation_json.__func__, 2)


def patch_step_functions_interpreter():
    from moto.core.config import default_user_config
    from moto.stepfunctions import models as sfn
    from moto.stepfunctions.parser.models import stepfunctions_parser_backends

    default_user_config["stepfunctions"]["execute_state_machine"] = True
    default_user_config["lambda"]["use_docker"] = False
    sfn.stepfunctions_backends = stepfunctions_parser_backends


def patch_template_url():
    from urllib.parse import urlparse

    from moto.cloudformation import responses, utils

    original = utils.get_stack_from_s3_url

    def get_stack_from_s3_url(template_url, *args, **kwargs):
        parts = urlparse(template_url)
        host = parts.hostname or ""
        if host.replace(".", "").isdigit():
            port = f":{parts.port}" if parts.port else ""
            template_url = parts._replace(netloc=f"localhost{port}").geturl()
        return original(template_url, *args, **kwargs)

    utils.get_stack_from_s3_url = get_stack_from_s3_url
    responses.get_stack_from_s3_url = get_stack_from_s3_url


def patch_import_change_sets():
    from moto.cloudformation import models as cfn
    from moto.dynamodb.models import DynamoDBBackend
    from moto.s3.models import S3Backend

    execute = cfn.CloudFormationBackend.execute_change_set  # already wrapped by patch_change_sets
    # (backend class, its create method, where the backend keeps what exists by name)
    creators = [
        (DynamoDBBackend, "create_table", lambda backend: backend.tables),
        (S3Backend, "create_bucket", lambda backend: backend.buckets),
    ]

    def adopting(create, existing):
        def create_or_adopt(backend, name, *args, **kwargs):
            if name in existing(backend):
                return existing(backend)[name]
            return create(backend, name, *args, **kwargs)

        return create_or_adopt

    def execute_change_set(self, change_set_name, stack_name=None):
        if self.describe_change_set(change_set_name).change_set_type != "IMPORT":
            return execute(self, change_set_name, stack_name)
        originals = [(cls, method, getattr(cls, method)) for cls, method, _ in creators]
        for (cls, method, original), (_, _, existing) in zip(originals, creators):
            setattr(cls, method, adopting(original, existing))
        try:
            return execute(self, change_set_name, stack_name)
        finally:
            for cls, method, original in originals:
                setattr(cls, method, original)

    cfn.CloudFormationBackend.execute_change_set = execute_change_set


def patch_bucket_properties():
    import inspect

    from moto.s3.models import FakeBucket, s3_backends
    from moto.utilities.utils import get_partition

    def apply(bucket, cloudformation_json, account_id, region_name):
        properties = cloudformation_json.get("Properties") or {}
        backend = s3_backends[account_id][get_partition(region_name)]
        versioning = properties.get("VersioningConfiguration")
        if versioning and versioning.get("Status"):
            backend.put_bucket_versioning(bucket.name, versioning["Status"])
        block = properties.get("PublicAccessBlockConfiguration")
        if block:
            backend.put_public_access_block(bucket.name, block)

    def applying(original):
        signature = inspect.signature(original)

        # moto calls these with positional or keyword arguments: bind them to find the
        # template JSON, account and region whichever way they came.
        def wrapper(cls, *args, **kwargs):
            bucket = original(cls, *args, **kwargs)
            bound = signature.bind(cls, *args, **kwargs).arguments
            apply(bucket, bound["cloudformation_json"], bound["account_id"], bound["region_name"])
            return bucket

        return classmethod(wrapper)

    FakeBucket.create_from_cloudformation_json = applying(
        FakeBucket.create_from_cloudformation_json.__func__)
    FakeBucket.update_from_cloudformation_json = applying(
        FakeBucket.update_from_cloudformation_json.__func__)


def patch_parameters():
    from moto.cloudformation import models as cfn
    from moto.cloudformation import responses
    from moto.cloudformation.exceptions import ValidationError

    def true(value):
        return value is True or str(value).lower() == "true"

    def current_value(stack, key):
        resources = stack.resource_map
        if key in resources.input_parameters:
            return resources.input_parameters[key]
        slot = (resources._template.get("Parameters") or {}).get(key) or {}
        if "Default" in slot:
            return slot["Default"]
        raise ValidationError(
            message=f"Invalid input for parameter key {key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template")

    def with_previous_values(original, applies):
        def wrapper(self):
            given = self._get_param("Parameters", []) or []
            if applies(self) and any(true(p.get("UsePreviousValue")) for p in given):
                stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
                for p in given:
                    if true(p.pop("UsePreviousValue", False)):
                        p["ParameterValue"] = current_value(stack, p["ParameterKey"])
            return original(self)

        return wrapper

    response = responses.CloudFormationResponse
    response.update_stack = with_previous_values(response.update_stack, lambda r: True)
    response.create_change_set = with_previous_values(
        response.create_change_set, lambda r: r._get_param("ChangeSetType", "CREATE") == "UPDATE")

    def parameter_list(self):
        slots = self.resource_map._template.get("Parameters") or {}
        return [
            {"ParameterKey": k, "ParameterValue": "****" if true((slots.get(k) or {}).get("NoEcho")) else v}
            for k, v in self.resource_map.resolved_parameters.items()
        ]

    cfn.Stack.parameter_list = property(parameter_list)


# Deleted stacks (see the module docstring): outputs kept as they were, nothing re-created.
class DeletedStackOutputs(dict):
    """A deleted stack's outputs (key -> moto's evaluated Output) and exports, kept as they
    were just before its resources were deleted."""

    def __init__(self, outputs, exports):
        super().__init__(outputs)
        self.exports = exports


class DeletedResource:
    """What a deleted stack's resource map keeps of a deleted resource, so that reading the map
    never creates it again."""

    def __init__(self, logical_id, physical_id, resource_type):
        self.logical_resource_id = logical_id
        self.physical_resource_id = physical_id
        self.cf_resource_type = resource_type

    def __repr__(self):
        return f"DeletedResource({self.logical_resource_id})"


def patch_deleted_stacks():
    from moto.cloudformation import models as cfn

    original_delete = cfn.Stack.delete

    def delete(self):
        try:
            outputs = {key: self.output_map[key] for key in self.output_map}
            exports = list(self.output_map.exports)
        except Exception as error:  # an output moto cannot evaluate: keep none, as before
            print(f"local_aws.py: outputs of {self.name} not kept: {error}", file=sys.stderr)
            outputs, exports = {}, []
        resources = self.resource_map
        records = {
            logical_id: DeletedResource(logical_id, getattr(r, "physical_resource_id", None),
                                        resources._resource_json_map[logical_id].get("Type"))
            for logical_id, r in resources._parsed_resources.items()
            if logical_id in resources._resource_json_map and r is not None and not isinstance(r, str)
        }
        original_delete(self)
        self.output_map = DeletedStackOutputs(outputs, exports)
        # What the delete kept (Retain) stays as it is; the others are records from now on.
        for logical_id in resources._resource_json_map:
            if logical_id not in resources._parsed_resources:
                resources._parsed_resources[logical_id] = records.get(
                    logical_id, DeletedResource(logical_id, None, resources._resource_json_map[logical_id].get("Type")))

    cfn.Stack.delete = delete


def moto_port(argv):
    """The port moto serves on: MOTO_PORT, else the -p/--port argument, else moto's 5000."""
    if os.environ.get("MOTO_PORT"):
        return int(os.environ["MOTO_PORT"])
    for i, arg in enumerate(argv):
        if arg in ("-p", "--port") and i + 1 < len(argv):
            return int(argv[i + 1])
        if arg.startswith("--port="):
            return int(arg.split("=", 1)[1])
    return 5000


def patch_lambda_runtime(argv):
    import local_aws_lambda

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cache = os.environ.get("LOCAL_AWS_LAMBDA_CODE_DIR") or os.path.join(root, ".tools", "local-aws", "lambda-code")
    return local_aws_lambda.install(moto_port(argv), cache)


def start_x_stand_in():
    """Starts the X API stand-in and adds the launcher's endpoints under /moto-api/local-aws."""
    import x_stand_in
    from moto.moto_api._internal import urls

    url, stand_in = x_stand_in.start(port=int(os.environ.get("LOCAL_AWS_X_PORT") or 0),
                                     token=os.environ.get("LOCAL_X_BEARER_TOKEN"))

    def local_aws_settings(request, full_url, headers):
        return 200, {"Content-Type": "application/json"}, json.dumps(
            {"xApiUrl": url, "xBearerToken": stand_in.token})

    def local_aws_sms(request, full_url, headers):
        from moto.sns.models import sns_backends

        messages = []
        for account, regions in list(sns_backends.items()):
            for region, backend in list(regions.items()):
                for message_id, (number, text) in list(backend.sms_messages.items()):
                    messages.append({"messageId": message_id, "phoneNumber": number, "message": text,
                                     "region": region, "account": account})
        return 200, {"Content-Type": "application/json"}, json.dumps({"messages": messages})

    urls.url_paths["{0}/moto-api/local-aws$"] = local_aws_settings
    urls.url_paths["{0}/moto-api/local-aws/sms$"] = local_aws_sms
    print(f"local_aws.py: X API stand-in on {url}", file=sys.stderr, flush=True)
    return url


def imported_names(value, into):
    """The export names a template value imports (`Fn::ImportValue` of a plain string)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Fn::ImportValue" and isinstance(inner, str):
                into.add(inner)
            else:
                imported_names(inner, into)
    elif isinstance(value, list):
        for inner in value:
            imported_names(inner, into)
    return into


def template_dict_of(template):
    if isinstance(template, dict):
        return template
    try:
        return json.loads(template or "{}")
    except (TypeError, ValueError):
        return {}


def importers(backend, export_name, but=None):
    """The names of the stacks (but the one whose id is `but`) whose template imports the export."""
    return sorted(
        stack.name
        for stack in backend.stacks.values()
        if stack.stack_id != but
        and stack.status not in ("DELETE_COMPLETE", "REVIEW_IN_PROGRESS")
        and export_name in imported_names(getattr(stack, "template_dict", None) or {}, set())
    )


def patch_list_imports():
    from moto.cloudformation import responses
    from moto.cloudformation.exceptions import ValidationError
    from moto.core.responses import ActionResult

    def list_imports(self):
        name = self._get_param("ExportName")
        stacks = importers(self.cloudformation_backend, name)
        if not stacks:
            raise ValidationError(message=f"Export '{name}' is not imported by any stack.")
        return ActionResult({"Imports": stacks})

    responses.CloudFormationResponse.list_imports = list_imports


# The properties whose change replaces a resource (and so changes its Ref and attributes), for
# the resource types this project's apps use: what patch 10 reads to tell whether an export's
# value changes.
REPLACING_PROPERTIES = {
    "AWS::DynamoDB::Table": ("TableName", "KeySchema"),
    "AWS::S3::Bucket": ("BucketName",),
    "AWS::SNS::Topic": ("TopicName", "FifoTopic"),
    "AWS::SQS::Queue": ("QueueName", "FifoQueue"),
    "AWS::Lambda::Function": ("FunctionName",),
    "AWS::IAM::Role": ("RoleName", "Path"),
    "AWS::StepFunctions::StateMachine": ("StateMachineName", "StateMachineType"),
    "AWS::Logs::LogGroup": ("LogGroupName",),
    "AWS::SSM::Parameter": ("Name",),
}


def referenced_ids(value, into):
    """The logical ids a template value references (Ref, Fn::GetAtt)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                into.add(inner)
            elif key == "Fn::GetAtt":
                into.add(inner[0] if isinstance(inner, list) and inner else str(inner).split(".")[0])
            else:
                referenced_ids(inner, into)
    elif isinstance(value, list):
        for inner in value:
            referenced_ids(inner, into)
    return into


def patch_exports_in_use():
    from moto.cloudformation import models as cfn

    backend_class = cfn.CloudFormationBackend

    def exports_of(backend, stack):
        return [name for name, e in backend.exports.items() if e.exporting_stack_id == stack.stack_id]

    def export_names(template_dict):
        names = set()
        for output in (template_dict.get("Outputs") or {}).values():
            name = (output.get("Export") or {}).get("Name") if isinstance(output, dict) else None
            if isinstance(name, str):
                names.add(name)
        return names

    def output_of(template_dict, export):
        for output in (template_dict.get("Outputs") or {}).values():
            if isinstance(output, dict) and (output.get("Export") or {}).get("Name") == export:
                return output.get("Value")
        return None

    def replaced(old_resource, new_resource):
        if not isinstance(old_resource, dict) or not isinstance(new_resource, dict):
            return old_resource != new_resource
        if old_resource.get("Type") != new_resource.get("Type"):
            return True
        old_props = old_resource.get("Properties") or {}
        new_props = new_resource.get("Properties") or {}
        return any(old_props.get(p) != new_props.get(p)
                   for p in REPLACING_PROPERTIES.get(new_resource.get("Type"), ()))

    def value_changes(old_template, new_template, export, current):
        old_value, new_value = output_of(old_template, export), output_of(new_template, export)
        if not isinstance(new_value, (dict, list)) and current is not None:
            # A literal: AWS compares values, so the exported value written as it is (how a
            # deploy keeps an export still imported) is no change.
            return str(new_value) != str(current)
        if old_value != new_value:
            return True
        old_resources = old_template.get("Resources") or {}
        new_resources = new_template.get("Resources") or {}
        return any(replaced(old_resources.get(i), new_resources.get(i))
                   for i in referenced_ids(new_value, set()))

    def in_use(backend, stack, new_template):
        """The reason AWS refuses the update, when the new template drops or changes an export
        that another stack imports."""
        new_dict = template_dict_of(new_template)
        kept = export_names(new_dict)
        old_dict = getattr(stack, "template_dict", None) or {}
        for name in exports_of(backend, stack):
            using = importers(backend, name, but=stack.stack_id)
            if not using:
                continue
            if name not in kept:
                return f"Export {name} cannot be deleted as it is in use by {using[0]}"
            if value_changes(old_dict, new_dict, name, getattr(backend.exports.get(name), "value", None)):
                return f"Cannot update export {name} as it is in use by {using[0]}"
        return None

    def roll_back(stack, reason):
        stack._add_stack_event("UPDATE_IN_PROGRESS", resource_status_reason="User Initiated")
        stack._add_stack_event("UPDATE_ROLLBACK_IN_PROGRESS", resource_status_reason=reason)
        stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE")
        stack.status = "UPDATE_ROLLBACK_COMPLETE"

    original_update = backend_class.update_stack

    def update_stack(self, name, template, *args, **kwargs):
        stack = self.get_stack(name)
        refused = in_use(self, stack, template)
        if refused:
            roll_back(stack, refused)
            return stack
        return original_update(self, name, template, *args, **kwargs)

    original_execute = backend_class.execute_change_set

    def execute_change_set(self, change_set_name, stack_name=None):
        change_set = self.describe_change_set(change_set_name)
        if change_set.change_set_type == "UPDATE":
            refused = in_use(self, change_set.stack, change_set.template)
            if refused:
                roll_back(change_set.stack, refused)
                change_set.execution_status = "EXECUTE_FAILED"
                return None
        return original_execute(self, change_set_name, stack_name)

    original_delete = backend_class.delete_stack

    def delete_stack(self, name_or_stack_id):
        stacks = [s for s in self.stacks.values() if name_or_stack_id in (s.stack_id, s.name)]
        for stack in stacks:
            for export in exports_of(self, stack):
                using = importers(self, export, but=stack.stack_id)
                if using:
                    stack._add_stack_event("DELETE_IN_PROGRESS", resource_status_reason="User Initiated")
                    stack._add_stack_event(
                        "DELETE_FAILED",
                        resource_status_reason=f"Cannot delete export {export} as it is in use by {using[0]}.")
                    stack.status = "DELETE_FAILED"
                    return None
        return original_delete(self, name_or_stack_id)

    backend_class.update_stack = update_stack
    backend_class.execute_change_set = execute_change_set
    backend_class.delete_stack = delete_stack


def patch_table_updates():
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.table import Table

    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                        account_id, region_name):
        properties = cloudformation_json.get("Properties") or {}
        replacing = (new_resource_name != original_resource.name
                     or properties.get("KeySchema", original_resource.schema) != original_resource.schema)
        if not replacing:
            return original_resource
        table = cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id,
                                                    region_name)
        if cloudformation_json.get("UpdateReplacePolicy") != "Retain":
            dynamodb_backends[account_id][region_name].delete_table(name=original_resource.name)
        return table

    Table.update_from_cloudformation_json = classmethod(update_from_cloudformation_json)


def patch_concurrent_change_sets():
    import threading

    from moto.cloudformation import models as cfn
    from moto.cloudformation import responses
    from moto.cloudformation.exceptions import CloudFormationError, ValidationError
    from moto.core.responses import ActionResult

    class ChangeSetNotFound(CloudFormationError):
        code = "ChangeSetNotFound"

    backend_class = cfn.CloudFormationBackend
    lock = threading.RLock()

    def find(backend, change_set_name):
        if change_set_name in backend.change_sets:
            return backend.change_sets[change_set_name]
        for change_set in backend.change_sets.values():
            if change_set.change_set_name == change_set_name:
                return change_set
        raise ChangeSetNotFound(f"ChangeSet [{change_set_name}] does not exist")

    original_create = backend_class.create_change_set

    def create_change_set(self, stack_name, change_set_name, *args, **kwargs):
        with lock:
            change_set_type = kwargs.get("change_set_type", args[3] if len(args) > 3 else None)
            under_review = None
            if change_set_type == "CREATE":
                existing = [s for s in self.stacks.values() if s.name == stack_name]
                if existing and existing[0].status != "REVIEW_IN_PROGRESS":
                    raise ValidationError(
                        message=f"Stack [{stack_name}] already exists and cannot be created again with the changeSet [{change_set_name}].")
                under_review = existing[0] if existing else None
            change_set_id, stack_id = original_create(self, stack_name, change_set_name, *args, **kwargs)
            if under_review is None:
                return change_set_id, stack_id
            # Moved onto the stack under review, as AWS does; moto's new stack is dropped.
            self.stacks.pop(stack_id, None)
            change_set = self.change_sets[change_set_id]
            change_set.stack = under_review
            change_set.stack_id = under_review.stack_id
            under_review._add_stack_event("REVIEW_IN_PROGRESS", resource_status_reason="User Initiated")
            return change_set_id, under_review.stack_id

    original_execute = backend_class.execute_change_set

    def execute_change_set(self, change_set_name, stack_name=None):
        with lock:
            change_set = find(self, change_set_name)
            result = original_execute(self, change_set.change_set_id, stack_name)
            for other in [i for i, c in self.change_sets.items()
                          if c.stack_id == change_set.stack_id and c is not change_set]:
                del self.change_sets[other]
            return result

    def describe_change_set(self, change_set_name):
        return find(self, change_set_name)

    original_delete_change_set = backend_class.delete_change_set

    def delete_change_set(self, change_set_name):
        with lock:
            find(self, change_set_name)
            return original_delete_change_set(self, change_set_name)

    def locked(original):
        def wrapper(self, *args, **kwargs):
            with lock:
                return original(self, *args, **kwargs)

        return wrapper

    backend_class.create_change_set = create_change_set
    backend_class.execute_change_set = execute_change_set
    backend_class.describe_change_set = describe_change_set
    backend_class.delete_change_set = delete_change_set
    for name in ("create_stack", "update_stack", "delete_stack"):
        setattr(backend_class, name, locked(getattr(backend_class, name)))

    def list_change_sets(self):
        name = self._get_param("StackName")
        change_sets = [c for c in self.cloudformation_backend.change_sets.values()
                       if name in (c.stack_name, c.stack_id)]
        return ActionResult({"Summaries": change_sets})

    responses.CloudFormationResponse.list_change_sets = list_change_sets


# Slow mode (off by default; see the module docstring and docs/local-aws.md). Read from the
# environment that scripts/local-aws.sh start and the test harness set:
#   LOCAL_AWS_RESOURCE_SECONDS=S        each resource stays *_IN_PROGRESS for S seconds
#   LOCAL_AWS_FAIL_TYPES=T1,T2          resources of these types fail to create (or update)
#   LOCAL_AWS_THROTTLE=OP=F,...         a fraction F of the calls of OP ([service:]Action) are
#                                       answered "Throttling: Rate exceeded"
# moto still does each operation at once; the patch only shows it as AWS would, over time: a
# stack operation gets a timeline (its statuses and per-resource events, scheduled in dependency
# order), and DescribeStacks and DescribeStackEvents show only what is due by now. A stack with
# an operation in progress refuses another one, as AWS does.
SLOW_EVENT_GAP = timedelta(milliseconds=1)
SLOW_NOUNS = {"CREATE": "creation", "DELETE": "deletion"}  # "Resource creation cancelled"


def slow_mode_settings(environ):
    def number(text, what):
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0 <= value < float("inf"):
            sys.exit(f"local_aws.py: {what} must be a number not below 0, not {text!r}")
        return value

    seconds = number(environ.get("LOCAL_AWS_RESOURCE_SECONDS") or "0", "LOCAL_AWS_RESOURCE_SECONDS")
    fail_types = {t.strip() for t in (environ.get("LOCAL_AWS_FAIL_TYPES") or "").split(",") if t.strip()}
    throttle = {}
    for item in (environ.get("LOCAL_AWS_THROTTLE") or "").split(","):
        if item.strip():
            operation, _, fraction = item.strip().partition("=")
            fraction = number(fraction or "1", f"the fraction of LOCAL_AWS_THROTTLE's {operation}")
            throttle[operation.strip().lower()] = min(fraction, 1.0)
    if not seconds and not fail_types and not throttle:
        return None
    return {"seconds": seconds, "fail_types": fail_types, "throttle": throttle}


def resource_dependencies(resources):
    """Each resource's dependencies among `resources` (Ref, Fn::GetAtt, Fn::Sub, DependsOn)."""
    import re

    def found(value, into):
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "Ref" and isinstance(inner, str):
                    into.add(inner)
                elif key == "Fn::GetAtt":
                    into.add(inner[0] if isinstance(inner, list) and inner else str(inner).split(".")[0])
                elif key == "Fn::Sub":
                    text = inner[0] if isinstance(inner, list) and inner else inner
                    if isinstance(text, str):
                        into.update(m.split(".")[0] for m in re.findall(r"\$\{([^}!]+)\}", text))
                    if isinstance(inner, list) and len(inner) > 1:
                        found(inner[1], into)
                else:
                    found(inner, into)
        elif isinstance(value, list):
            for inner in value:
                found(inner, into)

    dependencies = {}
    for logical_id, body in resources.items():
        into = set()
        found(body.get("Properties") or {}, into)
        depends_on = body.get("DependsOn") or []
        into.update([depends_on] if isinstance(depends_on, str) else depends_on)
        dependencies[logical_id] = {d for d in into if d in resources and d != logical_id}
    return dependencies


def slow_schedule(ids, dependencies, start, seconds, reverse=False):
    """(start, end) of each resource: after the resources it depends on (or, with `reverse`,
    after those that depend on it), each taking `seconds`."""
    step = timedelta(seconds=seconds)
    after = {i: set() for i in ids}
    for i in ids:
        for d in dependencies.get(i, ()):
            if d in after:
                (after[d] if reverse else after[i]).add(i if reverse else d)
    times, visiting = {}, set()

    def timing(i):
        if i not in times:
            visiting.add(i)
            begin = max([timing(d)[1] for d in after[i] if d not in visiting] or [start])
            visiting.discard(i)
            times[i] = (begin, begin + step)
        return times[i]

    for i in ids:
        timing(i)
    return times


def patch_slow_mode():
    settings = slow_mode_settings(os.environ)
    if settings is None:
        return
    import threading

    from moto.cloudformation import models as cfn
    from moto.cloudformation.exceptions import AlreadyExistsException, ValidationError
    from moto.cloudformation.parsing import OutputMap
    from moto.core.exceptions import ServiceException
    from moto.core.responses import ActionResult, BaseResponse
    from moto.core.utils import get_service_model, utcnow

    seconds, fail_types = settings["seconds"], settings["fail_types"]
    Stack = cfn.Stack

    # What a stack shows: its timeline while one runs, then its real state.
    def status_get(self):
        timeline = self.__dict__.get("_slow_timeline")
        if timeline and utcnow() < timeline["end"]:
            shown = [s for s in timeline["statuses"] if s[0] <= utcnow()]
            if shown:
                return shown[-1][1]
        return self.__dict__.get("_slow_status")

    def status_set(self, value):
        self.__dict__["_slow_status"] = value

    def status_reason(self):
        timeline = self.__dict__.get("_slow_timeline")
        shown = [s for s in (timeline or {}).get("statuses", []) if s[0] <= utcnow()]
        return shown[-1][2] if shown else None

    class VisibleEvents(list):
        """The events due by now; moto's appends go to the stack's full list."""

        def __init__(self, everything):
            now = utcnow()
            super().__init__(e for e in everything if e.timestamp <= now)
            self._everything = everything

        def append(self, event):
            self._everything.append(event)

    def events_get(self):
        return VisibleEvents(self.__dict__.setdefault("_slow_events", []))

    def events_set(self, value):
        self.__dict__["_slow_events"] = list(value)

    Stack.status = property(status_get, status_set)
    Stack.status_reason = property(status_reason)
    Stack.events = property(events_get, events_set)

    def busy(stack):
        timeline = stack.__dict__.get("_slow_timeline")
        return bool(timeline) and utcnow() < timeline["end"]

    def physical_ids(stack):
        parsed = stack.resource_map._parsed_resources
        return {i: str(getattr(r, "physical_resource_id", None) or "") for i, r in parsed.items()
                if not isinstance(r, str) and r is not None}

    class Timeline:
        def __init__(self, stack, physical=None):
            self.stack, self.events, self.statuses = stack, [], []
            self.physical = physical if physical is not None else physical_ids(stack)

        def stack_status(self, at, status, reason=None):
            self.statuses.append((at, status, reason))
            self.event(at, self.stack.name, "AWS::CloudFormation::Stack", status, reason, self.stack.stack_id)

        def event(self, at, logical_id, resource_type, status, reason=None, physical=""):
            e = cfn.Event(
                stack_id=self.stack.stack_id, stack_name=self.stack.name,
                logical_resource_id=logical_id, physical_resource_id=physical,
                resource_type=resource_type, resource_status=status,
                resource_status_reason=reason, resource_properties=None)
            e.timestamp = at
            self.events.append(e)

        def resources(self, ids, types, action, start, dependencies, reverse=False, failing=(), skipped=()):
            """Schedules `action` (CREATE, UPDATE, DELETE, IMPORT; or a dict of them by id) on
            `ids`; returns (the time they are all done, None), or, when one of `failing` fails,
            (the time the failure is known, the ids that failed or were cancelled)."""
            times = slow_schedule(ids, dependencies, start, seconds, reverse)
            failures = [times[i][1] for i in ids if i in failing]
            cut = min(failures) if failures else None
            touched = []
            for i in sorted(ids, key=lambda i: (times[i], i)):
                begin, end = times[i]
                verb = action[i] if isinstance(action, dict) else action
                physical = self.physical.get(i, "")
                if cut is not None and begin >= cut:
                    continue
                if i in skipped:
                    self.event(begin, i, types[i], f"{verb}_SKIPPED", physical=physical)
                    continue
                touched.append(i)
                self.event(begin, i, types[i], f"{verb}_IN_PROGRESS")
                if verb == "CREATE":
                    self.event(begin + SLOW_EVENT_GAP, i, types[i], "CREATE_IN_PROGRESS",
                               "Resource creation Initiated", physical)
                if cut is None or (end < cut and i not in failing):
                    self.event(end, i, types[i], f"{verb}_COMPLETE", physical=physical)
                elif i in failing and end == cut:
                    self.event(cut, i, types[i], f"{verb}_FAILED", (
                        f'Resource handler returned message: "{types[i]} fails in the local AWS\'s '
                        'slow mode (LOCAL_AWS_FAIL_TYPES)" (HandlerErrorCode: GeneralServiceException)'))
                else:
                    self.event(cut + SLOW_EVENT_GAP, i, types[i], f"{verb}_FAILED",
                               f"Resource {SLOW_NOUNS.get(verb, verb.lower())} cancelled")
            if cut is None:
                return max([t[1] for t in times.values()] or [start]), None
            failed = [i for i in touched if not (times[i][1] < cut and i not in failing)]
            return cut + 2 * SLOW_EVENT_GAP, failed

        def install(self, final_status):
            end = max([e.timestamp for e in self.events] or [utcnow()])
            self.stack.__dict__["_slow_timeline"] = {"statuses": self.statuses, "end": end}
            everything = self.stack.__dict__.setdefault("_slow_events", [])
            everything.extend(self.events)
            everything.sort(key=lambda e: e.timestamp)
            self.stack.status = final_status

    def template_resources(template_dict):
        resources = (template_dict or {}).get("Resources") or {}
        return resources, {i: r.get("Type", "") for i, r in resources.items()}

    def stack_template(stack):
        """The stack's template as given (moto changes its parsed copy as it creates)."""
        if isinstance(stack.template, str):
            return Stack.parse_template(stack.template)
        return stack.template_dict

    class NoOutputs(dict):
        """An output map without outputs or exports."""

        exports = []

    def forget_events_since(stack, count):
        del stack.__dict__.setdefault("_slow_events", [])[count:]

    def roll_back_create(backend, stack):
        """What a rolled-back create leaves: the stack, its template, no resources, no outputs
        and no exports (moto created them all; delete them, and let nothing create them again)."""
        try:
            stack.resource_map.delete()
        except Exception as error:  # a resource moto cannot delete stays, as a failed rollback would
            print(f"local_aws.py: slow mode: rolling back {stack.name}: {error}", file=sys.stderr)
        stack.resource_map._resource_json_map = {}
        for name in [n for n, e in backend.exports.items() if e.exporting_stack_id == stack.stack_id]:
            del backend.exports[name]
        stack.output_map = NoOutputs()

    def create_timeline(backend, stack, action="CREATE"):
        resources, types = template_resources(stack_template(stack))
        start = utcnow()
        timeline = Timeline(stack)
        timeline.stack_status(start, f"{action}_IN_PROGRESS", "User Initiated")
        failing = {i for i, t in types.items() if t in fail_types} if action == "CREATE" else set()
        done, failed = timeline.resources(
            list(resources), types, action, start + SLOW_EVENT_GAP, resource_dependencies(resources), failing=failing)
        if failed is None:
            timeline.stack_status(done + SLOW_EVENT_GAP, f"{action}_COMPLETE")
            timeline.install(f"{action}_COMPLETE")
            return
        timeline.stack_status(done, "ROLLBACK_IN_PROGRESS", (
            f"The following resource(s) failed to create: [{', '.join(sorted(failed))}]. "
            "Rollback requested by user."))
        created = [i for i in resources if any(e.logical_resource_id == i for e in timeline.events)]
        retained = {i for i in created if resources[i].get("DeletionPolicy") == "Retain"}
        end, _ = timeline.resources(created, types, "DELETE", done + SLOW_EVENT_GAP,
                                    resource_dependencies(resources), reverse=True, skipped=retained)
        timeline.stack_status(end + SLOW_EVENT_GAP, "ROLLBACK_COMPLETE")
        roll_back_create(backend, stack)
        timeline.install("ROLLBACK_COMPLETE")

    def update_plan(stack, new_template_dict):
        old, _ = template_resources(stack_template(stack))
        new, _ = template_resources(new_template_dict)
        added = [i for i in new if i not in old]
        changed = [i for i in new if i in old and new[i] != old[i]]
        removed = [i for i in old if i not in new]
        return old, new, added, changed, removed

    def update_fails(stack, new_template_dict):
        _, new, added, changed, _ = update_plan(stack, new_template_dict)
        return any(new[i].get("Type") in fail_types for i in added + changed)

    def update_timeline(stack, old, new, added, changed, removed, fail, physical=None):
        _, old_types = template_resources({"Resources": old})
        _, new_types = template_resources({"Resources": new})
        types = {**old_types, **new_types}
        start = utcnow()
        timeline = Timeline(stack, physical)
        timeline.stack_status(start, "UPDATE_IN_PROGRESS", "User Initiated")
        dependencies = resource_dependencies(new)
        failing = {i for i in added + changed if new_types[i] in fail_types} if fail else set()
        # Added resources are created and changed ones updated, in one dependency order.
        actions = {**{i: "CREATE" for i in added}, **{i: "UPDATE" for i in changed}}
        done, failed = timeline.resources(added + changed, types, actions, start + SLOW_EVENT_GAP,
                                          dependencies, failing=failing)
        if failed is None:
            timeline.stack_status(done + SLOW_EVENT_GAP, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
            end, _ = timeline.resources(removed, types, "DELETE", done + 2 * SLOW_EVENT_GAP,
                                        resource_dependencies(old), reverse=True,
                                        skipped={i for i in removed if old[i].get("DeletionPolicy") == "Retain"})
            timeline.stack_status(end + SLOW_EVENT_GAP, "UPDATE_COMPLETE")
            timeline.install("UPDATE_COMPLETE")
            return
        timeline.stack_status(done, "UPDATE_ROLLBACK_IN_PROGRESS", " ".join(
            f"The following resource(s) failed to {verb}: [{', '.join(sorted(ids))}]."
            for verb, ids in (("create", [i for i in failed if i in added]),
                              ("update", [i for i in failed if i in changed])) if ids))
        touched = {e.logical_resource_id for e in timeline.events}
        restored, _ = timeline.resources([i for i in changed if i in touched], types, "UPDATE",
                                         done + SLOW_EVENT_GAP, resource_dependencies(old))
        timeline.stack_status(restored + SLOW_EVENT_GAP, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")
        end, _ = timeline.resources([i for i in added if i in touched], types, "DELETE",
                                    restored + 2 * SLOW_EVENT_GAP, dependencies, reverse=True)
        timeline.stack_status(end + SLOW_EVENT_GAP, "UPDATE_ROLLBACK_COMPLETE")
        timeline.install("UPDATE_ROLLBACK_COMPLETE")

    def refuse_if_busy(stack):
        if busy(stack):
            raise ValidationError(message=f"Stack:{stack.stack_id} is in {stack.status} state and can not be updated.")

    def deleting(backend, name):
        for stack in backend.deleted_stacks.values():
            if stack.name == name and busy(stack):
                return stack
        return None

    backend = cfn.CloudFormationBackend
    original_create_stack = backend.create_stack
    original_execute = backend.execute_change_set
    original_create_change_set = backend.create_change_set
    original_update = backend.update_stack
    original_delete = backend.delete_stack
    original_describe = backend.describe_stacks
    original_get = backend.get_stack

    def create_stack(self, name, *args, **kwargs):
        if deleting(self, name):
            raise AlreadyExistsException(f"Stack [{name}] already exists")
        stack = original_create_stack(self, name, *args, **kwargs)
        forget_events_since(stack, 0)
        create_timeline(self, stack)
        return stack

    def create_change_set(self, stack_name, change_set_name, template, parameters, description,
                          change_set_type, *args, **kwargs):
        existing = next((s for s in self.stacks.values() if s.name == stack_name), None)
        if existing is not None:
            refuse_if_busy(existing)
        elif deleting(self, stack_name):
            raise AlreadyExistsException(f"Stack [{stack_name}] already exists")
        return original_create_change_set(self, stack_name, change_set_name, template, parameters,
                                          description, change_set_type, *args, **kwargs)

    def execute_change_set(self, change_set_name, stack_name=None):
        change_set = self.describe_change_set(change_set_name)
        stack = self.stacks[change_set.stack_id]
        refuse_if_busy(stack)
        kind = change_set.change_set_type
        if kind == "UPDATE":
            new_template = Stack.parse_template(change_set.template)
            plan = update_plan(stack, new_template)
            if update_fails(stack, new_template):
                change_set.execution_status = "EXECUTE_FAILED"
                update_timeline(stack, *plan, fail=True)
                return None
        count = len(stack.__dict__.setdefault("_slow_events", []))
        before = physical_ids(stack)
        result = original_execute(self, change_set_name, stack_name)
        forget_events_since(stack, count)
        if kind == "UPDATE":
            update_timeline(stack, *plan, fail=False, physical={**before, **physical_ids(stack)})
        else:
            create_timeline(self, stack, "IMPORT" if kind == "IMPORT" else "CREATE")
        return result

    def update_stack(self, name, template, *args, **kwargs):
        stack = self.get_stack(name)
        refuse_if_busy(stack)
        new_template = Stack.parse_template(template)
        plan = update_plan(stack, new_template)
        if update_fails(stack, new_template):
            update_timeline(stack, *plan, fail=True)
            return stack
        count = len(stack.__dict__.setdefault("_slow_events", []))
        before = physical_ids(stack)
        stack = original_update(self, name, template, *args, **kwargs)
        forget_events_since(stack, count)
        update_timeline(stack, *plan, fail=False, physical={**before, **physical_ids(stack)})
        return stack

    def delete_stack(self, name_or_stack_id):
        stack = next((s for s in self.stacks.values() if name_or_stack_id in (s.name, s.stack_id)), None)
        if stack is None:
            return original_delete(self, name_or_stack_id)
        if busy(stack):
            if stack.status == "DELETE_IN_PROGRESS":
                return None
            raise ValidationError(message=f"Stack [{stack.name}] cannot be deleted while in status {stack.status}")
        resources, types = template_resources(stack_template(stack))
        physical = physical_ids(stack)
        created = list(resources)
        count = len(stack.__dict__.setdefault("_slow_events", []))
        result = original_delete(self, stack.stack_id)
        forget_events_since(stack, count)
        if isinstance(stack.output_map, OutputMap):
            # A deleted stack's outputs and resources are not evaluated again while the delete
            # is shown (moto would create the resources they reference once more when the
            # stack is described), unless another patch already keeps them as they were.
            stack.resource_map._resource_json_map = {}
            stack.output_map = NoOutputs()
        start = utcnow()
        timeline = Timeline(stack, physical)
        timeline.stack_status(start, "DELETE_IN_PROGRESS", "User Initiated")
        retained = {i for i in created if resources[i].get("DeletionPolicy") == "Retain"}
        end, _ = timeline.resources(created, types, "DELETE", start + SLOW_EVENT_GAP,
                                    resource_dependencies(resources), reverse=True, skipped=retained)
        timeline.stack_status(end + SLOW_EVENT_GAP, "DELETE_COMPLETE")
        timeline.install("DELETE_COMPLETE")
        return result

    def describe_stacks(self, name_or_stack_id):
        try:
            return original_describe(self, name_or_stack_id)
        except ValidationError:
            stack = deleting(self, name_or_stack_id)
            if stack is None:
                raise
            return [stack]

    def get_stack(self, name_or_stack_id):
        try:
            return original_get(self, name_or_stack_id)
        except ValidationError:
            stack = deleting(self, name_or_stack_id)
            if stack is None:
                raise
            return stack

    backend.create_stack = create_stack
    backend.create_change_set = create_change_set
    backend.execute_change_set = execute_change_set
    backend.update_stack = update_stack
    backend.delete_stack = delete_stack
    backend.describe_stacks = describe_stacks
    backend.get_stack = get_stack

    # A throttled API: a fraction of an operation's calls answered as AWS answers a caller
    # over its rate, spread evenly (with 0.5, every second call).
    throttle, counts, lock = settings["throttle"], {}, threading.Lock()
    original_call_action = BaseResponse.call_action

    class Throttling(ServiceException):
        message = "Rate exceeded"

    def call_action(self):
        # An operation is named by its action alone, or with its service as moto, boto3 or the
        # endpoint name it (cloudformation:DescribeStackEvents, stepfunctions: or states:...).
        action = (self._get_action() or "").lower()
        model = get_service_model(self.boto3_service_name)
        names = {self.service_name, self.boto3_service_name, model.metadata.get("endpointPrefix")}
        keys = [f"{n}:{action}".lower() for n in names if n] + [action]
        key = next((k for k in keys if k in throttle), None)
        if key is not None:
            with lock:
                n = counts.get(key, 0)
                counts[key] = n + 1
            fraction = throttle[key]
            if int((n + 1) * fraction) > int(n * fraction):
                error = Throttling()
                error.code = "Throttling" if model.protocol in ("query", "ec2") else "ThrottlingException"
                status, headers, body = self.serialized(ActionResult(error))
                headers, body = self._enrich_response(headers, body)
                return status, headers, body
        return original_call_action(self)

    if throttle:
        BaseResponse.call_action = call_action


def main():
    if moto.__version__ != PINNED:
        sys.exit(f"local_aws.py: moto {PINNED} is required (found {moto.__version__}); run scripts/setup-tools.sh")
    patch_change_sets()
    patch_update_stack()
    patch_literal_nulls()
    patch_state_machine_definition()
    patch_step_functions_interpreter()
    patch_template_url()
    patch_import_change_sets()
    patch_bucket_properties()
    patch_parameters()
    patch_list_imports()
    patch_exports_in_use()
    patch_concurrent_change_sets()
    patch_table_updates()
    patch_deleted_stacks()
    patch_lambda_runtime(sys.argv[1:])
    start_x_stand_in()
    patch_slow_mode()  # last: it wraps the stack operations as the patches above left them
    from moto.server import main as moto_main

    moto_main(sys.argv[1:])


if __name__ == "__main__":
    main()
