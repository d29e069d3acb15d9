// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so that their code and settings stay out of the product.
let package = Package(
    name: "DriftwatchBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Driftwatch", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "CheckBenchmark",
            dependencies: [
                .product(name: "DriftStatistics", package: "Driftwatch"),
                .product(name: "DriftwatchData", package: "Driftwatch"),
                .product(name: "DriftwatchReport", package: "Driftwatch"),
            ]
        ),
        .executableTarget(
            name: "TrainBenchmark",
            dependencies: [
                .product(name: "DriftStatistics", package: "Driftwatch"),
                .product(name: "DriftwatchLearning", package: "Driftwatch"),
            ]
        ),
        .executableTarget(
            name: "RuleBenchmark",
            dependencies: [
                .product(name: "DriftStatistics", package: "Driftwatch"),
                .product(name: "DriftwatchData", package: "Driftwatch"),
                .product(name: "DriftwatchLearning", package: "Driftwatch"),
                .product(name: "DriftwatchReport", package: "Driftwatch"),
            ]
        ),
        .executableTarget(
            name: "MultivariateBenchmark",
            dependencies: [
                .product(name: "DriftStatistics", package: "Driftwatch"),
                .product(name: "DriftwatchAgent", package: "Driftwatch"),
                .product(name: "DriftwatchData", package: "Driftwatch"),
                .product(name: "DriftwatchLearning", package: "Driftwatch"),
                .product(name: "DriftwatchReport", package: "Driftwatch"),
            ]
        ),
        .executableTarget(
            name: "AgentBenchmark",
            dependencies: [
                .product(name: "DriftStatistics", package: "Driftwatch"),
                .product(name: "DriftwatchAgent", package: "Driftwatch"),
                .product(name: "DriftwatchData", package: "Driftwatch"),
                .product(name: "DriftwatchLearning", package: "Driftwatch"),
            ]
        ),
        .executableTarget(
            name: "RegistryBenchmark",
            dependencies: [
                .product(name: "DriftwatchData", package: "Driftwatch"),
                .product(name: "DriftwatchRegistry", package: "Driftwatch"),
            ]
        ),
        .executableTarget(
            name: "ModelHealthBenchmark",
            dependencies: [
                .product(name: "DriftStatistics", package: "Driftwatch"),
                .product(name: "DriftwatchData", package: "Driftwatch"),
                .product(name: "DriftwatchAgent", package: "Driftwatch"),
                .product(name: "DriftwatchLearning", package: "Driftwatch"),
            ]
        ),
        .executableTarget(
            name: "ReadBenchmark",
            dependencies: [.product(name: "DriftwatchData", package: "Driftwatch")]
        ),
    ]
)
