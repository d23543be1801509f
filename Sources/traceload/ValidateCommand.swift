import ArgumentParser
import Foundation
import Scenario

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files without running them.",
        discussion: "Prints every mistake as FILE:LINE:COLUMN: FIELD: WHAT WAS EXPECTED and exits 2 if there is any."
    )

    @Argument(help: "Scenario files (YAML).")
    var files: [String]

    @OptionGroup var set: OverrideOptions

    func run() throws {
        var failed = false
        for file in files {
            do {
                let scenario = try ScenarioLoader.load(path: file, overrides: set.overrides)
                print(
                    "\(file): ok (\(scenario.phases.count) phase\(scenario.phases.count == 1 ? "" : "s"), collection \(scenario.collection.name))"
                )
            } catch let error as ScenarioError {
                failed = true
                printError(error.description)
                printError("\(file): \(error.issues.count) mistake\(error.issues.count == 1 ? "" : "s")")
            }
        }
        if failed { throw ExitCode(ExitCodes.badInput) }
    }
}
