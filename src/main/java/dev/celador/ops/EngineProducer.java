package dev.celador.ops;

import dev.celador.admission.AdmissionHandler;
import dev.celador.admission.AdmissionReviewCodec;
import dev.celador.admission.EvaluationPool;
import dev.celador.admission.PolicySourceHandler;
import dev.celador.engine.ClusterExceptions;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySourceCheck;
import dev.celador.engine.PolicySnapshot;
import dev.celador.policy.Problem;
import dev.celador.cluster.InformerClusterView;
import dev.celador.view.ClusterView;
import dev.celador.view.StaticClusterView;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the engine for the webhook. The policy directory is loaded and compiled once at start-up,
 * off the boot path ({@link InitialPolicyLoad}); the registry stays empty, readiness DOWN and
 * requests refused until {@link PolicyReloader} publishes that first set.
 */
@ApplicationScoped
public class EngineProducer {

    private static final Logger LOG = Logger.getLogger(EngineProducer.class);

    @ConfigProperty(name = "celador.policies", defaultValue = "policies")
    String policiesDir;

    /** Eager, so that a load nobody started early (tests, dev mode) begins as soon as the container does. */
    @Produces
    @Singleton
    @Startup
    InitialPolicyLoad initialLoad() {
        return InitialPolicyLoad.forDirectory(Path.of(policiesDir));
    }

    @Produces
    @Singleton
    PolicyRegistry registry() {
        return new PolicyRegistry();
    }

    /** In a cluster by default; elsewhere only when asked (bin/celador serve runs without one). */
    @ConfigProperty(name = "celador.cluster.enabled")
    Optional<Boolean> clusterEnabled;

    @Inject
    Instance<KubernetesClient> client;

    /** The caches the policies need are started when the policies are published (PolicyReloader). */
    @Produces
    @Singleton
    @Startup
    ClusterView clusterView() {
        if (!clusterEnabled.orElse(System.getenv("KUBERNETES_SERVICE_HOST") != null)) {
            LOG.info("no cluster: lookups and namespace selectors see only what the policy tree holds");
            return StaticClusterView.empty();
        }
        return InformerClusterView.onOwnEventLoop(client.get());
    }

    /**
     * The namespaces whose PolicyException objects count (comma-separated); by default Celador's
     * own (POD_NAMESPACE, set by the Deployment, else "celador"), so that whoever may write there,
     * and only they, may grant an exception.
     */
    @ConfigProperty(name = "celador.exceptions.namespaces")
    Optional<List<String>> exceptionNamespaces;

    @Produces
    @Singleton
    ClusterExceptions clusterExceptions(ClusterView clusterView) {
        String own = Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(s -> !s.isBlank()).orElse("celador");
        List<String> namespaces = exceptionNamespaces.filter(l -> !l.isEmpty()).orElse(List.of(own));
        LOG.infof("policy exceptions are read from the policy tree and from namespace(s) %s", String.join(", ", namespaces));
        return new ClusterExceptions(clusterView, namespaces);
    }

    @Produces
    @Singleton
    Engine engine(PolicyRegistry registry, ClusterView clusterView, ClusterExceptions clusterExceptions) {
        return new Engine(registry, clusterView, clusterExceptions);
    }

    void stopInformers(@Disposes ClusterView view) {
        if (view instanceof InformerClusterView informers) {
            informers.close();
        }
    }

    @Produces
    @Singleton
    AdmissionReviewCodec codec() {
        return new AdmissionReviewCodec();
    }

    @Produces
    @Singleton
    EvaluationPool evaluationPool() {
        return new EvaluationPool();
    }

    void stopEvaluationPool(@Disposes EvaluationPool pool) {
        pool.close();
    }

    @Produces
    @Singleton
    AdmissionHandler handler(AdmissionReviewCodec codec, Engine engine, AdmissionMetrics metrics, EvaluationPool pool) {
        return new AdmissionHandler(codec, engine, metrics, pool);
    }

    /**
     * The policy-source check runs with the CEL environment of the first load (the one the reloader
     * keeps compiling with): building a second one would cost about half a second per request.
     */
    @Produces
    @Singleton
    PolicySourceHandler policySourceHandler(AdmissionReviewCodec codec, InitialPolicyLoad load, AdmissionMetrics metrics) {
        CompletableFuture<PolicySourceCheck> check = load.result().thenApply(loaded -> new PolicySourceCheck(loaded.cel()));
        return new PolicySourceHandler(codec, () -> check.isDone() && !check.isCompletedExceptionally() ? check.join() : null, metrics);
    }

    static PolicySnapshot logged(PolicySnapshot snapshot, Path dir) {
        List<Problem> problems = snapshot.problems();
        LOG.infof("loaded %d validating and %d mutating policies from %s (%d problems)", snapshot.policies().size(),
                snapshot.mutatingPolicies().size(), dir, problems.size());
        for (Problem p : problems) {
            LOG.warnf("policy problem: %s", p.located());
        }
        return snapshot;
    }
}
