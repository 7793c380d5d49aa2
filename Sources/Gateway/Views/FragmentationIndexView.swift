import KSICore

/// V6 Fragmentation index (DOMAIN.md §5; ALLOC-R9).
public enum FragmentationIndexView {
    public static func make(_ request: GetFragmentationIndexRequest, inputs: ViewInputs) -> FragmentationIndex {
        FragmentationIndex.with {
            $0.governorOfficeId = inputs.query.governorOfficeId
            $0.scheme = request.scheme
            $0.year = inputs.query.years.upperBound
            $0.generatedAt = inputs.nowMillis
            $0.allocationSection = inputs.allocation.status
        }
    }
}
