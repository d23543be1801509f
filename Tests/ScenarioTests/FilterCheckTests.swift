import Testing

@testable import Scenario

/// The checks against the collection's fields. The first two tests take their cases from Milvus's
/// own parser tests (planparserv2's plan_parser_v2_test.go: TestExpr_Term, _Compare, _UnaryRange,
/// _BinaryRange, _Combinations against _Invalid), on a schema of the same field names with the
/// types traceload has (Int8 to Int64: int64; Float, Double: float; String, VarChar: varchar).
@Suite struct FilterCheckTests {
    static let milvusSchema: [(name: String, type: ScalarType)] = [
        ("Int8Field", .int64), ("Int16Field", .int64), ("Int32Field", .int64), ("Int64Field", .int64),
        ("FloatField", .float), ("DoubleField", .float), ("StringField", .varchar), ("VarCharField", .varchar),
        ("BoolField", .bool),
    ]

    static func problems(_ filter: String, _ fields: [(name: String, type: ScalarType)] = milvusSchema) throws
        -> [FilterProblem]
    {
        FilterCheck.problems(in: try FilterSyntax.parse(filter), fields: fields)
    }

    @Test func acceptsWhatMilvusTestsAsValid() throws {
        let valid = [
            "BoolField in [true, false]", "Int8Field in [1, 2]", "Int64Field in [7, 8]", "FloatField in [9.0, 10.0]",
            "VarCharField in [\"str15\", \"str16\"]", "FloatField in [1373, 115]", "Int64Field in []",
            "Int64Field not in []", "Int8Field < Int16Field", "Int64Field >= FloatField", "FloatField == DoubleField",
            "StringField != VarCharField", "Int8Field < 0", "FloatField == 4.0", "FloatField == 2",
            "StringField > \"str6\"", "VarCharField <= \"str7\"", "VarCharField like \"prefix%\"",
            "VarCharField like \"equal\"", "1 < Int8Field < 2", "5 <= Int32Field <= 6", "9.0 < FloatField < 10.0",
            "\"str13\" < StringField < \"str14\"", "17 < DoubleField < 18", "2 > Int8Field > 1",
            "8 >= Int64Field > 7", "\"str16\" > VarCharField > \"str15\"", "Int64Field % 10 == 9",
            "not (Int8Field + 1 == 2)", "(Int16Field - 3 == 4) and (Int32Field * 5 != 6)",
            "(Int64Field / 7 != 8) or (Int64Field % 10 == 9)", "Int64Field > 0 && VarCharField > \"0\"",
            // Beyond what traceload evaluates for recall, valid for Milvus all the same.
            "Int64Field + 1 < 2", "BoolField == true", "not (BoolField == false)", "5 <= Int64Field <= 5",
            "starts_with(VarCharField, \"v\")", "Int64Field > 1 and random_sample(0.2)", "VarCharField is not null",
        ]
        for filter in valid {
            let problems = try Self.problems(filter)
            #expect(problems.isEmpty, "\(filter): \(problems)")
        }
    }

