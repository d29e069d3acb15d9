import Testing
import DriftStatistics
@testable import DriftwatchData


@Suite struct DriftOptionsTests {
    @Test func settingsFileOverridesDefaults() throws {
        let options = try DriftOptions.parse(yaml: """
            # stricter than the defaults
            alpha: 0.01
            correction: benjamini-hochberg
            numeric-test: psi
            psi-threshold: 0.25
            chi-square: goodness_of_fit
            bins: 20
            """, source: "drift.yaml")
        var expected = DriftOptions()
        expected.alpha = 0.01
        expected.correction = .benjaminiHochberg
        expected.numericTest = .psi
        expected.psiThreshold = 0.25
        expected.chiSquareMode = .goodnessOfFit
        expected.binCount = 20
        #expect(options == expected)
        #expect(try DriftOptions.parse(yaml: "", source: "empty.yaml") == DriftOptions())
    }

    @Test func badSettingsNameKeyAndLine() {
        #expect(throws: DataError(file: "d.yaml", line: 2, "unknown key 'alfa' (known: \(DriftOptions.settingKeys.joined(separator: ", ")))")) {
            try DriftOptions.parse(yaml: "bins: 10\nalfa: 0.1\n", source: "d.yaml")
        }
        #expect(throws: DataError(file: "d.yaml", line: 1, "'alpha' must be a number, got 'low'")) {
            try DriftOptions.parse(yaml: "alpha: low\n", source: "d.yaml")
        }
        #expect(throws: DataError(file: "d.yaml", line: 1, "'correction' must be one of none, bonferroni, benjamini-hochberg, got 'holm'")) {
            try DriftOptions.parse(yaml: "correction: holm\n", source: "d.yaml")
        }
        #expect(throws: DataError(file: "d.yaml", "alpha must be between 0 and 1 (exclusive), got 5.0")) {
            try DriftOptions.parse(yaml: "alpha: 5\n", source: "d.yaml")
        }
    }
}

@Suite struct ListenAddressTests {
    @Test func readsHostAndPortAndRefusesTheRest() {
        #expect(ListenAddress("127.0.0.1:9100") == ListenAddress(host: "127.0.0.1", port: 9100))
        #expect(ListenAddress("0.0.0.0:0") == ListenAddress(host: "0.0.0.0", port: 0))
        #expect(ListenAddress("[::1]:9696") == ListenAddress(host: "::1", port: 9696))
        #expect(ListenAddress("localhost:65535")?.port == 65535)
        for bad in ["nowhere", ":9100", "host:", "host:65536", "host:-1", "host:port", "::1:9696", "[]:80", ""] {
            #expect(ListenAddress(bad) == nil, "\(bad)")
        }
    }
}
