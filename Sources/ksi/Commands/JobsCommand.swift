import ArgumentParser
import Foundation
import KSICore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `ksi jobs --admin <url>`: a service's scheduled jobs, from its admin server's `/jobs` (issue 13).
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List a service's scheduled jobs: last run, outcome, next run, lease holder."
    )

    @Option(help: "The service's admin server, e.g. http://127.0.0.1:9101.")
    var admin: String

    func run() async throws {
        guard let url = URL(string: admin.hasSuffix("/") ? "\(admin)jobs" : "\(admin)/jobs") else {
            throw ValidationError("--admin must be a URL such as http://127.0.0.1:9101")
        }
        let (data, response) = try await URLSession.shared.data(from: url)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw ValidationError(
                "\(url) answered \((response as? HTTPURLResponse)?.statusCode ?? 0); is it a service's admin port?"
            )
        }
        for job in try JSONDecoder().decode([JobState].self, from: data) {
            print(Self.line(job))
        }
    }

    /// One job as a line: name, outcome and times in UTC, lease holder when one holds it.
    static func line(_ job: JobState) -> String {
        func time(_ millis: Int64?) -> String {
            guard let millis else { return "never" }
            return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
        }
        var text =
            "\(job.name)  last \(time(job.lastRunAt)) \(job.lastOutcome ?? "-")  next \(time(job.nextRunAt))  runs \(job.runs)"
        if let owner = job.leaseOwner { text += "  lease \(owner) until \(time(job.leaseUntil))" }
        if let detail = job.lastDetail, !detail.isEmpty { text += "\n    \(detail)" }
        return text
    }
}
