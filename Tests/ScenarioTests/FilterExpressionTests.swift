import Testing

@testable import Scenario

/// Milvus's boolean expressions, as far as traceload evaluates them itself: read with Milvus's
/// grammar (`FilterSyntax`), then turned into what can be evaluated on a row.
@Suite struct FilterExpressionTests {
    static func row(_ values: [String: FilterExpression.Value]) -> (String) -> FilterExpression.Value? { { values[$0] } }

    /// Each filter's outcome on one row, worked out by hand.
    @Test func comparisonsListsRangesPrefixesAndLogic() throws {
        let row = Self.row([
            "id": .integer(42), "category": .integer(3), "score": .number(7.5), "tag": .text("v12"), "flag": .boolean(true),
            "quote": .text("a\"b"), "lines": .text("a\nb"), "letter": .text("A"), "accent": .text("é"),
        ])
        let cases: [(String, Bool)] = [
            ("id < 100", true), ("id >= 100", false), ("category in [1, 3, 5]", true), ("category not in [3]", false),
            ("10 <= id < 50", true), ("10 < id <= 42", true), ("0 < id < 42", false), ("50 > id >= 42", true),
            ("50 > id > 42", false), ("tag like \"v1%\"", true), ("tag like 'w%'", false),
            ("flag == true and score > 7", true), ("flag == false or score < 7", false), ("not (category == 3)", false),
            ("!(category == 3) || id == 42", true), ("category == 3 && (score >= 7.5 && tag != \"v1\")", true),
            ("score == 7.5", true), ("id == 42.0", true), ("tag in [\"a\", \"v12\"]", true), ("id > -5", true),
            ("id > +43", false), ("100 > id", true), ("42 <= id", true), ("41 >= id", false), ("category == 3 AND id == 42", true),
            ("quote == \"a\\\"b\"", true), ("quote == 'a\"b'", true), ("flag == True", true),
            // Escapes as Go's strconv.Unquote reads them (Milvus's parser uses it).
            ("lines == \"a\\nb\"", true), ("lines == \"anb\"", false), ("letter == \"\\x41\"", true),
            ("letter == \"\\101\"", true), ("accent == \"\\u00e9\"", true), ("accent == \"\\U000000e9\"", true),
            ("letter like \"\\x41%\"", true),
        ]
        for (text, expected) in cases {
            let expression = try FilterExpression.parse(text)
            #expect(expression.matches(row) == expected, "\(text)")
        }
        #expect(try FilterExpression.parse("a < 1 and (b in [2] or c like \"x%\")").fields == ["a", "b", "c"])
    }

    /// What Milvus refuses is refused as Milvus's grammar says (the same message `validate`
    /// gives); what Milvus takes but traceload cannot evaluate names the part, at its column.
    @Test func whatItCannotEvaluateIsNamedWhereItIs() {
        let refused: [(String, Int?, String)] = [
            ("json_contains(meta, 1)", 1, "traceload cannot evaluate 'json_contains(meta, 1)'"),
            ("id + 1 > 5", 1, "traceload cannot evaluate 'id + 1' (a comparison of a field with a value)"),
            ("tag like \"%x\"", 1, "only a prefix"), ("id in 5", 7, "a list in brackets after 'in'"),
            ("(id > 1", nil, "')'"), ("", nil, "the filter is empty"),
            ("meta[\"a\"] > 1", 1, "traceload cannot evaluate 'meta[\"a\"]'"),
            // Milvus's grammar: `not` binds tighter than `==`, so this is `(not id) == 1`.
            ("not id == 1", 1, "traceload cannot evaluate"), ("tenant = 7", 8, "'=' is not an operator"),
            ("id == other", 7, "traceload cannot evaluate 'other' (a number, a quoted string, true or false)"),
            ("id is null", 1, "traceload cannot evaluate 'id is null'"),
        ]
        for (text, column, fragment) in refused {
            #expect {
                _ = try FilterExpression.parse(text)
            } throws: { error in
                guard let problem = error as? FilterProblem else { return false }
                return problem.column == column && problem.message.contains(fragment)
            }
        }
    }
}
