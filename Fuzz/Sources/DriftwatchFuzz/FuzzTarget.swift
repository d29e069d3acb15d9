import DriftwatchData
import DriftwatchLearning
import Foundation

/// libFuzzer's entry point. One binary serves every reader; `DRIFTWATCH_FUZZ_TARGET` picks which
/// one the bytes go to. A reader may refuse the bytes (that is the point); it may not trap, hang
/// or allocate without bound, which the sanitizers and libFuzzer's limits catch.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    FuzzTargets.run(ProcessInfo.processInfo.environment["DRIFTWATCH_FUZZ_TARGET"] ?? "profile", data)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The executable's entry point as SwiftPM names it: hands the command line to libFuzzer's driver.
@_cdecl("DriftwatchFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { start, length in fuzz(start, length) }
}
