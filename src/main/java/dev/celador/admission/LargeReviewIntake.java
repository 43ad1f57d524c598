package dev.celador.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Takes the admission requests with a large body (a Content-Length over
 * {@link AdmissionHandler#INLINE_LIMIT}, up to the codec's limit) before Quarkus REST does, and
 * gathers the body into one off-heap buffer of its declared length as it arrives. Quarkus REST
 * copied such a body three times on the heap and kept it there while it waited for the large lane:
 * with four 1 MiB reviews in flight, 6-9 MiB survived every young collection and were copied at
 * each, and the small reviews waited that much longer. Small bodies, bodies without a length and
 * bodies over the limit go on to the resources as before; the answers are the same.
 */
@ApplicationScoped
public class LargeReviewIntake {

    /** After the connection drain's tracking (Integer.MAX_VALUE), before any route. */
    static final int PRIORITY = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AdmissionHandler handler;

    @Inject
    AdmissionReviewCodec codec;

    void install(@Observes Filters filters) {
        filters.register(this::intake, PRIORITY);
    }

    void intake(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Function<RequestBody, CompletionStage<ObjectNode>> endpoint = request.method() == HttpMethod.POST ? endpoint(request.path()) : null;
        long length = endpoint == null ? -1 : declaredLength(request);
        if (length <= AdmissionHandler.INLINE_LIMIT || length > AdmissionReviewCodec.MAX_BODY_BYTES) {
            rc.next();
            return;
        }
        OffHeapBody body = new OffHeapBody((int) length);
        request.handler(chunk -> body.append(chunk.getByteBuf()));
        request.exceptionHandler(e -> body.abandon());
        request.endHandler(v -> answer(rc, endpoint, body));
        request.resume();
    }

    private Function<RequestBody, CompletionStage<ObjectNode>> endpoint(String path) {
        return switch (path) {
            case "/validate" -> handler::validate;
            case "/mutate" -> handler::mutate;
            default -> null;
        };
    }

    private static long declaredLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void answer(RoutingContext rc, Function<RequestBody, CompletionStage<ObjectNode>> endpoint, OffHeapBody body) {
        if (!body.complete()) {
            body.release();
            write(rc, 400, codec.badRequest("the body does not match its Content-Length"));
            return;
        }
        CompletionStage<ObjectNode> answered;
        try {
            answered = endpoint.apply(body.handOver());
        } catch (RuntimeException e) {
            body.release();
            fail(rc, e);
            return;
        }
        answered.whenComplete((review, error) -> {
            body.release();
            if (error == null) {
                write(rc, 200, review);
            } else {
                fail(rc, error);
            }
        });
    }

    private void fail(RoutingContext rc, Throwable error) {
        FailureAnswer answer = FailureAnswer.of(error, codec);
        write(rc, answer.status(), answer.body());
    }

    private static void write(RoutingContext rc, int status, ObjectNode json) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed()) {
            return;
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer could not be written as JSON", e);
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(bytes));
    }
}
