import Foundation
import Testing

/// What GitHub provides around a job, on this machine: the actions the workflow uses done by hand
/// (the repository checked out, traceload's build and the embedded Milvus restored from the cache,
/// the report kept as an artifact of its run), and a `gh` on PATH, as on GitHub's runners, that
/// answers from those artifacts and keeps the comments it is asked to post. An action it does not
/// know fails the test.
final class CIMachine {
    static let repository = "example/app"

    let root: String
    /// What actions/cache restores to ~/.local/share/traceload: the built traceload, and the
    /// embedded Milvus's environment (this checkout's .venv).
    let cache: String
    /// Artifacts by run: runs/<run id>/<artifact name>/…, and runs/<run id>/.success for a job that passed.
    let runs: String
    let comments: String
    /// Where the stand-in `gh` is.
    let bin: String
    /// The repository's files (path → text), as actions/checkout lays them out in the workspace.
    var files: [String: String] = [:]

    /// `warmCache`: the cache holds this checkout's build and `.venv` (what a repository's second
    /// and later jobs find); else it is empty, and the job builds traceload with the `swift` below.
    init(warmCache: Bool = true) throws {
        root = CLIHarness.temporaryDirectory("ci")
        cache = root + "/cache/traceload"
        runs = root + "/runs"
        comments = root + "/comments"
        bin = root + "/bin"
        let manager = FileManager.default
        for directory in [runs, comments, bin] {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        for (name, script) in [("gh", Self.gh(store: root)), ("swift", try Self.swift())] {
            try script.write(toFile: bin + "/" + name, atomically: true, encoding: .utf8)
            try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/" + name)
        }
        if warmCache {
            try manager.createDirectory(atPath: cache + "/bin", withIntermediateDirectories: true)
            // A hard link where it can be (the same file system): the binary is 100 MB or more.
            try Self.link(try CLIHarness.binary, to: cache + "/bin/traceload")
            try manager.createSymbolicLink(atPath: cache + "/venv", withDestinationPath: CLIHarness.venv)
        }
    }

    static func link(_ path: String, to destination: String) throws {
        do {
            try FileManager.default.linkItem(atPath: path, toPath: destination)
        } catch {
            try FileManager.default.copyItem(atPath: path, toPath: destination)
        }
    }

    /// The key the restore step reports as its primary key, and the save step is given back.
    static let cacheKey = "traceload-Linux-0123abcd"

    /// Does what the step's action would have done; returns the step's outputs.
    func standIn(_ step: CIWorkflow.Step, for job: CIJob) throws -> [String: String] {
        let manager = FileManager.default
        switch step.uses?.split(separator: "@").first {
        case "actions/checkout":
            if step.with["repository"] != nil {
                // traceload's source: only the build step (on a cache miss) reads it, through the
                // `swift` below, which builds into the checkout's .build as swift would.
                let path = job.workspace + "/" + (try #require(step.with["path"]))
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
                for item in ["Package.swift", "Sources"] {
                    try manager.createSymbolicLink(
                        atPath: path + "/" + item, withDestinationPath: CLIHarness.packageRoot.path + "/" + item)
                }
                return [:]
            }
            for (path, text) in files {
                let full = job.workspace + "/" + path
                try manager.createDirectory(
                    atPath: URL(fileURLWithPath: full).deletingLastPathComponent().path, withIntermediateDirectories: true)
                try text.write(toFile: full, atomically: true, encoding: .utf8)
            }
            return [:]
        case "actions/cache/restore":
            let path = try #require(step.with["path"])
            #expect(path == "~/.local/share/traceload", "the cache stand-in restores ~/.local/share/traceload")
            #expect(step.with["key"]?.contains("hashFiles('.traceload-src/Package.swift', '.traceload-src/Sources/**')") == true)
            guard manager.fileExists(atPath: cache) else { return ["cache-primary-key": Self.cacheKey] }
            try manager.createDirectory(atPath: job.home + "/.local/share", withIntermediateDirectories: true)
            try manager.createSymbolicLink(atPath: job.home + "/.local/share/traceload", withDestinationPath: cache)
            return ["cache-hit": "true", "cache-primary-key": Self.cacheKey, "cache-matched-key": Self.cacheKey]
        case "actions/cache/save":
            #expect(step.with["path"] == "~/.local/share/traceload")
            #expect(try job.substitute(try #require(step.with["key"])) == Self.cacheKey, "saved under another key than restored")
            let saved = job.home + "/.local/share/traceload"
            #expect(manager.fileExists(atPath: saved), "nothing to save at \(saved)")
            try? manager.removeItem(atPath: cache)
            try manager.createDirectory(atPath: root + "/cache", withIntermediateDirectories: true)
            // What a later job restores: the files themselves, not links into this job's home.
            let copy = try CLIHarness.execute("/bin/cp", ["-a", saved, cache], in: root, timeoutSeconds: 120)
            #expect(copy.status == 0, "\(copy.stderr)")
            return [:]
        case "actions/upload-artifact":
            let source = try job.substitute(try #require(step.with["path"]))
            let name = try #require(step.with["name"])
            if manager.fileExists(atPath: source) {
                try manager.createDirectory(atPath: runs + "/\(job.runID)", withIntermediateDirectories: true)
                try manager.copyItem(atPath: source, toPath: runs + "/\(job.runID)/\(name)")
            }
            return [:]
        default:
            throw HarnessError(message: "CIMachine does not stand in for \(step.uses ?? "?"): teach it what the action does")
        }
    }

    /// A job that passed on a push is among `gh run list --status success`.
    func finished(_ job: CIJob) {
        guard !job.failed, !job.isPullRequest else { return }
        try? FileManager.default.createDirectory(atPath: runs + "/\(job.runID)", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: runs + "/\(job.runID)/.success", contents: nil)
    }

    func artifact(_ runID: Int, _ name: String = "traceload-report") -> String { runs + "/\(runID)/\(name)" }

    /// The comments posted, oldest first.
    var posted: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: comments).sorted()) ?? []
        return names.compactMap { try? String(contentsOfFile: comments + "/" + $0, encoding: .utf8) }
    }

