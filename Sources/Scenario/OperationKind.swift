package enum OperationKind: String, Sendable, Equatable, Hashable, Codable, CodingKeyRepresentable, CaseIterable,
    Comparable
{
    case search, insert, query

    package static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
