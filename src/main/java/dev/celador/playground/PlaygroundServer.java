package dev.celador.playground;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The playground's local web server: the page and its script and style from the jar, the picker's
 * catalog, and two JSON endpoints the page posts its state to (evaluate, export). The JDK's own HTTP
 * server, not the webhook's Quarkus: the playground shares the CLI's code and nothing of `serve`
 * (no TLS, no policy directory to watch, no cluster), and `serve` can never expose it.
 *
 * A page on any other site in the user's browser could reach a loopback port, so the server answers
 * only requests addressed to it by its own host and port (no DNS rebinding) and takes posts only as
 * application/json from its own origin (no cross-site form posts); the page itself may load nothing
 * from elsewhere and connect nowhere else (Content-Security-Policy).
 */
public final class PlaygroundServer implements AutoCloseable {

    /** The API server's own limit on a request body; the page's whole state fits in far less. */
    static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASSETS = "/dev/celador/playground/";
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html",
            "/playground.js", "playground.js",
            "/playground.css", "playground.css");
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ExecutorService workers;
    private final Catalog catalog;
    private final Function<JsonNode, JsonNode> evaluate;
    private final Function<JsonNode, JsonNode> export;

    private PlaygroundServer(HttpServer server, Catalog catalog, Function<JsonNode, JsonNode> evaluate, Function<JsonNode, JsonNode> export) {
        this.server = server;
        this.catalog = catalog;
        this.evaluate = evaluate;
        this.export = export;
        // Two workers, one a core: the page waits for one answer at a time, though an evaluation it
        // gave up for a newer one may still be finishing.
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "celador-playground");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /**
     * Starts a server on address:port (port 0 picks a free one) that reads the picker's catalog from
     * the two directories and answers evaluate and export posts with the given functions.
     */
    public static PlaygroundServer start(InetSocketAddress address, java.nio.file.Path policies, java.nio.file.Path examples,
            Function<JsonNode, JsonNode> evaluate, Function<JsonNode, JsonNode> export) throws IOException {
        PlaygroundServer playground = new PlaygroundServer(HttpServer.create(address, 16), new Catalog(policies, examples), evaluate, export);
        playground.server.start();
        return playground;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        } catch (RuntimeException e) {
            // A bug in one request's handling ends that exchange; the server goes on.
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        try {
            if (!addressedToUs(exchange)) {
                send(exchange, 403, "text/plain", "the playground answers only requests addressed to " + hostAndPort() + "\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && PAGES.containsKey(path)) {
                asset(exchange, PAGES.get(path));
            } else if (method.equals("GET") && path.equals("/api/catalog")) {
                catalog(exchange);
            } else if (method.equals("POST") && (path.equals("/api/evaluate") || path.equals("/api/export"))) {
                post(exchange, path.equals("/api/evaluate") ? evaluate : export);
            } else if (PAGES.containsKey(path) || Set.of("/api/catalog", "/api/evaluate", "/api/export").contains(path)) {
                exchange.getResponseHeaders().set("Allow", path.equals("/api/catalog") || PAGES.containsKey(path) ? "GET" : "POST");
                send(exchange, 405, "text/plain", method + " is not allowed on " + path + "\n");
            } else {
                send(exchange, 404, "text/plain", "not found: " + path + "\n");
            }
        } catch (RuntimeException e) {
            // A bug in one request's handling answers that request with 500; the server goes on.
            sendQuietly(exchange, 500, "the playground could not answer: " + e);
        }
    }

    private void catalog(HttpExchange exchange) throws IOException {
        JsonNode read;
        try {
            read = catalog.read();
        } catch (IOException e) {
            send(exchange, 500, "text/plain", "cannot read the policies or examples for the picker: " + e.getMessage() + "\n");
            return;
        }
        sendJson(exchange, 200, read);
    }

    private void post(HttpExchange exchange, Function<JsonNode, JsonNode> answer) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            send(exchange, 415, "text/plain", "post the state as application/json\n");
            return;
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && !origin.equals("http://" + hostAndPort()) && !ownOrigin(origin)) {
            send(exchange, 403, "text/plain", "the playground takes posts only from its own page\n");
            return;
        }
        byte[] body = readCapped(exchange.getRequestBody());
        if (body == null) {
            send(exchange, 413, "text/plain", "the state is larger than " + MAX_BODY_BYTES + " bytes\n");
            return;
        }
        JsonNode state;
        try {
            state = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            send(exchange, 400, "text/plain", "the body is not JSON: " + e.getOriginalMessage() + "\n");
            return;
        }
        if (state == null || !state.isObject()) {
            send(exchange, 400, "text/plain", "the body must be a JSON object\n");
            return;
        }
        sendJson(exchange, 200, answer.apply(state));
    }

    /** The Host header names this server (by the address it listens on, localhost or 127.0.0.1 for loopback) and its port. */
    private boolean addressedToUs(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return false;
        }
        return ownHosts().contains(host.toLowerCase(Locale.ROOT));
    }

    private boolean ownOrigin(String origin) {
        return origin.startsWith("http://") && ownHosts().contains(origin.substring("http://".length()).toLowerCase(Locale.ROOT));
    }

    private Set<String> ownHosts() {
        int port = server.getAddress().getPort();
        String address = server.getAddress().getAddress().getHostAddress();
        String bracketed = address.contains(":") ? "[" + address + "]" : address;
        java.util.HashSet<String> hosts = new java.util.HashSet<>(Set.of(bracketed + ":" + port));
        if (server.getAddress().getAddress().isLoopbackAddress() || server.getAddress().getAddress().isAnyLocalAddress()) {
            hosts.add("localhost:" + port);
            hosts.add("127.0.0.1:" + port);
            hosts.add("[::1]:" + port);
        }
        if (server.getAddress().getAddress().isAnyLocalAddress()) {
            // Bound to every interface on purpose (--bind 0.0.0.0): any of this machine's names may be used.
            String hostName = server.getAddress().getHostString();
            hosts.add(hostName.toLowerCase(Locale.ROOT) + ":" + port);
        }
        return hosts;
    }

    private String hostAndPort() {
        InetSocketAddress a = server.getAddress();
        String address = a.getAddress().isAnyLocalAddress() || a.getAddress().isLoopbackAddress() ? "localhost" : a.getAddress().getHostAddress();
        return address + ":" + a.getPort();
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void asset(HttpExchange exchange, String name) throws IOException {
        try (InputStream in = PlaygroundServer.class.getResourceAsStream(ASSETS + name)) {
            if (in == null) {
                send(exchange, 500, "text/plain", "the jar holds no " + name + "\n");
                return;
            }
            String type = name.endsWith(".html") ? "text/html; charset=utf-8" : name.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : "text/css; charset=utf-8";
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private static void sendJson(HttpExchange exchange, int code, JsonNode body) throws IOException {
        send(exchange, code, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
        send(exchange, code, type + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static void sendQuietly(HttpExchange exchange, int code, String message) {
        try {
            send(exchange, code, "text/plain", message + "\n");
        } catch (IOException | RuntimeException e) {
            // The headers were already sent, or the client left: nothing more to tell it.
        }
    }
}
