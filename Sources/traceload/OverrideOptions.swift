import ArgumentParser
import Scenario

/// `--set KEY=VALUE`, repeatable: a scenario value changed for this command only.
struct OverrideOptions: ParsableArguments {
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Change a value of the scenario for this run, validated like the file (repeatable): phases.search.workers=16, phases.0.duration=1m, tracing.sampleFraction=0.5.",
            valueName: "key=value"),
        transform: { text in
            guard let override = ScenarioOverride(text) else {
                throw ValidationError("--set expects KEY=VALUE such as phases.search.workers=16, found '\(text)'")
            }
            return override
        })
    var overrides: [ScenarioOverride] = []
}
