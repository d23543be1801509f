import Testing

@testable import Scenario

/// Filters written from Milvus's grammar (`internal/parser/planparserv2/Plan.g4`, 2.3 to 2.6) and
/// its filtering docs: what the grammar derives passes; what it cannot derive, or what every
/// version refuses whatever the schema (bitwise operators), fails at the column where Milvus's
/// parser stops.
@Suite struct FilterSyntaxTests {
    @Test func acceptsWhatTheGrammarDerives() {
        let accepted = [
            // Comparisons, chained ranges both ways, lists.
            "tenant == 7", "tenant != 7", "a < 1", "a <= 1", "a > 1", "a >= 1", "1 < a < 5", "1 <= a <= 5",
            "5 > a >= 1", "\"a\" < tag < \"c\"", "a in [1, 2, 3]", "a not in [1, 2]", "a IN [1, 2,]", "a in []",
            "a in [ ]", "tag in [\"x\", 'y']",
            // like, logic in every spelling, parentheses.
            "tag like \"v1%\"", "tag LIKE 'v%'", "a > 1 and b < 2", "a > 1 && b < 2", "a > 1 AND b < 2",
            "a > 1 or b < 2", "a > 1 || b < 2", "a > 1 OR b < 2", "not (a > 1)", "!(a > 1)", "NOT (a > 1)",
            "(a > 1) and ((b < 2) or c == 3)", "not tag like \"x%\"",
            // Arithmetic.
            "a + 1 == 2", "a - 1 > 2", "a * 2 <= 3", "a / 2 >= 1", "a % 10 == 9", "2 ** 3 > a", "-a < 1",
            "a == -5", "a > +5",
            // JSON paths, array indexes, the dynamic field, functions.
            "meta[\"k\"] == 1", "meta['k'] == \"x\"", "meta[\"a\"][\"b\"] > 1", "arr[0] == 1", "$meta[\"k\"] > 1",
            "json_contains(tags, 1)", "JSON_CONTAINS(tags, \"a\")", "json_contains_all(tags, [1, 2])",
            "json_contains_any(tags, [1, 2])", "array_contains(arr, 1)", "array_contains_all(arr, [1, 2])",
            "ARRAY_CONTAINS_ANY(arr, [1])", "array_length(arr) == 3", "array_length(meta[\"k\"]) > 0",
            "exists meta[\"k\"]", "EXISTS meta[\"k\"] and a > 1", "a is null", "a is not null", "a IS NULL",
            "meta[\"k\"] IS NOT NULL", "text_match(tag, \"word\")", "text_match(tag, \"word\", minimum_should_match=2)",
            "phrase_match(tag, \"a b\", 2)", "random_sample(0.1)", "a > 1 and random_sample(0.5)",
            "st_contains(geo, \"POINT (1 1)\")", "ST_DWITHIN(geo, \"POINT (1 1)\", 5)", "starts_with(tag, \"v\")",
            "Starts_With(tag, \"v\",)", "empty(tag)",
            // Literals: booleans, floats, integers in every base, strings with prefixes and escapes.
            "flag == true", "flag == True", "flag != FALSE", "score == 1.5", "score > .5", "score < 1.", "score < 1e3",
            "score < 1.5E-3", "score < 0x1.8p3", "a == 0x1F", "a == 0B101", "a == 017", "a == 0",
            "a == 9223372036854775807", "tag == u8\"x\"", "tag == L'x'", "tag == \"a \\\"quoted\\\" word\"",
            "tag == 'it\\'s'", "tag == \"tab\\tnew\\nline\"", "tag == \"\\u00e9\\x41\\101\"", "tag == \"\"",
            "tag == \"日本\"",
            // Whitespace of every kind between tokens.
            "a == 1\n  and\tb == 2", "  a==1  ",
        ]
        for filter in accepted {
            #expect(throws: Never.self, "\(filter)") { try FilterSyntax.parse(filter) }
        }
    }

