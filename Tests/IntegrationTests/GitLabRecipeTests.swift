import Foundation
import Testing
import Yams

/// examples/ci/gitlab-ci.yml's build of traceload, its `before_script` from the commit lookup to
/// the PATH (the package installs and `traceload setup` left out), run in bash against a git
/// repository on this machine standing in for traceload's, with a `swift` that records each build:
/// the cached build is kept while TRACELOAD_REF names the commit it was built from, and rebuilt
/// when the branch moves or the ref names another commit (a branch, an annotated or a plain tag,
/// or a commit's 40 digits, which `git clone --branch` refuses).
@Suite struct GitLabRecipeTests {
    /// The `before_script` items that fetch and build traceload.
    static func buildScript() throws -> String {
        let path = CLIHarness.packageRoot.appendingPathComponent("examples/ci/gitlab-ci.yml").path
        let root = try #require(try Yams.compose(yaml: try String(contentsOfFile: path, encoding: .utf8)))
        let items = try #require(root["traceload"]?["before_script"]?.sequence).compactMap(\.string)
        let kept = items.filter { !$0.hasPrefix("apt-get") && !$0.hasPrefix("DEBIAN_FRONTEND") && !$0.contains("traceload setup") }
        #expect(kept.count == 2, "the lookup and build, and the PATH: \(kept)")
        return "set -eo pipefail\n" + kept.joined(separator: "\n")
    }

    @Test func theCachedBuildFollowsWhatTheRefNames() throws {
        let dir = CLIHarness.temporaryDirectory("gitlab")
        let source = dir + "/traceload.git"
        let git = { (arguments: [String]) throws -> String in
            let result = try CLIHarness.execute(
                "/usr/bin/env", ["git", "-c", "user.email=ci@example.com", "-c", "user.name=ci"] + arguments, in: source)
            #expect(result.status == 0, "git \(arguments): \(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        _ = try git(["init", "-q", "-b", "main"])
        let commit = { (text: String) throws -> String in
            try text.write(toFile: source + "/Package.swift", atomically: true, encoding: .utf8)
            _ = try git(["add", "Package.swift"])
            _ = try git(["commit", "-q", "-m", text])
            return try git(["rev-parse", "HEAD"])
        }
        let first = try commit("first")
        _ = try git(["tag", "-a", "v1", "-m", "v1"])
        _ = try git(["tag", "v1-plain"])
        let bin = dir + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        // Builds a `traceload` that says which source it was built from, and logs the build.
        try """
            #!/bin/bash
            set -eu
            [ "$1 $2 $3 $4 $6 $7" = "build -c release --package-path --product traceload" ] || { echo "unexpected swift $*" >&2; exit 1; }
            mkdir -p "$5/.build/release"
            printf '#!/bin/sh\\necho %s\\n' "$(cat "$5/Package.swift")" >"$5/.build/release/traceload"
            chmod +x "$5/.build/release/traceload"
            echo build >>'\(dir)/builds'
            """.write(toFile: bin + "/swift", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/swift")
        let script = dir + "/build.sh"
        try (try Self.buildScript() + "\ntraceload\n").write(toFile: script, atomically: true, encoding: .utf8)
        let project = dir + "/project"
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        var builds = 0
        /// Runs the job's build for `ref`; returns what the traceload on PATH says it was built from.
        func job(_ ref: String) throws -> (built: Bool, from: String, status: Int32, output: String) {
            let result = try CLIHarness.execute(
                "/bin/bash", [script], in: project,
                environment: [
                    "PATH": bin + ":/usr/local/bin:/usr/bin:/bin", "HOME": dir, "TRACELOAD_GIT": "file://" + source,
                    "TRACELOAD_REF": ref, "XDG_DATA_HOME": project + "/.traceload-home",
                ])
            let count = ((try? String(contentsOfFile: dir + "/builds", encoding: .utf8)) ?? "").split(separator: "\n").count
            defer { builds = count }
            return (count > builds, result.stdout.split(separator: "\n").last.map(String.init) ?? "", result.status, result.stdout + result.stderr)
        }
        let cases: [(ref: String, built: Bool, from: String)] = [
            ("main", true, "first"), ("main", false, "first"), ("v1", false, "first"), ("v1-plain", false, "first"),
        ]
        for item in cases {
            let outcome = try job(item.ref)
            #expect(outcome.status == 0 && outcome.built == item.built && outcome.from == item.from, "\(item): \(outcome)")
        }
        let second = try commit("second")
        for item in [("main", true, "second"), ("main", false, "second"), (first, true, "first"), ("v1", false, "first"), (second, true, "second")] {
            let outcome = try job(item.0)
            #expect(outcome.status == 0 && outcome.built == item.1 && outcome.from == item.2, "\(item): \(outcome)")
        }
        let missing = try job("no-such-branch")
        #expect(missing.status == 1 && missing.output.contains("has no no-such-branch"), "\(missing)")
    }
}
