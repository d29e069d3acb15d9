import Hummingbird

/// Puts an ``AccessPolicy`` in front of a group of routes of one class.
public struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    public let policy: AccessPolicy
    public let routeClass: RouteClass

    public init(_ policy: AccessPolicy, _ routeClass: RouteClass) {
        self.policy = policy
        self.routeClass = routeClass
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await policy.check(request, routeClass)
        return try await next(request, context)
    }
}
