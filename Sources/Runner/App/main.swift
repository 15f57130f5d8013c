import Dispatch
import RunnerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The executable: the process's own streams, Ctrl-C as cancellation, the exit code of the command.
// A first Ctrl-C stops the command cleanly (output flushed, exit 0); a second one exits at once (130).
signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
signal(SIGPIPE, SIG_IGN)   // a closed pipe is an EPIPE the output sink handles, not a silent death

let arguments = Array(CommandLine.arguments.dropFirst())
let command = Task { await Runner.run(arguments, io: .standard()) }

var interrupts = 0
let sources = [SIGINT, SIGTERM].map { number in
    let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
    source.setEventHandler {
        interrupts += 1
        if interrupts > 1 { exit(130) }
        command.cancel()
    }
    source.resume()
    return source
}

Task {
    let code = await command.value
    exit(code)
}
dispatchMain()
