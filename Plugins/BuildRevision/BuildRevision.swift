import Foundation
import PackagePlugin

/// Writes `buildRevision`, the git commit the binary is built from (`unknown` outside a git
/// checkout), before every build of the target that uses it; the file changes only when the commit
/// does, so nothing else is rebuilt. `driftwatch --version` and `driftwatch_build_info{revision}`
/// carry it.
@main struct BuildRevision: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        let file = output.appending(path: "BuildRevision.swift").path
        let script = """
            mkdir -p '\(output.path)'
            revision=$(git -C '\(context.package.directoryURL.path)' rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
            line="let buildRevision = \\"$revision\\""
            [ "$(cat '\(file)' 2>/dev/null)" = "$line" ] || echo "$line" > '\(file)'
            """
        return [.prebuildCommand(displayName: "Driftwatch's git revision", executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: ["-c", script], outputFilesDirectory: output)]
    }
}
