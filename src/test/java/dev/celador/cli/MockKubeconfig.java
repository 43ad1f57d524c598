package dev.celador.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A kubeconfig the commands under test read through the {@code kubeconfig} property, so it alone
 * decides where they connect: the {@code kubernetes.*} properties other tests left (kubernetes.master,
 * ...) are set aside while it is open and restored on close.
 */
final class MockKubeconfig implements AutoCloseable {

    private final Path file;
    private final Map<String, String> setAside = new HashMap<>();

    MockKubeconfig(Path dir) {
        this.file = dir.resolve("kubeconfig");
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("kubernetes.")) {
                setAside.put(name, System.getProperty(name));
                System.clearProperty(name);
            }
        }
    }

    /** Points the current context at the server, with a token and no TLS verification; namespace may be null. */
    void pointAt(String server, String namespace) throws IOException {
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: mock, user: {token: mock-token}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock%s}}]
                current-context: mock
                """.formatted(server, namespace == null ? "" : ", namespace: " + namespace));
        System.setProperty("kubeconfig", file.toString());
    }

    @Override
    public void close() {
        System.clearProperty("kubeconfig");
        setAside.forEach(System::setProperty);
    }
}
