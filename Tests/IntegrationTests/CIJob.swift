import Foundation
import Testing

/// One run of the workflow's job on this machine, as a GitHub-hosted runner runs it: each step's
/// `if:` decided as GitHub decides it (no status function means `success() && ...`), each `run:`
/// a bash script (`bash --noprofile --norc -eo pipefail`, GitHub's `shell: bash`) in the
/// workspace with the variables a runner sets, its `${{ }}` expressions replaced, and its
/// GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH and GITHUB_STEP_SUMMARY read back after it. A `uses:`
/// step is not run: `CIMachine` stands in for it. An expression or condition this class cannot
/// evaluate fails the test, so that the workflow cannot grow past what is checked.
final class CIJob {
    enum Outcome: Equatable {
        case success
        case failure(Int32)
        case skipped
    }

    struct StepResult {
        var name: String
        var outcome: Outcome
        var output: String
    }

    let workflow: CIWorkflow
    let machine: CIMachine
    let event: String
    let runID: Int
    let workspace: String
    let home: String
    let temp: String
    /// The workflow's `env`, with the test's changes (what a user sets).
    var env: [String: String]
    var outputs: [String: [String: String]] = [:]
    var results: [StepResult] = []
    var summary = ""
    private var addedPath: [String] = []
    private var addedEnv: [String: String] = [:]
    var failed: Bool { results.contains { if case .failure = $0.outcome { true } else { false } } }

    init(_ workflow: CIWorkflow, on machine: CIMachine, event: String, runID: Int, env changes: [String: String] = [:]) {
        self.workflow = workflow
        self.machine = machine
        self.event = event
        self.runID = runID
        // A fresh runner for each job, at the same paths each time as GitHub's (/home/runner,
        // …/work/app/app, …/work/_temp): a run records where its Milvus environment was, and
        // paths that differed between jobs would read as settings that differ between runs.
        home = machine.root + "/runner"
        workspace = home + "/work/app/app"
        temp = home + "/work/_temp"
        try? FileManager.default.removeItem(atPath: home)
        for directory in [workspace, temp] {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        env = Dictionary(uniqueKeysWithValues: workflow.env.map { ($0.key, $0.value) }).merging(changes) { $1 }
    }

    var isPullRequest: Bool { event == "pull_request" }

    /// Runs the steps in order; `only`: the names of the steps to run, the others taken as not run.
    func run(only: Set<String>? = nil) throws {
        for (index, step) in workflow.steps.enumerated() where only?.contains(step.name) ?? true {
            guard try holds(step.condition) else {
                results.append(StepResult(name: step.name, outcome: .skipped, output: ""))
                continue
            }
            if step.uses != nil {
                let produced = try machine.standIn(step, for: self)
                if let id = step.id { outputs[id, default: [:]].merge(produced) { $1 } }
                results.append(StepResult(name: step.name, outcome: .success, output: ""))
            } else {
                try runScript(step, index: index)
            }
        }
        machine.finished(self)
    }

    func result(_ name: String) -> StepResult? { results.first { $0.name == name } }

    // MARK: Expressions

    /// The value of a `${{ }}` expression's context path; nil where GitHub has null.
    func value(_ expression: String) throws -> String? {
        let parts = expression.split(separator: ".").map(String.init)
        switch parts.first {
        case "github":
            let pull = isPullRequest
            switch parts.dropFirst().joined(separator: ".") {
            case "token": return "ghs_test-token"
            case "workflow": return workflow.name
            case "event_name": return event
            case "ref": return pull ? "refs/pull/7/merge" : "refs/heads/main"
            case "event.pull_request.number": return pull ? "7" : nil
            case "event.pull_request.base.ref": return pull ? "main" : nil
            default: break
            }
        case "runner" where parts.count == 2:
            if parts[1] == "temp" { return temp }
            if parts[1] == "os" { return "Linux" }
        case "env" where parts.count == 2: return env[parts[1]]
        case "steps" where parts.count == 4 && parts[2] == "outputs": return outputs[parts[1]]?[parts[3]]
        default: break
        }
        throw HarnessError(message: "CIJob cannot evaluate ${{ \(expression) }}: teach it what GitHub gives")
    }

    /// `text` with each `${{ expression }}` replaced by its value ('' for null).
    func substitute(_ text: String) throws -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            out += try value(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)) ?? ""
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// An `if:`: `||` of `&&` of comparisons (==, !=), status functions and `!`; no parentheses.
    func holds(_ condition: String?) throws -> Bool {
        var text = (condition ?? "success()").trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("${{") && text.hasSuffix("}}") { text = String(text.dropFirst(3).dropLast(2)) }
        let statusFunctions = ["always()", "success()", "failure()", "cancelled()"]
        let decided = try text.components(separatedBy: "||").contains { conjunction in
            try conjunction.components(separatedBy: "&&").allSatisfy { try atom($0) }
        }
        return statusFunctions.contains { text.contains($0) } ? decided : !failed && decided
    }

