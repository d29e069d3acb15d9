// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Driftwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "driftwatch", targets: ["driftwatch"]),
        .library(name: "DriftStatistics", targets: ["DriftStatistics"]),
        .library(name: "DriftwatchData", targets: ["DriftwatchData"]),
        .library(name: "DriftwatchReport", targets: ["DriftwatchReport"]),
        .library(name: "DriftwatchLearning", targets: ["DriftwatchLearning"]),
        .library(name: "DriftwatchRegistry", targets: ["DriftwatchRegistry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Pure math: drift tests, special functions, quality metrics. No I/O.
        .target(name: "DriftStatistics"),
        // Schema, configuration, columnar batches, CSV / JSON Lines readers, reference profiles.
        .target(
            name: "DriftwatchData",
            dependencies: ["DriftStatistics", .product(name: "Yams", package: "Yams")]
        ),
        // Evaluation of a current batch against a reference profile, and its renderings.
        .target(
            name: "DriftwatchReport",
            dependencies: ["DriftStatistics", "DriftwatchData"]
        ),
        // Feature encoding, models (ridge, logistic, gradient-boosted trees), the training pipeline
        // and the model artifact format.
        .target(
            name: "DriftwatchLearning",
            dependencies: ["DriftStatistics", "DriftwatchData"]
        ),
        // Experiment tracking and the model registry (SQLite in WAL mode through GRDB).
        .target(
            name: "DriftwatchRegistry",
            dependencies: ["DriftwatchData", "DriftwatchLearning", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "driftwatch",
            dependencies: [
                "DriftwatchData", "DriftwatchReport", "DriftwatchLearning", "DriftwatchRegistry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DriftStatisticsTests",
            dependencies: ["DriftStatistics"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DriftwatchDataTests",
            dependencies: ["DriftwatchData", "DriftStatistics"]
        ),
        .testTarget(
            name: "DriftwatchReportTests",
            dependencies: ["DriftwatchReport", "DriftwatchData", "DriftStatistics"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DriftwatchLearningTests",
            dependencies: ["DriftwatchLearning", "DriftwatchData", "DriftStatistics"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DriftwatchRegistryTests",
            dependencies: ["DriftwatchRegistry", "DriftwatchLearning", "DriftwatchData", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "DriftwatchCLITests",
            dependencies: ["driftwatch", "DriftwatchLearning", "DriftwatchRegistry"]
        ),
    ]
)
