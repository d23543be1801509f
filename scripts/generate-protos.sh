#!/usr/bin/env bash
# Regenerates Sources/MilvusProto and Sources/OTLPProto. Run by hand when the RPC list in
# gen_descriptors.py changes; the output is committed so that builds need neither protoc nor plugins.
#
# Needs: protoc (apt-get install protobuf-compiler), Python 3, network access to PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "pymilvus>=2.5,<2.6" "opentelemetry-proto>=1.27"
"$work/venv/bin/python" scripts/gen_descriptors.py "$work"

# The code generators, built from the same package versions the project depends on.
mkdir -p "$work/plugins/Dummy" && echo "" > "$work/plugins/Dummy/d.swift"
cat > "$work/plugins/Package.swift" <<'SWIFT'
// swift-tools-version:6.2
import PackageDescription
let package = Package(
    name: "plugins", platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
    ],
    targets: [.target(name: "Dummy", path: "Dummy")]
)
SWIFT
PLUGINS=${PLUGINS:-}
if [ -z "$PLUGINS" ]; then
  (cd "$work/plugins" && swift build -c release --product protoc-gen-swift \
    && swift build -c release --product protoc-gen-grpc-swift-2)
  PLUGINS="$work/plugins/.build/release"
fi

generate() { # descriptor-set target grpc-options files...
  local set=$1 target=$2 grpc_opts=$3; shift 3
  rm -rf "Sources/$target" && mkdir -p "Sources/$target"
  protoc --descriptor_set_in="$set" \
    --plugin=protoc-gen-swift="$PLUGINS/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift-2="$PLUGINS/protoc-gen-grpc-swift-2" \
    --swift_out="Sources/$target" --swift_opt=Visibility=Public,FileNaming=DropPath \
    --grpc-swift-2_out="Sources/$target" --grpc-swift-2_opt="Visibility=Public,FileNaming=DropPath,$grpc_opts" \
    "$@"
}

generate "$work/milvus.pb" MilvusProto "Client=true,Server=true" \
  common.proto schema.proto msg.proto milvus.proto
generate "$work/otlp-trace.pb" OTLPProto "Client=true,Server=true" \
  opentelemetry/proto/common/v1/common.proto opentelemetry/proto/resource/v1/resource.proto \
  opentelemetry/proto/trace/v1/trace.proto opentelemetry/proto/collector/trace/v1/trace_service.proto
# Files for .proto files without services hold only a header.
for f in Sources/MilvusProto/*.grpc.swift Sources/OTLPProto/*.grpc.swift; do grep -q "struct\|enum" "$f" || rm "$f"; done
wc -l Sources/MilvusProto/*.swift Sources/OTLPProto/*.swift
