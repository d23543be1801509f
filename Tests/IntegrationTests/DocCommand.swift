import Foundation

/// A `traceload` command line the docs show, in a code block or in inline code, with the flags it
/// names. Only a command that starts with `traceload` (or a path to it, such as
/// `.build/release/traceload`) counts, after any `VAR=value` assignments: `make`'s, `docker`'s and
/// `kubectl`'s flags are theirs.
struct DocCommand: Equatable {
    /// "README.md:47".
    var place: String
    /// The subcommand; nil for `traceload --version` and the like.
    var command: String?
    var flags: [String]

    /// traceload's commands, for prose that leaves out the program's name (`analyze --listen`).
    static let commandNames: Set<String> = [
        "run", "compare", "validate", "analyze", "report", "merge", "diff", "receive", "null-milvus", "milvus", "setup",
    ]

    /// The code blocks that hold command lines (a Markdown table's `|` is not a pipe).
    static let shellLanguages: Set<String> = ["sh", "bash", "shell", "console", ""]

    /// Every traceload command of a page: each line of a shell block (with the lines that
    /// continue it), and each inline code span, also one that begins with a command's name and an
    /// option (`run --repeat N`).
    static func all(in page: DocPage) -> [DocCommand] {
        var found: [DocCommand] = []
        for block in page.blocks where shellLanguages.contains(block.language) {
            for (offset, line) in logicalLines(block.lines) {
                found += parse(line, place: page.place(block.line + 1 + offset))
            }
        }
        for span in page.spans {
            let words = span.text.split(separator: " ")
            let short = words.count > 1 && commandNames.contains(String(words[0])) && words[1].hasPrefix("--")
            found += parse(short ? "traceload " + span.text : span.text, place: page.place(span.line))
        }
        return found
    }

    /// A block's lines joined where one continues the last: after a trailing `\`, and an indented
    /// line of options (`   [--for 10m] [--out DIR]`) under a command, as the docs write usage.
    static func logicalLines(_ lines: [String]) -> [(offset: Int, text: String)] {
        var result: [(offset: Int, text: String)] = []
        for (offset, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let continues =
                result.last.map { $0.text.hasSuffix("\\") } == true
                || (line.first == " " && (trimmed.hasPrefix("[") || trimmed.hasPrefix("--")))
            if continues, var last = result.popLast() {
                last.text = (last.text.hasSuffix("\\") ? String(last.text.dropLast()) : last.text) + " " + trimmed
                result.append(last)
            } else {
                result.append((offset, line))
            }
        }
        return result
    }

    /// The traceload commands of one shell line: its comment dropped, split at `&&`, `||`, `;`
    /// and `|` outside quotes.
    static func parse(_ line: String, place: String) -> [DocCommand] {
        var commands: [DocCommand] = []
        for part in split(line) {
            var words = part
            while let first = words.first, isAssignment(first) { words.removeFirst() }
            guard let program = words.first, program == "traceload" || program.hasSuffix("/traceload") else {
                continue
            }
            let arguments = words.dropFirst()
            let command = arguments.first.flatMap { $0.hasPrefix("-") || $0.hasPrefix("[") ? nil : $0 }
            let flags = arguments.compactMap { word -> String? in
                guard !word.hasPrefix("'"), !word.hasPrefix("\"") else { return nil }
                let bare = word.drop { $0 == "[" }
                guard bare.hasPrefix("--") else { return nil }
                let name = bare.dropFirst(2).prefix { $0.isLowercase || $0.isNumber || $0 == "-" }
                return name.isEmpty ? nil : "--" + name
            }
            commands.append(DocCommand(place: place, command: command, flags: flags))
        }
        return commands
    }

    /// `NAME=value` before a command (the value may be quoted).
    static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        return word[..<equals].allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }
    }

    /// Words of each command of a shell line, quoted words kept whole with their quotes; a `#`
    /// that begins a word ends the line.
    static func split(_ line: String) -> [[String]] {
        var commands: [[String]] = [[]]
        var word = ""
        var quote: Character?
        var characters = Array(line)[...]
        func endWord() {
            if !word.isEmpty { commands[commands.count - 1].append(word) }
            word = ""
        }
        while let character = characters.popFirst() {
            if let open = quote {
                word.append(character)
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
                word.append(character)
            } else if character == "#" && word.isEmpty {
                break
            } else if character == " " || character == "\t" {
                endWord()
            } else if character == ";" || character == "|" || (character == "&" && characters.first == "&") {
                endWord()
                if characters.first == character { characters.removeFirst() }
                commands.append([])
            } else {
                word.append(character)
            }
        }
        endWord()
        return commands.filter { !$0.isEmpty }
    }
}
