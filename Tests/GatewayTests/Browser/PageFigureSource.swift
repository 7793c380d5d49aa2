import KSICore

/// Where the browser walk gets the figures a page must show, computed independently of the view code (issue 15):
/// `data-figure` name → raw value, nil for a figure shown without a number (suppressed, PRIV-R5, or undefined).
/// The methods are those of `ExpectedFigures` (Tests/GatewayTests/Figures/); `DashboardBrowserTests.figureSource(in:)`
/// makes one.
protocol PageFigureSource {
    func region(office: String, scheme: Scheme, year: Int32) -> [String: Int64?]
    func municipality(_ id: String, scheme: Scheme, year: Int32) -> [String: Int64?]
    func partnershipHealth(office: String, scheme: Scheme) -> [String: Int64?]
    func referrals(office: String, year: Int32) -> [String: Int64?]
}

extension ExpectedFigures: PageFigureSource {}
