package dev.celador.cli;

import dev.celador.playground.PlaygroundServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `celador playground`: a local web page to write and try policies, evaluated by the same code as
 * `check` and exported by `export` (PlaygroundEvaluation). Listens on this machine only unless
 * --bind says otherwise; runs until interrupted.
 */
@Command(name = "playground", mixinStandardHelpOptions = true,
        description = {"Serve a local web page to write and try policies: the result of every policy on the resources "
                + "updates as you type, with the same engine and verdicts as `check`.",
            "Nothing leaves the browser but calls to this local server. Stop it with Ctrl-C."})
final class PlaygroundCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}, "
            + "this machine only; the page has no authentication, so think twice before another).")
    String bind;

    @Option(names = "--policies", defaultValue = "policies", description = "Policy directories the picker offers (default: ${DEFAULT-VALUE}).")
    Path policies;

    @Option(names = "--examples", defaultValue = "examples", description = "Example manifests the picker offers (default: ${DEFAULT-VALUE}).")
    Path examples;

    private final PrintStream out;
    private final PrintStream err;

    PlaygroundCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        String problem = CeladorMain.Serve.bindProblem(bind);
        if (problem != null) {
            err.println("celador playground: --bind " + problem);
            return 2;
        }
        if (port < 0 || port > 65535) {
            err.println("celador playground: --port must be between 0 and 65535");
            return 2;
        }
        PlaygroundServer server;
        try {
            server = PlaygroundServer.start(new InetSocketAddress(bind, port), policies, examples,
                    PlaygroundEvaluation::evaluate, PlaygroundEvaluation::export);
        } catch (IOException e) {
            err.println("celador playground: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return 2;
        }
        InetSocketAddress address = server.address();
        String host = address.getAddress().isLoopbackAddress() || address.getAddress().isAnyLocalAddress() ? "localhost"
                : address.getHostString();
        out.println("celador playground: http://" + host + ":" + address.getPort() + "/ (Ctrl-C stops it)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "celador-playground-stop"));
        stopped.await();
        return 0;
    }
}
