import Foundation

/// A receiver that takes TCP connections and never answers: a loopback socket that listens and
/// never accepts. The kernel completes each handshake into the listen queue, the client sends its
/// request, and no answer ever comes (once the queue is full, connections hang in SYN instead):
/// what a hung remote-write endpoint or a black-holed load balancer looks like to a client.
final class SilentReceiver {
    let port: Int
    private let socketFD: Int32

    init() throws {
        socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = socketFD
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard listening else {
            close(socketFD)
            throw HarnessError(message: "cannot listen on a loopback port: errno \(errno)")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socketFD) }
}
