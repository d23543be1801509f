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
    ],
    targets: [
        .executableTarget(
            name: "HotPaths",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TraceloadBenchSupport", package: traceload),
            ],
            path: "Benchmarks/HotPaths",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
