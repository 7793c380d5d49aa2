import Foundation

/// A free-port picker is not needed: servers bind port 0 and report the port they got.
/// This namespace holds the shared PKI location for loopback tests.
public enum LoopbackTLS {
    /// A fresh temporary directory for a test's certificates.
    public static func directory() throws -> URL { try RepositoryPaths.temporaryDirectory("pki") }
}
