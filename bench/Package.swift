// swift-tools-version:6.2
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which is whatever the clone is called.
let traceload = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

// The micro-benchmarks, apart from the main package so that `make test` never builds
// ordo-one/benchmark. Run with `make bench` (swift package --disable-sandbox benchmark).
let package = Package(
    name: "traceload-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    ],
    targets: [
        .executableTarget(
            name: "HotPaths",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TraceloadModules", package: traceload),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Benchmarks/HotPaths",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
