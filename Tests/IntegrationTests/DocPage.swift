import Foundation

/// A Markdown page of the documentation as the docs tests read it: its fenced blocks (each with
/// the HTML comment on the line before it, which says what a block is), its inline code, its
/// links and its headings. A reader of our own pages only: fences at any indentation, inline code
/// delimited by runs of backticks of one length, links written `[text](target)`.
struct DocPage {
    struct Block {
        var language: String
        /// The opening fence's line (1-based); the block's first line is the one after it.
        var line: Int
        var lines: [String]
        /// The text inside `<!-- ... -->` on the line just before the fence, trimmed.
        var marker: String?
    }

    /// Inline code or a link target, with the line it starts on.
    struct Span: Equatable {
        var line: Int
        var text: String
    }

    /// Relative to the repository's root, e.g. "docs/tracing.md".
    let path: String
    private(set) var blocks: [Block] = []
    private(set) var spans: [Span] = []
    private(set) var links: [Span] = []
    private(set) var headings: [String] = []
    /// Lines where inline code opens and its paragraph ends first: what follows would go unread.
    private(set) var unclosed: [Int] = []

    init(path: String, text: String) {
        self.path = path
        var prose: [(line: Int, text: String)] = []
        var open: Block?
        var previous: String?
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var block = open {
                if trimmed == "```" {
                    blocks.append(block)
                    open = nil
                } else {
                    block.lines.append(line)
                    open = block
                }
            } else if trimmed.hasPrefix("```") {
                open = Block(
                    language: String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces), line: index + 1,
                    lines: [], marker: previous.flatMap(Self.comment))
            } else {
                prose.append((index + 1, line))
                if trimmed.hasPrefix("#") {
                    headings.append(trimmed.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces))
                }
            }
            previous = trimmed
        }
        (spans, unclosed) = Self.inlineCode(prose)
        links = Self.linkTargets(prose)
    }

    /// README.md and every docs/*.md, in name order.
    static func all() throws -> [DocPage] {
        let root = CLIHarness.packageRoot
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return try (["README.md"] + docs).map {
            DocPage(path: $0, text: try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8))
        }
    }

    func place(_ line: Int) -> String { "\(path):\(line)" }

    /// The anchors GitHub gives the headings: lower case, punctuation dropped, spaces as hyphens.
    var anchors: Set<String> {
        Set(
            headings.map { heading in
                String(
                    heading.lowercased().compactMap { character -> Character? in
                        if character == " " { return "-" }
                        return character.isLetter || character.isNumber || character == "-" || character == "_"
                            ? character : nil
                    })
            })
    }

    static func comment(_ line: String) -> String? {
        guard line.hasPrefix("<!--"), line.hasSuffix("-->") else { return nil }
        return line.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
    }

    /// Inline code over the prose between fences: a run of n backticks opens a span, the next run
    /// of exactly n closes it, and a span may continue on the next line of its paragraph (a
    /// newline reads as a space). A span still open at its paragraph's end is returned as the line
    /// it opens on.
    static func inlineCode(_ prose: [(line: Int, text: String)]) -> (spans: [Span], unclosed: [Int]) {
        var spans: [Span] = []
        var unclosed: [Int] = []
        var paragraph: [(line: Int, text: String)] = []
        for entry in prose + [(Int.max, "")] {
            if entry.text.trimmingCharacters(in: .whitespaces).isEmpty || entry.line != (paragraph.last?.line ?? 0) + 1,
                !paragraph.isEmpty
            {
                let found = inlineCode(paragraph: paragraph)
                spans += found.spans
                unclosed += found.unclosed.map { [$0] } ?? []
                paragraph = []
            }
            if !entry.text.trimmingCharacters(in: .whitespaces).isEmpty { paragraph.append(entry) }
        }
        return (spans, unclosed)
    }

    static func inlineCode(paragraph: [(line: Int, text: String)]) -> (spans: [Span], unclosed: Int?) {
        var characters: [(line: Int, character: Character)] = []
        for (line, text) in paragraph {
            characters += text.map { (line, $0) }
            characters.append((line, "\n"))
        }
        var spans: [Span] = []
        var index = 0
        var open: (line: Int, run: Int, start: Int)?
        while index < characters.count {
            guard characters[index].character == "`" else {
                index += 1
                continue
            }
            var run = 0
            while index + run < characters.count, characters[index + run].character == "`" { run += 1 }
            if let start = open, start.run == run {
                let text = String(characters[start.start..<index].map { $0.character == "\n" ? " " : $0.character })
                spans.append(Span(line: start.line, text: text.trimmingCharacters(in: .whitespaces)))
                open = nil
            } else if open == nil {
                open = (characters[index].line, run, index + run)
            }
            index += run
        }
        return (spans, open?.line)
    }

    /// The targets of `[text](target)` links, titles left out.
    static func linkTargets(_ prose: [(line: Int, text: String)]) -> [Span] {
        guard let pattern = try? Regex(#"\]\(([^)\s]+)[^)]*\)"#) else { return [] }
        return prose.flatMap { line, text in
            text.matches(of: pattern).compactMap { match in
                match.output[1].substring.map { Span(line: line, text: String($0)) }
            }
        }
    }
}
