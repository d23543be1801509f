import Foundation
import Testing

/// The README and docs/*.md against the tool (the built binary, no Milvus): every scenario they
/// show validates, every `traceload` flag they name exists, what they quote is the quoted file's
/// text, and their links lead somewhere. So the docs cannot keep saying what the tool no longer
/// does. How to mark a block is in docs/README.md, "Writing these pages".
@Suite struct DocsTests {
    @Test func everyYAMLBlockIsWhatItsMarkerSays() throws {
        let pages = try DocPage.all()
        let (problems, checked) = try DocYAMLCheck.problems(in: pages)
        #expect(problems.isEmpty, "\(problems.count) yaml blocks:\n\(problems.joined(separator: "\n"))")
        // As the pages stand: scenarios in the README, scenarios.md and recall.md; fragments in five
        // pages; Milvus's milvus.yaml and the Collector's configuration.
        #expect(checked[.scenario, default: 0] >= 3 && checked[.fragment, default: 0] >= 5, "\(checked)")
        #expect(checked[.foreign, default: 0] >= 2, "\(checked)")
    }

    @Test func everyTraceloadCommandAndFlagTheDocsNameExists() throws {
        let commands = try DocPage.all().flatMap(DocCommand.all)
        let problems = try DocFlagCheck().problems(in: commands)
        #expect(problems.isEmpty, "\(problems.count) commands or flags:\n\(problems.joined(separator: "\n"))")
        // What the pages name, so that a reader that found nothing cannot pass.
        let named = Set(commands.flatMap { command in command.flags.map { "\(command.command ?? "") \($0)" } })
        for expected in [
            "run --set", "diff --fail-on-regression", "compare --fractions", "analyze --listen", "merge --out",
        ] {
            #expect(named.contains(expected), "no `traceload \(expected)` found in the docs")
        }
    }

    /// So that no block goes unread: shell blocks are read for commands, `yaml` ones are
    /// scenarios or say what they are, and a block of anything else must be a quoted one.
    @Test func everyBlockIsOneTheseTestsRead() throws {
        for page in try DocPage.all() {
            for block in page.blocks {
                let read =
                    DocCommand.shellLanguages.contains(block.language) || ["yaml", "yml"].contains(block.language)
                    || block.marker?.hasPrefix("quoted from ") == true
                #expect(
                    read,
                    "\(page.place(block.line)): a ```\(block.language) block that is neither shell, yaml nor quoted")
            }
        }
    }

    @Test func inlineCodeIsClosedWithinItsParagraph() throws {
        for page in try DocPage.all() {
            #expect(page.unclosed.isEmpty, "\(page.path): inline code opened on lines \(page.unclosed) is never closed")
        }
    }

    /// `<!-- quoted from PATH -->` (PATH from the repository's root) before a block: the block is
    /// that file's text, its runs between `...` lines each found whole and in order.
    @Test func quotedBlocksAreTheFilesText() throws {
        var quoted = 0
        for page in try DocPage.all() {
            for block in page.blocks {
                guard let marker = block.marker, marker.hasPrefix("quoted from ") else { continue }
                quoted += 1
                let path = String(marker.dropFirst("quoted from ".count))
                let file = try String(
                    contentsOf: CLIHarness.packageRoot.appendingPathComponent(path), encoding: .utf8
                ).components(separatedBy: "\n").map(Self.trimmedEnd)
                var from = 0
                for run in Self.runs(block.lines.map(Self.trimmedEnd)) {
                    guard let found = Self.find(run, in: file, from: from) else {
                        Issue.record(
                            "\(page.place(block.line)): not in \(path) as quoted (after its line \(from)):\n\(run.joined(separator: "\n"))"
                        )
                        break
                    }
                    from = found + run.count
                }
            }
        }
        #expect(quoted >= 2, "the README quotes the quickstart scenario and the example report")
    }

    /// Relative links lead to a file or folder that exists, an `#anchor` to a heading of its page.
    @Test func relativeLinksLeadSomewhere() throws {
        let pages = try DocPage.all()
        let anchors = Dictionary(uniqueKeysWithValues: pages.map { ($0.path, $0.anchors) })
        var checked = 0
        for page in pages {
            for link in page.links where !link.text.contains("://") && !link.text.hasPrefix("mailto:") {
                checked += 1
                let parts = link.text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                guard let relative = parts[0].isEmpty ? page.path : Self.resolve(String(parts[0]), from: page.path)
                else {
                    Issue.record("\(page.place(link.line)): \(link.text) leads out of the repository")
                    continue
                }
                let exists = FileManager.default.fileExists(
                    atPath: CLIHarness.packageRoot.appendingPathComponent(relative).path)
                #expect(exists, "\(page.place(link.line)): \(link.text) leads to \(relative), which does not exist")
                if parts.count == 2, exists {
                    let headings =
                        try anchors[relative]
                        ?? DocPage(
                            path: relative,
                            text: String(
                                contentsOf: CLIHarness.packageRoot.appendingPathComponent(relative), encoding: .utf8)
                        ).anchors
                    #expect(
                        headings.contains(String(parts[1])),
                        "\(page.place(link.line)): no heading #\(parts[1]) in \(relative)")
                }
            }
        }
        #expect(checked >= 20)
    }

    /// Issue 36: the README is the way in, not the manual.
    @Test func theReadmeStaysShort() throws {
        let readme = try String(
            contentsOf: CLIHarness.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines <= 250, "README.md has \(lines) lines; move a section to its page under docs/")
    }

    static func trimmedEnd(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }

    /// A quoted block's runs of lines between `...` lines.
    static func runs(_ lines: [String]) -> [[String]] {
        lines.split(separator: "...", omittingEmptySubsequences: true).map(Array.init)
    }

    /// The first line at or after `from` where `run` begins in `file`.
    static func find(_ run: [String], in file: [String], from: Int) -> Int? {
        guard from <= file.count - run.count else { return nil }
        return (from...(file.count - run.count)).first { Array(file[$0..<$0 + run.count]) == run }
    }

    /// A link's target from the repository's root, as the page it is on sees it ("../X" from
    /// docs/ is X); nil when it leads above the root.
    static func resolve(_ link: String, from page: String) -> String? {
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for part in link.split(separator: "/") where part != "." {
            if part == ".." {
                guard parts.popLast() != nil else { return nil }
            } else {
                parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}
