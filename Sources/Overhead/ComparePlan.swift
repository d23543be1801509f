/// Which settings a sweep measures and in what order.
public enum ComparePlan {
    /// The tracing-off baseline first, then one setting per client fraction (the server exporting,
    /// at `serverFollowing`, so it traces what the client sampled), then one per server-only
    /// fraction. `clientOnly` leaves the server as it is: then the baseline only stops sending
    /// trace context, and server fractions are not allowed.
    public static func settings(
        clientFractions: [Double], serverFractions: [Double], serverFollowing: Double, clientOnly: Bool
    ) -> [CompareSetting] {
        var settings: [CompareSetting] = [.off]
        for fraction in clientFractions {
            settings.append(
                CompareSetting(clientFraction: fraction, serverFraction: clientOnly ? nil : serverFollowing))
        }
        if !clientOnly {
            for fraction in serverFractions {
                settings.append(CompareSetting(clientFraction: nil, serverFraction: fraction))
            }
        }
        var seen = Set<CompareSetting>()
        return settings.filter { seen.insert($0).inserted }
    }

    /// Rounds of every setting in the same order (A B C D, A B C D, ...), never all of A first,
    /// so that drift of a shared machine falls on every setting alike.
    public static func schedule(settings: Int, repeats: Int) -> [(round: Int, setting: Int)] {
        (0..<max(repeats, 0)).flatMap { round in (0..<settings).map { (round, $0) } }
    }
}
