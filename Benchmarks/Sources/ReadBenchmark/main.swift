import DriftwatchData
import Foundation

/// Times reading data files into typed columns: each file several times, the median wall time
/// and the median CPU time (all threads), and the throughput per core as bytes per CPU-second.
///
/// Usage: ReadBenchmark [--repetitions N] FILE...   (CSV, JSON Lines or Parquet)
var arguments = Array(CommandLine.arguments.dropFirst())
var repetitions = 5
if let flag = arguments.firstIndex(of: "--repetitions"), flag + 1 < arguments.count, let count = Int(arguments[flag + 1]) {
    repetitions = count
    arguments.removeSubrange(flag...(flag + 1))
}
guard !arguments.isEmpty else {
    print("usage: ReadBenchmark [--repetitions N] FILE...")
    exit(2)
}
let cores = ProcessInfo.processInfo.activeProcessorCount
for path in arguments {
    let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    var times: [Double] = [], cpu: [Double] = []
    var table: TypedTable?
    for _ in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds, startCPU = cpuSeconds()
        table = try DatasetReader.read(path: path)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        cpu.append(cpuSeconds() - startCPU)
    }
    let median = times.sorted()[times.count / 2], medianCPU = cpu.sorted()[cpu.count / 2]
    let mib = size / 1_048_576
    print(String(format: "%@: %.1f MiB, %d rows × %d columns: median %.3f s wall (%.0f MiB/s on %d cores), %.3f s CPU = %.0f MiB/s per core",
                 path, mib, table!.rowCount, table!.names.count, median, mib / median, cores, medianCPU, mib / medianCPU))
}

/// CPU time of the process so far (user and system, every thread).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
