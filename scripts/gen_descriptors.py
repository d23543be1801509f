#!/usr/bin/env python3
"""Write the protobuf descriptor sets traceload generates its Swift code from.

Milvus ships its gRPC schema only inside pymilvus (as serialized descriptors), so we read them from
there instead of vendoring .proto files. MilvusService has ~95 RPCs; generating all of them costs
33,000 lines of Swift and half a minute of every cold build, and its `Import` RPC produces a Swift
function named `import`, which does not compile. So we prune: keep the RPCs a load tester needs and
the messages and enums they reach, nothing else.

Usage: gen_descriptors.py OUT_DIR   (needs pymilvus 2.5.x and opentelemetry-proto importable)
"""
import sys
from google.protobuf import descriptor_pb2

# The RPCs traceload calls. Adding one here and re-running scripts/generate-protos.sh is all it takes.
MILVUS_RPCS = [
    "GetVersion", "CheckHealth",
    "HasCollection", "CreateCollection", "DescribeCollection", "DropCollection",
    "GetCollectionStatistics", "LoadCollection", "ReleaseCollection",
    "GetLoadingProgress", "GetLoadState",
    "CreateIndex", "DescribeIndex",
    "Insert", "Flush", "Search", "Query",
    "GetQuerySegmentInfo",
]
# Messages that travel serialized inside `bytes` fields, so no RPC signature reaches them.
EXTRA_TYPES = [".milvus.proto.common.PlaceholderGroup"]


def file_protos(root):
    """All files root depends on, dependencies first, as FileDescriptorProtos."""
    seen, ordered = set(), []

    def visit(fd):
        if fd.name in seen:
            return
        seen.add(fd.name)
        for dep in fd.dependencies:
            visit(dep)
        proto = descriptor_pb2.FileDescriptorProto()
        fd.CopyToProto(proto)
        ordered.append(proto)

    visit(root)
    return ordered


def prune_milvus(files):
    """Keep only MilvusService's chosen RPCs and the top-level types they reach."""
    by_type = {}  # ".pkg.Name" -> (file proto, message or enum proto)
    for f in files:
        for m in f.message_type:
            by_type[f".{f.package}.{m.name}"] = (f, m)
        for e in f.enum_type:
            by_type[f".{f.package}.{e.name}"] = (f, e)

    def top_level(type_name):
        # ".milvus.proto.schema.FieldData.Nested" -> ".milvus.proto.schema.FieldData"
        parts = type_name.split(".")
        for i in range(len(parts), 1, -1):
            candidate = ".".join(parts[:i])
            if candidate in by_type:
                return candidate
        return None

    keep, queue = set(), []

    def want(type_name):
        name = top_level(type_name)
        if name and name not in keep:
            keep.add(name)
            queue.append(name)

    milvus = next(f for f in files if f.name == "milvus.proto")
    service = next(s for s in milvus.service if s.name == "MilvusService")
    methods = [m for m in service.method if m.name in MILVUS_RPCS]
    missing = set(MILVUS_RPCS) - {m.name for m in methods}
    if missing:
        sys.exit(f"MilvusService lacks {sorted(missing)}")
    del service.method[:]
    service.method.extend(methods)
    service.ClearField("options")
    for m in methods:
        m.ClearField("options")
        want(m.input_type)
        want(m.output_type)
    for name in EXTRA_TYPES:
        want(name)

    def walk_fields(msg):
        for field in msg.field:
            if field.type_name:
                want(field.type_name)
        for nested in msg.nested_type:
            walk_fields(nested)

    while queue:
        _, proto = by_type[queue.pop()]
        if isinstance(proto, descriptor_pb2.DescriptorProto):
            walk_fields(proto)

    out = []
    for f in files:
        if f.package == "google.protobuf":
            continue
        msgs = [m for m in f.message_type if f".{f.package}.{m.name}" in keep]
        enums = [e for e in f.enum_type if f".{f.package}.{e.name}" in keep]
        services = [s for s in f.service if s.name == "MilvusService"]
        if not (msgs or enums or services):
            continue
        for m in msgs:
            m.ClearField("options")  # custom privilege options live in a pruned extension
        del f.message_type[:]
        f.message_type.extend(msgs)
        del f.enum_type[:]
        f.enum_type.extend(enums)
        del f.service[:]
        f.service.extend(services)
        f.ClearField("extension")
        out.append(f)
    names = {f.name for f in out}
    for f in out:
        deps = [d for d in f.dependency if d in names]
        del f.dependency[:]
        f.dependency.extend(deps)
        f.ClearField("public_dependency")
        f.ClearField("weak_dependency")
    return out


def write(files, path):
    fds = descriptor_pb2.FileDescriptorSet()
    fds.file.extend(files)
    with open(path, "wb") as fh:
        fh.write(fds.SerializeToString())
    print(f"{path}: {len(files)} files: {', '.join(f.name for f in files)}")


def main():
    out_dir = sys.argv[1]
    from pymilvus.grpc_gen import milvus_pb2
    from opentelemetry.proto.collector.trace.v1 import trace_service_pb2

    write(prune_milvus(file_protos(milvus_pb2.DESCRIPTOR)), f"{out_dir}/milvus.pb")
    write(file_protos(trace_service_pb2.DESCRIPTOR), f"{out_dir}/otlp-trace.pb")


if __name__ == "__main__":
    main()
