extension FilterCheck {
    /// How a part of a filter reads in a message: "a string", "an int64 field", "a condition".
    func phrase(_ side: Operand) -> String {
        switch side {
        case .value(let literal): literal == .integer ? "an integer" : "a \(literal.rawValue)"
        case .column(_, let type): "\(type == .int64 ? "an" : "a") \(type.rawValue) field"
        case .computed(let type): "\(type == .int64 ? "an" : "a") \(type.rawValue) computed from a field"
        case .condition: "a condition"
        case .unknown: "a field"
        }
    }

    func isField(_ side: Operand) -> Bool {
        if case .column = side { return true }
        return side == .unknown
    }

    static func isFloat(_ side: Operand) -> Bool {
        switch side {
        case .value(.float), .column(_, .float), .computed(.float): true
        default: false
        }
    }

    /// The type of a field or of arithmetic on one.
    static func type(of side: Operand) -> ScalarType {
        switch side {
        case .column(_, let type), .computed(let type): type
        default: .int64
        }
    }

    /// Which values compare with which (Milvus's canBeCompared): numbers with numbers, strings
    /// with strings, booleans with booleans.
    static func family(_ literal: Literal) -> String {
        switch literal {
        case .integer, .float: "number"
        default: literal.rawValue
        }
    }

    static func family(_ type: ScalarType) -> String {
        switch type {
        case .int64, .float: "number"
        case .varchar: "string"
        case .bool: "boolean"
        }
    }

    /// The value of a number written in the filter (`5`, `-2.5`), nil for anything else.
    static func number(_ tree: FilterTree) -> Double? {
        switch tree.kind {
        case .integer(let value): Double(value)
        case .float(let value): value
        case .unary("-", let inner): number(inner).map { -$0 }
        case .unary("+", let inner): number(inner)
        default: nil
        }
    }
}
