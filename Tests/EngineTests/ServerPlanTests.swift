import Scenario
import Testing

@testable import Engine

/// Which Milvus each variant runs on, and when the A/A variant (`--aa`) gets one of its own.
@Suite struct ServerPlanTests {
    static func variants(_ others: [(String, (inout Scenario) -> Void)]) throws -> [CompareVariant] {
        var base = try EngineFixtures.scenario(
            port: 19530, phases: "  - { name: search, duration: 1s, workers: 1, mix: search }")
        base.tracing.enabled = true
        var out = [CompareVariant(name: "base", settings: [], scenario: base)]
        for (name, change) in others {
            var scenario = base
            change(&scenario)
            out.append(CompareVariant(name: name, settings: [], scenario: scenario))
        }
        out.append(CompareVariant(name: CompareOptions.aaName, settings: [], scenario: base))
        return out
    }

    @Test func theAAVariantSharesTheBaselinesMilvusWhenEveryVariantDoes() throws {
        // The client's sample fraction (Milvus follows the client's decision): every variant on
        // one Milvus, and the A/A with them, measuring what they see.
        let variants = try Self.variants([("client-1", { $0.tracing.sampleFraction = 1 })])
        let plan = ServerPlan(variants: variants, clientOnly: false, aaOwnServer: true)
        #expect(plan.groups.count == 1 && plan.serverOf == [0, 0, 0])
    }

    @Test func theAAVariantGetsAMilvusOfItsOwnWhenAnyVariantsServerDiffers() throws {
        // Milvus sampling on its own is a server of its own; the A/A must then carry a second
        // server's difference too, or its noise would promise more than the others get.
        let variants = try Self.variants([("server-1", { $0.tracing.serverSampleFraction = 1 })])
        let plan = ServerPlan(variants: variants, clientOnly: false, aaOwnServer: true)
        #expect(plan.groups.count == 3)
        #expect(Set(plan.serverOf).count == 3)
        // Without --aa's own server (the flag off), the A/A joins the baseline.
        let shared = ServerPlan(variants: variants, clientOnly: false, aaOwnServer: false)
        #expect(shared.serverOf[0] == shared.serverOf[2] && shared.groups.count == 2)
    }

    @Test func withRestartsThereIsOneMilvusAndTheAAVariantSharesIt() throws {
        let variants = try Self.variants([("server-1", { $0.tracing.serverSampleFraction = 1 })])
        let plan = ServerPlan(variants: variants, clientOnly: false, aaOwnServer: true, restarts: true)
        #expect(plan.groups.count == 1 && plan.serverOf == [0, 0, 0])
    }
}
