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

Usage: python local_aws.py -H 127.0.0.1 -p PORT   (the arguments of moto_server)
"""
import json
import os
import sys

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


def main():
    if moto.__version__ != PINNED:
        sys.exit(f"local_aws.py: moto {PINNED} is required (found {moto.__version__}); run scripts/setup-tools.sh")
    patch_change_sets()
    patch_update_stack()
    patch_state_machine_definition()
    patch_step_functions_interpreter()
    patch_template_url()
    patch_import_change_sets()
    patch_bucket_properties()
    patch_parameters()
    from moto.server import main as moto_main

    moto_main(sys.argv[1:])


if __name__ == "__main__":
    main()
