import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request has not arrived whole `timeout` after its head: a client
/// trickling a body byte by byte would otherwise hold the connection (and a descriptor) for as
/// long as it likes. When no answer has begun, the client is told 408 first. (The idle timeout
/// of the HTTP channel covers a head that never completes.)
final class RequestDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let timeout: Duration
    /// When the head of the request being read arrived (nil between requests).
    private var started: NIODeadline?
    private var deadline: Scheduled<Void>?
    private var answering = false

    init(timeout: Duration) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            answering = false
            started = .now()
        case .end:
            started = nil
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    /// A request that arrived whole in one read (nearly all of them) never needs a timer: one is
    /// set only when a read ends with a request still incomplete.
    func channelReadComplete(context: ChannelHandlerContext) {
        if let started, deadline == nil {
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(deadline: started + TimeAmount(timeout)) {
                let (handler, context) = loopBound.value
                handler.expire(context: context)
            }
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .head = unwrapOutboundIn(data) { answering = true }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    private func expire(context: ChannelHandlerContext) {
        deadline = nil
        guard context.channel.isActive else { return }
        if !answering {
            var head = HTTPResponse(status: .requestTimeout)
            head.headerFields[.connection] = "close"
            head.headerFields[.contentType] = "application/json"
            let body = "{\"error\":\"the request did not arrive whole within \(timeout.components.seconds) s\"}"
            head.headerFields[.contentLength] = String(body.utf8.count)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(string: body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.close(promise: nil)
    }
}
