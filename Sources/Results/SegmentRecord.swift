/// Which segment of a split scenario a run was: `index` of `count`.
public struct SegmentRecord: Codable, Sendable, Equatable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }
}
