import Foundation

/// Runs CPU-bound test work (a simulation of thousands of draws) on a thread of its own and
/// returns its result. Swift Testing runs tests on the cooperative pool, one thread per core (two
/// here): work that holds them for seconds delays every test that waits on a timer or a socket
/// (in `make test`, a collection with a 3 s deadline has taken 30 s). On its own thread the work
/// shares the cores by the kernel's time slices instead. Expectations stay in the test: an issue
/// recorded from another thread is not the test's.
package func onItsOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
