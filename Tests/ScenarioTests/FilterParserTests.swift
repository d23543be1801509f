import Testing

@testable import Scenario

/// Milvus's boolean expressions, as far as traceload evaluates them itself.
@Suite struct FilterParserTests {
    static func row(_ values: [String: FilterExpression.Value]) -> (String) -> FilterExpression.Value? { { values[$0] } }

    @Test func comparisonsListsRangesPrefixesAndLogic() throws {
        let row = Self.row(["id": .integer(42), "category": .integer(3), "score": .number(7.5), "tag": .text("v12"), "flag": .boolean(true)])
        let cases: [(String, Bool)] = [
            ("id < 100", true), ("id >= 100", false), ("category in [1, 3, 5]", true), ("category not in [3]", false),
            ("10 <= id < 50", true), ("10 < id <= 42", true), ("0 < id < 42", false), ("tag like \"v1%\"", true),
            ("tag like 'w%'", false), ("flag == true and score > 7", true), ("flag == false or score < 7", false),
            ("not (category == 3)", false), ("!(category == 3) || id == 42", true),
            ("category == 3 && (score >= 7.5 && tag != \"v1\")", true), ("score == 7.5", true), ("id == 42.0", true),
            ("tag in [\"a\", \"v12\"]", true), ("id > -5", true),
        ]
        for (text, expected) in cases {
            let expression = try FilterParser.parse(text)
            #expect(expression.matches(row) == expected, "\(text)")
        }
        #expect(try FilterParser.parse("a < 1 and (b in [2] or c like \"x%\")").fields == ["a", "b", "c"])
    }

    @Test func whatItCannotEvaluateIsNamed() {
        let unsupported: [(String, String)] = [
            ("json_contains(meta, 1)", "function json_contains"), ("id + 1 > 5", "cannot evaluate"),
            ("tag like \"%x\"", "only a prefix"), ("id in 5", "expected a list"), ("(id > 1", "without its ')'"),
            ("", "empty"), ("meta[\"a\"] > 1", "cannot evaluate"),
        ]
        for (text, fragment) in unsupported {
            #expect {
                _ = try FilterParser.parse(text)
            } throws: { error in
                "\(error)".contains(fragment)
            }
        }
    }
}
