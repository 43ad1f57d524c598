package dev.celador.cli;

import dev.celador.ops.InitialPolicyLoad;
import dev.celador.ops.TlsWarmup;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of bin/celador. `serve` starts the webhook (Quarkus); other commands run without
 * starting a server. Runs before Quarkus starts, so serve's options become configuration here.
 */
@QuarkusMain
@Command(name = "celador", mixinStandardHelpOptions = true, version = "celador 0.1.0",
        description = "Kubernetes admission webhook with a declarative CEL policy engine.",
        subcommands = {CeladorMain.Serve.class})
public class CeladorMain implements Callable<Integer> {

    public static void main(String... args) {
        if (args.length > 0 && "serve".equals(args[0])) {
            // Depends on no option: on its own core while picocli parses and Quarkus boots.
            InitialPolicyLoad.prepareEnvironment();
            // Picocli takes a few hundred milliseconds on a cold JVM, and the policy load is the longest
            // part of a start: it begins from a look at the arguments. Only a head start: serve starts
            // the load again should picocli read another directory (InitialPolicyLoad.startEarly).
            Path policies = Serve.policiesIn(args);
            if (policies != null && Files.isDirectory(policies)) {
                InitialPolicyLoad.startEarly(policies);
            }
        }
        int code = run(System.in, System.out, System.err, args);
        if (code != Serve.STARTED) {
            System.exit(code);
        }
    }

    /** Runs a command with the given streams (tests run commands in-process this way). */
    public static int run(java.io.InputStream in, java.io.PrintStream out, java.io.PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new CeladorMain());
        cli.addSubcommand(new CheckCommand(in, out, err));
        cli.addSubcommand(new LintCommand(out));
        cli.addSubcommand(new ExportCommand(out, err));
        cli.addSubcommand(new TestCommand(out, err));
        cli.addSubcommand(new MutateCommand(in, out, err));
        cli.addSubcommand(new PlaygroundCommand(out, err));
        cli.addSubcommand(new AuditCommand(out, err));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        // An argument that looks like an option is never taken as a value (a file name) of the option before it.
        cli.setUnmatchedOptionsAllowedAsOptionParameters(false);
        cli.setParameterExceptionHandler(UsageErrors::report);
        int code = cli.execute(args);
        CliCelEnvironment.save();
        return code;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return 2;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve /validate and /mutate over HTTPS from the policies in a directory.")
    static final class Serve implements Callable<Integer> {

        /** Not an exit code: the server is running and Quarkus owns the process from here. */
        static final int STARTED = -1;

        static final String POLICIES_OPTION = "--policies";
        static final String DEFAULT_POLICIES = "policies";
        static final String ALL_INTERFACES = "0.0.0.0";

        @Option(names = POLICIES_OPTION, defaultValue = DEFAULT_POLICIES, description = "Policy directory (default: ${DEFAULT-VALUE}).")
        Path policies;

        @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--bind", defaultValue = ALL_INTERFACES, description = "Address to listen on: an IP address or a host "
                + "name (default: ${DEFAULT-VALUE}, every interface, as a Pod needs; 127.0.0.1 for this machine only).")
        String bind;

        @Option(names = "--tls-cert", defaultValue = "certs/out/tls.crt", description = "PEM certificate (default: ${DEFAULT-VALUE}).")
        Path cert;

        @Option(names = "--tls-key", defaultValue = "certs/out/tls.key", description = "PEM private key (default: ${DEFAULT-VALUE}).")
        Path key;

        @Option(names = "--cluster", description = "Read the cluster (kubeconfig or in-cluster account) for lookups, "
                + "namespace labels and params. On by default inside a cluster.")
        boolean cluster;

        @Option(names = "--strict", description = "Stay unready while any policy has a load or compile problem "
                + "(fail closed: the API server then sends no request here and applies each webhook's failurePolicy).")
        boolean strict;

        @Override
        public Integer call() {
            if (!Files.isDirectory(policies)) {
                System.err.println("celador serve: policy directory not found: " + policies);
                return 2;
            }
            for (Path p : new Path[] {cert, key}) {
                if (!Files.isReadable(p)) {
                    System.err.println("celador serve: cannot read " + p + " (run certs/generate.sh to make a development certificate)");
                    return 2;
                }
            }
            String problem = bindProblem(bind);
            if (problem != null) {
                System.err.println("celador serve: --bind " + problem);
                return 2;
            }
            // Before anything else: the policies compile on a second core while Quarkus boots (a load
            // main started for this directory goes on).
            InitialPolicyLoad.startEarly(policies);
            cheapInMemoryKeyStores();
            TlsWarmup.startInBackground(cert, key);
            System.setProperty("celador.policies", policies.toString());
            if (cluster) {
                System.setProperty("celador.cluster.enabled", "true");
            }
            if (strict) {
                System.setProperty("celador.strict", "true");
            }
            System.setProperty("quarkus.http.host", bind);
            System.setProperty("quarkus.http.ssl-port", Integer.toString(port));
            System.setProperty("quarkus.tls.key-store.pem.0.cert", cert.toString());
            System.setProperty("quarkus.tls.key-store.pem.0.key", key.toString());
            Quarkus.run();
            return STARTED;
        }

        /**
         * Why the server could not listen on this address, or null when it can: checked before the
         * boot, because the listener fails only after the policies and the cluster caches are loaded.
         */
        static String bindProblem(String address) {
            try {
                java.net.InetAddress resolved = java.net.InetAddress.getByName(address);
                if (!resolved.isAnyLocalAddress() && java.net.NetworkInterface.getByInetAddress(resolved) == null) {
                    return address + ": no interface of this machine has that address";
                }
                return null;
            } catch (java.net.UnknownHostException e) {
                return address + ": not an IP address or a resolvable host name";
            } catch (java.net.SocketException e) {
                return address + ": the machine's interfaces cannot be read (" + e.getMessage() + ")";
            }
        }

        /** The policy directory serve's arguments most likely name, or null when they cannot name one. */
        static Path policiesIn(String[] args) {
            String dir = DEFAULT_POLICIES;
            for (int i = 1; i < args.length; i++) {
                if (args[i].equals(POLICIES_OPTION) && i + 1 < args.length) {
                    dir = args[++i];
                } else if (args[i].startsWith(POLICIES_OPTION + "=")) {
                    dir = args[i].substring(POLICIES_OPTION.length() + 1);
                }
            }
            try {
                return Path.of(dir);
            } catch (java.nio.file.InvalidPathException e) {
                return null;
            }
        }

        /**
         * Vert.x and Netty turn the PEM key into in-memory PKCS12 key stores (three at start-up: the
         * TLS registry's check, Netty's probe, the server's key manager), each encrypting the key
         * with PBKDF2 at the JDK's 10,000 iterations. Their passwords are constants held in the same
         * process and the stores are never written, so the iterations protect nothing here, while
         * on a cold JVM they cost about 0.8 s of CPU before the first TLS handshake. The server
         * writes no key store anywhere; an explicit setting (-D or java.security) is left alone.
         */
        private static void cheapInMemoryKeyStores() {
            if (System.getProperty(PKCS12_KEY_ITERATIONS) == null
                    && java.security.Security.getProperty(PKCS12_KEY_ITERATIONS) == null) {
                System.setProperty(PKCS12_KEY_ITERATIONS, "1");
            }
        }

        private static final String PKCS12_KEY_ITERATIONS = "keystore.pkcs12.keyPbeIterationCount";
    }
}