    /// Each of Milvus's invalid cases, refused for the reason it is invalid (worked out here from
    /// the grammar and the schema), at the part at fault: not merely refused.
    @Test func refusesWhatMilvusTestsAsInvalidForItsReason() throws {
        let invalid: [(String, Int, String)] = [
            ("\"constant\"", 1, "condition"), ("not_in_schema", 1, "'not_in_schema' is not a field"),
            ("not_in_schema + 1", 1, "'not_in_schema' is not a field"), ("true + false", 1, "arithmetic needs numbers; true"),
            ("\"str\" + \"text\"", 1, "arithmetic needs numbers; \"str\""),
            ("StringField + VarCharField", 1, "arithmetic needs numbers; StringField"),
            ("StringField - 2", 1, "arithmetic needs numbers; StringField"),
            ("2 + StringField", 5, "arithmetic needs numbers; StringField"), ("true % false", 1, "arithmetic needs numbers; true"),
            ("2 / 0", 5, "division by zero"), ("StringField % VarCharField", 1, "arithmetic needs numbers; StringField"),
            ("StringField * 2", 1, "arithmetic needs numbers; StringField"),
            ("2 % Int64Field == 1", 1, "a number before '%' and a field after it"),
            ("not_in_schema != 1", 1, "'not_in_schema' is not a field"), ("true == \"str\"", 9, "cannot be compared"),
            ("\"str\" != false", 10, "cannot be compared"), ("true <= \"str\"", 9, "cannot be compared"),
            ("(VarCharField % 2) like \"prefix%\"", 2, "arithmetic needs numbers; VarCharField"),
            ("FloatField like \"prefix%\"", 1, "like applies to varchar fields; FloatField is float"),
            ("value like \"prefix%\"", 1, "'value' is not a field"),
            ("not_in_schema in [1, 2, 3]", 1, "'not_in_schema' is not a field"), ("1 in [1, 2, 3]", 1, "'in' applies to a field"),
            ("(Int8Field + 8) in [1, 2, 3]", 1, "'in' applies to a field"),
            ("Int8Field in [(true + 1)]", 16, "arithmetic needs numbers; true"),
            ("Int8Field in [Int16Field]", 15, "Int8Field is compared with values written in the filter; Int16Field"),
            ("BoolField in [4.0]", 15, "BoolField is bool; 4.0"), ("VarCharField in [4.0]", 18, "VarCharField is varchar; 4.0"),
            ("Int32Field in [4.0]", 16, "Int32Field is int64; 4.0"), ("FloatField in [5, 6.0, true]", 24, "FloatField is float; true"),
            ("1 < not_in_schema < 2", 5, "'not_in_schema' is not a field"), ("1 < 3 < 2", 1, "already a condition"),
            ("1 < (Int8Field + Int16Field) < 2", 1, "already a condition"),
            ("(Int8Field) < Int32Field < 2", 1, "a range's bounds are values written in the filter"),
            ("1 < StringField < 2", 1, "StringField is varchar; 1"), ("1 < BoolField < 2", 5, "a range does not apply to BoolField"),
            ("1.0 < Int32Field < 2.0", 1, "Int32Field is int64; 1.0"), ("true < FloatField < false", 1, "FloatField is float; true"),
            ("-true", 1, "'-' applies to numbers; true"), ("!\"str\"", 1, "'not' applies to \"str\" alone"),
            ("-Int32Field", 1, "negates only numbers written in the filter"), ("!(Int32Field)", 1, "'not' applies to"),
            ("not_in_schema or true", 1, "'not_in_schema' is not a field"), ("\"str\" or false", 1, "'or' joins conditions"),
            ("BoolField or false", 1, "'or' joins conditions; BoolField is a bool field"),
            ("Int32Field or Int64Field", 1, "'or' joins conditions; Int32Field"), ("BoolField and false", 1, "'and' joins conditions"),
            ("1 ** 2", 1, "condition"),
        ]
        for (filter, column, fragment) in invalid {
            let problems = try Self.problems(filter)
            #expect(
                problems.contains { $0.column == column && $0.message.contains(fragment) },
                "\(filter): expected at column \(column) \"\(fragment)\", found \(problems)")
        }
    }

    /// The mistakes of issue 36 and their kin, each in words, at the column of the part at fault.
    @Test func saysWhatIsWrongWhere() throws {
        let fields: [(name: String, type: ScalarType)] = [
            ("id", .int64), ("tenant", .int64), ("score", .float), ("tag", .varchar), ("flag", .bool),
        ]
        let cases: [(String, Int, String)] = [
            ("tenant == \"7\"", 11, "tenant is int64; \"7\" is a string"),
            ("tenant == 7.5", 11, "tenant is int64; 7.5 is a float"),
            ("\"7\" != tenant", 1, "tenant is int64; \"7\" is a string"),
            ("tag == 5", 8, "tag is varchar; 5 is an integer"), ("flag == 1", 9, "flag is bool; 1 is an integer"),
            ("score > \"high\"", 9, "score is float; \"high\" is a string"),
            ("tenant in [1, \"2\"]", 15, "tenant is int64; \"2\" is a string"),
            ("tenant like \"1%\"", 1, "like applies to varchar fields; tenant is int64"),
            ("flag", 1, "flag is a bool field: write flag == true"),
            ("flag and tenant > 1", 1, "'and' joins conditions; flag is a bool field"),
            ("not tenant == 7", 1, "'not' applies to tenant alone"),
            ("tag + 1 == 2", 1, "arithmetic needs numbers; tag is a varchar field"),
            ("score % 2 == 1", 1, "'%' needs whole numbers"), ("tenant ** 2 == 4", 1, "'**' applies to numbers"),
            ("10 < tenant < 5", 1, "empty"), ("5 < tenant <= 5", 1, "empty"),
            ("tenant > tag", 10, "cannot be compared"),
            ("json_contains(tag, \"a\")", 15, "applies to JSON and array fields; tag is varchar"),
            ("array_length(tenant) == 1", 14, "applies to JSON and array fields"),
            ("json_contains_all(meta, 1)", 19, "'meta' is not a field"),
            ("tenant[0] == 1", 1, "only JSON and array fields take a key"),
            ("exists tenant", 8, "exists applies to a JSON key"),
            ("text_match(tenant, \"a\")", 12, "text_match applies to varchar fields"),
            ("random_sample(1.5)", 15, "fraction between 0 and 1"),
            (
                "tenantid == 4", 1,
                "'tenantid' is not a field of the collection; its fields are id, tenant, score, tag, flag (did you mean 'tenant'?)"
            ),
        ]
        for (filter, column, fragment) in cases {
            let problems = try Self.problems(filter, fields)
            #expect(
                problems.contains { $0.column == column && $0.message.contains(fragment) }, "\(filter): \(problems)")
        }
        #expect(try Self.problems("tenantid > 1 and tenantid < 5", fields).count == 1, "a missing field, said once")
    }
}