    /// Every `gh` command line the workflow ran.
    var ghLog: String { (try? String(contentsOfFile: root + "/gh.log", encoding: .utf8)) ?? "" }

    /// `swift` for the two commands the workflow uses: `--version` answered by this machine's
    /// toolchain (6.2 or later, as the workflow wants), and the build, which places this
    /// checkout's binary where `swift build -c release` would (a real build takes 15 minutes).
    static func swift() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let real = try #require(
            path.split(separator: ":").map { $0 + "/swift" }.first { FileManager.default.isExecutableFile(atPath: $0) },
            "no swift on PATH")
        let binary = try CLIHarness.binary
        // Asked now, in this process's environment: the job's own HOME would hide a swiftly
        // proxy's configuration.
        let version = try CLIHarness.execute(real, ["--version"])
        let answer = (version.stdout + version.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.status == 0 && answer.contains("Swift version"), "\(answer)")
        return """
            #!/bin/bash
            set -euo pipefail
            case "$*" in
              --version) cat <<'VERSION'
            \(answer)
            VERSION
                ;;
              "build -c release --package-path "*" --product traceload")
                package=$5
                [ -f "$package/Package.swift" ] || { echo "error: Could not find Package.swift in $package" >&2; exit 1; }
                mkdir -p "$package/.build/release"
                cp '\(binary)' "$package/.build/release/traceload"
                echo "Build of product 'traceload' complete!" ;;
              *) echo "swift stand-in: unexpected swift $*" >&2; exit 1 ;;
            esac
            """
    }

    /// `gh` for the three commands the workflow uses (their options as gh's manual has them);
    /// anything else is an error, as is a missing GH_TOKEN (gh in Actions needs it).
    static func gh(store: String) -> String {
        """
        #!/bin/bash
        set -euo pipefail
        store='\(store)'
        echo "gh $*" >>"$store/gh.log"
        [ -n "${GH_TOKEN:-}" ] || { echo "gh: set the GH_TOKEN environment variable to use gh in GitHub Actions" >&2; exit 4; }
        command="$1 $2"; shift 2
        positional=(); declare -A option=()
        while [ $# -gt 0 ]; do
          case $1 in
            --*) option[$1]=$2; shift 2 ;;
            *) positional+=("$1"); shift ;;
          esac
        done
        [ "${option[--repo]:-}" = \(repository) ] || { echo "gh: --repo \(repository) expected" >&2; exit 1; }
        case $command in
          "run list")
            [ "${option[--json]:-}" = databaseId ] && [ "${option[--jq]:-}" = '.[].databaseId' ] || { echo "gh stand-in: only --json databaseId --jq '.[].databaseId'" >&2; exit 1; }
            [ "${option[--event]:-}" = push ] && [ "${option[--status]:-}" = success ] || { echo "gh stand-in: only successful pushes are kept" >&2; exit 1; }
            for id in $(ls "$store/runs" | sort -rn); do
              [ -e "$store/runs/$id/.success" ] && echo "$id"
            done | head -n "${option[--limit]:-20}" ;;
          "run download")
            from="$store/runs/${positional[0]}/${option[--name]}"
            [ -d "$from" ] || { echo "no artifact matches any of the names or patterns provided" >&2; exit 1; }
            mkdir -p "${option[--dir]}" && cp -R "$from/." "${option[--dir]}/" ;;
          "pr comment")
            cp "${option[--body-file]}" "$store/comments/$(date +%s%N)-${positional[0]}.md" ;;
          *) echo "gh stand-in: unexpected gh $command" >&2; exit 1 ;;
        esac
        """
    }
}