    private func atom(_ text: String) throws -> Bool {
        let atom = text.trimmingCharacters(in: .whitespaces)
        if atom.hasPrefix("!") && !atom.hasPrefix("!=") { return !(try self.atom(String(atom.dropFirst()))) }
        switch atom {
        case "always()": return true
        case "success()": return !failed
        case "failure()": return failed
        case "cancelled()": return false
        default: break
        }
        guard !atom.contains("(") else { throw HarnessError(message: "CIJob cannot evaluate the condition \(atom)") }
        for (symbol, equal) in [("==", true), ("!=", false)] {
            let sides = atom.components(separatedBy: symbol)
            if sides.count == 2 {
                // GitHub compares null with a string as numbers: null and '' are both 0.
                return (try operand(sides[0]) == operand(sides[1])) == equal
            }
        }
        return !(try operand(atom)).isEmpty
    }

    private func operand(_ text: String) throws -> String {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("'") && text.hasSuffix("'") && text.count >= 2 { return String(text.dropFirst().dropLast()) }
        return try value(text) ?? ""
    }

    // MARK: Running a script step

    /// The variables a runner sets for every step.
    var runnerEnvironment: [String: String] {
        [
            "HOME": home, "LANG": "C.UTF-8", "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": workspace,
            "GITHUB_EVENT_NAME": event, "GITHUB_REPOSITORY": CIMachine.repository,
            "GITHUB_REPOSITORY_OWNER": "example", "GITHUB_RUN_ID": String(runID), "GITHUB_RUN_NUMBER": "1",
            "GITHUB_RUN_ATTEMPT": "1", "GITHUB_SHA": String(repeating: "a", count: 40),
            "GITHUB_REF": (try? value("github.ref")) ?? "", "GITHUB_WORKFLOW": workflow.name, "GITHUB_JOB": "load-test",
            "GITHUB_SERVER_URL": "https://github.com", "GITHUB_API_URL": "https://api.github.com",
            "RUNNER_TEMP": temp, "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64",
        ].merging(isPullRequest ? ["GITHUB_BASE_REF": "main", "GITHUB_HEAD_REF": "feature"] : [:]) { $1 }
    }

    private func runScript(_ step: CIWorkflow.Step, index: Int) throws {
        let files = temp + "/_runner_file_commands"
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        let commands = ["GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"].map { name in
            (name, files + "/\(name.lowercased())_\(index)")
        }
        var environment = runnerEnvironment
        for (key, value) in env { environment[key] = try substitute(value) }
        environment.merge(addedEnv) { $1 }
        for (key, value) in step.env { environment[key] = try substitute(value) }
        for (name, path) in commands {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            environment[name] = path
        }
        environment["PATH"] = (addedPath + [machine.bin, "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .joined(separator: ":")
        let script = temp + "/step-\(index).sh"
        try (try substitute(step.run ?? "")).write(toFile: script, atomically: true, encoding: .utf8)
        let result = try CLIHarness.execute(
            "/bin/bash", ["--noprofile", "--norc", "-eo", "pipefail", script], in: workspace, timeoutSeconds: 900,
            environment: environment)
        let read = { (name: String) in
            (try? String(contentsOfFile: commands.first { $0.0 == name }!.1, encoding: .utf8)) ?? ""
        }
        if let id = step.id { outputs[id, default: [:]].merge(Self.keyValues(read("GITHUB_OUTPUT"))) { $1 } }
        addedEnv.merge(Self.keyValues(read("GITHUB_ENV"))) { $1 }
        addedPath = read("GITHUB_PATH").split(separator: "\n").map(String.init).reversed() + addedPath
        summary += read("GITHUB_STEP_SUMMARY")
        results.append(
            StepResult(
                name: step.name, outcome: result.status == 0 ? .success : .failure(result.status),
                output: result.stdout + result.stderr))
    }

    /// `key=value` lines, and `key<<DELIMITER` … `DELIMITER` for values of several lines.
    static func keyValues(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        while let line = lines.next() {
            if let range = line.range(of: "<<") {
                let delimiter = line[range.upperBound...]
                var value: [Substring] = []
                while let next = lines.next(), next != delimiter { value.append(next) }
                values[String(line[..<range.lowerBound])] = value.joined(separator: "\n")
            } else if let equals = line.firstIndex(of: "=") {
                values[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
        }
        return values
    }
}