    /// Each refused filter, the column Milvus's parser stops at (nil: at the end) and a word of
    /// the message.
    @Test func refusesWhatItCannotDeriveAtTheColumn() {
        let refused: [(String, Int?, String)] = [
            ("tenant = 7", 8, "'=' is not an operator; use '=='"), ("2 = a = 1", 3, "use '=='"),
            ("tenant === 7", 10, "expected a field, a value"), ("tenant <> 7", 8, "use '!='"),
            ("a > 1 & b < 2", 7, "bitwise"), ("a > 1 | b < 2", 7, "use '||' or 'or'"), ("a ^ 2 == 0", 3, "bitwise"),
            ("a << 1 == 2", 3, "bitwise"), ("~a == 1", 1, "bitwise"), ("tenant 7", 8, "expected an operator"),
            ("invalid expression", 9, "expected an operator"), ("a == 1 And b == 2", 8, "expected an operator"),
            ("(a > 1", nil, "')' to close the '(' at column 1"), ("a > 1)", 6, "expected an operator"),
            ("a in 5", 6, "list in brackets"), ("a in (1, 2)", 6, "list in brackets"),
            ("a in [1, 2", nil, "']'"), ("a not like \"x\"", 7, "'in' after 'not'"),
            ("tag like 5", 10, "quoted pattern"), ("tag like other", 10, "quoted pattern"),
            ("foo(a) == 1", 1, "not a function Milvus has"), ("Json_Contains(a, 1)", 1, "not a function"),
            ("json_contains(a)", 1, "takes 2 arguments"), ("json_contains(a, 1, 2)", 1, "takes 2 arguments"),
            ("json_contains(a, 1,)", 19, "','"), ("array_length(a + 1) == 1", 16, "')'"),
            ("array_length(1) == 1", 14, "field's name"),
            ("text_match(tag, other)", 17, "quoted string"), ("json_contains == 1", 1, "is a function"),
            ("a == 1 and", nil, "after 'and'"), ("", nil, "empty"), ("   ", nil, "empty"),
            ("a == {x}", 6, "template placeholder"), ("a == 08", 6, "octal"),
            ("a == 9223372036854775808", 6, "beyond int64"), ("tag == \"\\d\"", 9, "not an escape"),
            ("tag == \"x", 8, "no closing \""), ("tag == 'x", 8, "no closing '"), ("tag == \"a\nb\"", 8, "no closing"),
            ("a ; b", 3, "not part of"), ("tenant == 7;", 12, "not part of"), ("a.b == 1", 2, "not part of"),
            ("meta [\"k\"] == 1", 6, "found '['"), ("arr[-1] == 1", 4, "quoted string or a whole number"),
            ("a is  null", 3, "expected an operator"), ("$x == 1", 1, "$meta"), ("a == = 1", 6, "expected a field"),
            ("a > 1 and not", nil, "after 'not'"), ("@a == 1", 1, "not part of"), ("a == 1 # note", 8, "not part of"),
        ]
        for (filter, column, fragment) in refused {
            do {
                let tree = try FilterSyntax.parse(filter)
                Issue.record("\(filter) was accepted as \(tree.kind)")
            } catch {
                #expect(error.column == column, "\(filter): \(error)")
                #expect(error.message.contains(fragment), "\(filter): \(error)")
            }
        }
    }

    /// What the message looks like in full, as `validate` prints it after the filter.
    @Test func theMessageSaysWhereAndWhatToWrite() throws {
        let error = try #require(throws: FilterProblem.self) { try FilterSyntax.parse("tenant = 7") }
        #expect("\(error)" == "at column 8, '=' is not an operator; use '=='")
        let end = try #require(throws: FilterProblem.self) { try FilterSyntax.parse("tenant ==") }
        #expect("\(end)" == "at the end, expected a field, a value or '(' after '=='")
    }
}
