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

    init() throws {
        root = CLIHarness.temporaryDirectory("ci")
        cache = root + "/cache/traceload"
        runs = root + "/runs"
        comments = root + "/comments"
        bin = root + "/bin"
        let manager = FileManager.default
        for directory in [runs, comments, bin] {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        try Self.gh(store: root).write(toFile: bin + "/gh", atomically: true, encoding: .utf8)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/gh")
    }

    /// Does what the step's action would have done; returns the step's outputs.
    func standIn(_ step: CIWorkflow.Step, for job: CIJob) throws -> [String: String] {
        let manager = FileManager.default
        switch step.uses?.split(separator: "@").first {
        case "actions/checkout":
            if step.with["repository"] != nil {
                // traceload's source: only the build step (skipped on a cache hit) reads it.
                let path = job.workspace + "/" + (try #require(step.with["path"]))
                try manager.createSymbolicLink(atPath: path, withDestinationPath: CLIHarness.packageRoot.path)
                return [:]
            }
            for (path, text) in files {
                let full = job.workspace + "/" + path
                try manager.createDirectory(
                    atPath: URL(fileURLWithPath: full).deletingLastPathComponent().path, withIntermediateDirectories: true)
                try text.write(toFile: full, atomically: true, encoding: .utf8)
            }
            return [:]
        case "actions/cache":
            let path = try #require(step.with["path"])
            #expect(path == "~/.local/share/traceload", "the cache stand-in restores ~/.local/share/traceload")
            if !manager.fileExists(atPath: cache) {
                try manager.createDirectory(atPath: cache + "/bin", withIntermediateDirectories: true)
                // A hard link where it can be (the same file system): the debug build is 150 MB.
                let binary = try CLIHarness.binary
                do {
                    try manager.linkItem(atPath: binary, toPath: cache + "/bin/traceload")
                } catch {
                    try manager.copyItem(atPath: binary, toPath: cache + "/bin/traceload")
                }
                try manager.createSymbolicLink(atPath: cache + "/venv", withDestinationPath: CLIHarness.venv)
            }
            let target = job.home + "/.local/share/traceload"
            try manager.createDirectory(atPath: job.home + "/.local/share", withIntermediateDirectories: true)
            try manager.createSymbolicLink(atPath: target, withDestinationPath: cache)
            return ["cache-hit": "true"]
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
