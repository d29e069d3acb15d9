// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Driftwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "driftwatch", targets: ["driftwatch"]),
        .library(name: "DriftStatistics", targets: ["DriftStatistics"]),
        .library(name: "DriftwatchData", targets: ["DriftwatchData"]),
        .library(name: "DriftwatchReport", targets: ["DriftwatchReport"]),
        .library(name: "DriftwatchLearning", targets: ["DriftwatchLearning"]),
        .library(name: "DriftwatchRegistry", targets: ["DriftwatchRegistry"]),
        .library(name: "DriftwatchPredictor", targets: ["DriftwatchPredictor"]),
        .library(name: "DriftwatchAgent", targets: ["DriftwatchAgent"]),
        .library(name: "DriftwatchHTTP", targets: ["DriftwatchHTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Pure math: drift tests, special functions, quality metrics. No I/O.
        .target(name: "DriftStatistics"),
        // The page codecs of Parquet files, from the system's libraries (libsnappy-dev, zlib1g-dev, libzstd-dev).
        .systemLibrary(name: "CParquetCodecs", providers: [.apt(["libsnappy-dev", "zlib1g-dev", "libzstd-dev"])]),
        // The Parquet file format, read as flat tables.
        .target(name: "DriftwatchParquet", dependencies: ["CParquetCodecs"]),
        // Schema, configuration, columnar batches, CSV / JSON Lines / Parquet readers, reference profiles.
        .target(
            name: "DriftwatchData",
            dependencies: ["DriftStatistics", "DriftwatchParquet", .product(name: "Yams", package: "Yams")]
        ),
        // Evaluation of a current batch against a reference profile, and its renderings.
        .target(
            name: "DriftwatchReport",
            dependencies: ["DriftStatistics", "DriftwatchData", "DriftwatchLearning"]
        ),
        // Feature encoding, models (ridge, logistic, gradient-boosted trees, imported XGBoost
        // boosters), the training pipeline and the model artifact format.
        .target(
            name: "DriftwatchLearning",
            dependencies: ["DriftStatistics", "DriftwatchData"]
        ),
        // Experiment tracking and the model registry: SQLite in WAL mode through GRDB, or PostgreSQL
        // through PostgresNIO for a fleet of predictors and agents; where versions come from
        // (training, imports of XGBoost files, MLflow model directories and tracking servers).
        .target(
            name: "DriftwatchRegistry",
            dependencies: [
                "DriftwatchData", "DriftwatchLearning", "DriftwatchHTTP", .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // What both servers share: JSON answers and errors, the /metrics exposition, periodic
        // services, the wire format of the prediction log the agent pulls from the predictor, and
        // trust (the web config's TLS and users, bearer tokens, route access, request limits).
        .target(
            name: "DriftwatchHTTP",
            dependencies: ["DriftwatchData", "DriftwatchLearning", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdTLS", package: "hummingbird"),
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                           .product(name: "Prometheus", package: "swift-prometheus"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
        // The web predictor: /predict, /invocations, the prediction log, feedback, hot reload,
        // traffic between versions, batch scoring.
        .target(
            name: "DriftwatchPredictor",
            dependencies: [
                "DriftwatchLearning", "DriftwatchRegistry", "DriftwatchData", "DriftwatchHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The monitoring agent: sampling, windows, evaluation snapshots (sources, exporter and
        // endpoints build on these).
        .target(
            name: "DriftwatchAgent",
            dependencies: [
                "DriftStatistics", "DriftwatchData", "DriftwatchLearning", "DriftwatchReport", "DriftwatchRegistry", "DriftwatchHTTP",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `driftwatch demo`'s work, as a library so that tests can drive it without the command line.
        .target(
            name: "DriftwatchDemo",
            dependencies: [
                "DriftwatchData", "DriftwatchHTTP", "DriftwatchLearning", "DriftwatchRegistry", "DriftwatchPredictor", "DriftwatchAgent",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "driftwatch",
            dependencies: [
                "DriftStatistics", "DriftwatchData", "DriftwatchReport", "DriftwatchLearning", "DriftwatchRegistry", "DriftwatchHTTP", "DriftwatchPredictor", "DriftwatchAgent", "DriftwatchDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            plugins: ["BuildRevision"]
        ),
        // The git commit the binary is built from, for --version and driftwatch_build_info.
        .plugin(name: "BuildRevision", capability: .buildTool()),
        // Helpers shared by test targets.
        .target(
            name: "DriftwatchTestSupport",
            dependencies: ["DriftStatistics", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            path: "Tests/DriftwatchTestSupport"
        ),
        .testTarget(
            name: "DriftStatisticsTests",
            dependencies: ["DriftStatistics", "DriftwatchTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DriftwatchDataTests",
            dependencies: ["DriftwatchData", "DriftStatistics", "DriftwatchParquet"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DriftwatchReportTests",
            dependencies: ["DriftwatchReport", "DriftwatchData", "DriftStatistics"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DriftwatchLearningTests",
            dependencies: ["DriftwatchLearning", "DriftwatchData", "DriftStatistics", "DriftwatchTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DriftwatchRegistryTests",
            dependencies: [
                "DriftwatchRegistry", "DriftwatchLearning", "DriftwatchData", "DriftwatchTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "DriftwatchHTTPTests",
            dependencies: ["DriftwatchHTTP", "DriftwatchData", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "DriftwatchPredictorTests",
            dependencies: [
                "DriftwatchPredictor", "DriftwatchLearning", "DriftwatchRegistry", "DriftwatchData", "DriftwatchTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "DriftwatchAgentTests",
            dependencies: [
                "DriftwatchAgent", "DriftwatchData", "DriftwatchLearning", "DriftwatchRegistry", "DriftwatchReport", "DriftwatchTestSupport", "DriftStatistics",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DriftwatchCLITests",
            dependencies: ["driftwatch", "DriftwatchAgent", "DriftwatchDemo", "DriftwatchHTTP", "DriftwatchLearning", "DriftwatchRegistry", "DriftwatchTestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams")],
            // Read from the repository by path, as the binary under test reads files.
            exclude: ["Fixtures"]
        ),
    ]
)
