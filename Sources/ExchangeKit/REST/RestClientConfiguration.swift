/// How a ``RestClient`` times out, retries and waits for rate limits.
///
/// The defaults are safe for production: three attempts for idempotent calls,
/// one for order placement, a 10 s deadline per attempt, at most 10 s waiting
/// for a rate-limit pool to refill.
public struct RestClientConfiguration: Sendable {
    /// Retries of idempotent requests after transport errors and 5xx.
    public struct Retry: Sendable {
        /// Attempts in all, the first included (1 = never retry).
        public var attempts: Int
        /// The backoff cap of the first retry; doubled each time up to ``maximumBackoff``.
        public var initialBackoff: Duration
        /// The largest backoff cap.
        public var maximumBackoff: Duration

        /// Creates a retry policy.
        public init(attempts: Int = 3, initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(5)) {
            self.attempts = attempts
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
        }

        /// Never retry.
        public static let disabled = Retry(attempts: 1)

        /// The cap of the backoff before retry number `retry` (1-based); the wait is drawn
        /// uniformly below it ("full jitter"), so clients that failed together do not retry together.
        public func backoffCap(forRetry retry: Int) -> Duration {
            let shift = min(max(retry - 1, 0), 30)
            let cap = initialBackoff * (1 << shift)
            return cap > maximumBackoff ? maximumBackoff : cap
        }
    }

    /// Waiting for rate limits.
    public struct RateLimiting: Sendable {
        /// The longest a request waits for its pools before it fails with `.rateLimited`.
        public var maximumWait: Duration
        /// How many 429 answers in a row a request accepts before it fails with `.rateLimited`.
        public var maximumConsecutiveRejections: Int
        /// The wait after a 429 that says nothing about when to retry.
        public var defaultRetryAfter: Duration

        /// Creates a rate-limit policy.
        public init(maximumWait: Duration = .seconds(10), maximumConsecutiveRejections: Int = 5, defaultRetryAfter: Duration = .seconds(1)) {
            self.maximumWait = maximumWait
            self.maximumConsecutiveRejections = maximumConsecutiveRejections
            self.defaultRetryAfter = defaultRetryAfter
        }
    }

    /// The deadline of one attempt, from sending to the last body byte.
    public var requestTimeout: Duration
    /// The largest response body accepted.
    public var maximumResponseBytes: Int
    /// Retries of idempotent requests.
    public var retry: Retry
    /// Waiting for rate limits.
    public var rateLimiting: RateLimiting
    /// When true nothing is sent: each call prepares and signs its request and throws
    /// ``RestDryRun`` holding it, secrets redacted (the runner's `--dry-run`).
    public var dryRun = false

    /// Creates a configuration.
    public init(
        requestTimeout: Duration = .seconds(10), maximumResponseBytes: Int = 16 << 20,
        retry: Retry = Retry(), rateLimiting: RateLimiting = RateLimiting()
    ) {
        self.requestTimeout = requestTimeout
        self.maximumResponseBytes = maximumResponseBytes
        self.retry = retry
        self.rateLimiting = rateLimiting
    }
}
