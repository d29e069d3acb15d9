// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for every reader of outside bytes, in their own package so that the
// sanitizer flags stay out of the product: scripts/fuzz builds it with
// `-sanitize=fuzzer,address` and runs each target for a while; what they find is kept under
// Tests/DriftwatchLearningTests/Fixtures/fuzz (the readers) and Tests/DriftwatchAgentTests/Fixtures/fuzz
// (the agent config and the web config) and replayed by the test suite.
let package = Package(
    name: "DriftwatchFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Driftwatch", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "DriftwatchFuzz",
            dependencies: [
                .product(name: "DriftwatchData", package: "Driftwatch"),
                .product(name: "DriftwatchLearning", package: "Driftwatch"),
                .product(name: "DriftwatchAgent", package: "Driftwatch"),
                .product(name: "DriftwatchHTTP", package: "Driftwatch"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
