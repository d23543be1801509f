import Foundation

/// The traceload commands the docs show, against the built binary: each command must exist and
/// each flag named must be one that `traceload COMMAND --help` lists among its options.
final class DocFlagCheck {
    /// Each command's options as its help lists them; nil for a command that does not exist.
    private var options: [String: Set<String>?] = [:]

    /// One sentence per command or flag the binary does not know, with where the docs name it.
    func problems(in commands: [DocCommand]) throws -> [String] {
        var problems: [String] = []
        for command in commands {
            let name = command.command.map { "traceload \($0)" } ?? "traceload"
            guard let known = try options(of: command.command) else {
                problems.append("\(command.place): `\(name)`: no such command (`traceload --help` lists the commands)")
                continue
            }
            for flag in command.flags where !known.contains(flag) {
                problems.append(
                    "\(command.place): `\(name) \(flag)`: \(name) has no such option (its --help lists \(known.sorted().joined(separator: " ")))"
                )
            }
        }
        return problems
    }

    func options(of command: String?) throws -> Set<String>? {
        let key = command ?? ""
        if let cached = options[key] { return cached }
        let result = try CLIHarness.run((command.map { [$0] } ?? []) + ["--help"], timeoutSeconds: 60)
        let listed = result.status == 0 ? Self.listedOptions(result.stdout) : nil
        options[key] = .some(listed)
        return listed
    }

    /// The long options of a help text: on each line that begins with an option (ArgumentParser
    /// writes `  -h, --help   Show help information.`, indented by two spaces, where the lines of
    /// a description or discussion are indented further), the names before the description, which
    /// stands two spaces or more away. Flags that descriptions mention are not the command's.
    static func listedOptions(_ help: String) -> Set<String> {
        var names = Set<String>()
        for line in help.components(separatedBy: "\n") where line.hasPrefix("  -") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let usage = trimmed.components(separatedBy: "  ").first ?? trimmed
            for word in usage.split(whereSeparator: { $0 == " " || $0 == "," }) where word.hasPrefix("--") {
                names.insert(String(word.prefix { $0 != "=" && $0 != "<" }))
            }
        }
        return names
    }
}
