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

extension Router {
    /// A group of routes of one class, behind the policy's middleware when it can refuse them.
    public func group(_ routeClass: RouteClass, _ policy: AccessPolicy) -> RouterGroup<Context> {
        let group = self.group()
        return policy.guards(routeClass) ? group.add(middleware: AccessMiddleware(policy, routeClass)) : group
    }
}
