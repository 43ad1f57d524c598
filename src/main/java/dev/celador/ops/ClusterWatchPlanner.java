package dev.celador.ops;

import dev.celador.cluster.InformerClusterView;
import dev.celador.cluster.WatchedKind;

import dev.celador.engine.ClusterNeeds;
import dev.celador.policy.ParamKind;
import dev.celador.policy.PolicyException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Turns what the policies need into the kinds the informer view must watch: Namespaces always, and
 * PolicyExceptions whenever the cluster serves them (their CRD is installed).
 */
final class ClusterWatchPlanner {

    private static final Logger LOG = Logger.getLogger(ClusterWatchPlanner.class);

    private ClusterWatchPlanner() {
    }

    static Set<WatchedKind> plan(ClusterNeeds needs, InformerClusterView view) {
        Set<WatchedKind> kinds = new LinkedHashSet<>();
        view.describe("v1", "Namespace").ifPresent(kinds::add);
        if (!view.isWatching(PolicyException.API_VERSION, PolicyException.KIND)) {
            view.describe(PolicyException.API_VERSION, PolicyException.KIND).ifPresentOrElse(kinds::add,
                    () -> LOG.warnf("the cluster serves no %s %s (is deploy/policy-exception-crd.yaml applied?): only the policy"
                            + " tree's exceptions apply", PolicyException.API_VERSION, PolicyException.KIND));
        }
        for (ClusterNeeds.Resource r : needs.resources()) {
            view.describeResource(r.apiVersion(), r.resource()).ifPresentOrElse(kinds::add,
                    () -> LOG.warnf("policies look up %s %s, which the cluster does not serve", r.apiVersion(), r.resource()));
        }
        for (ParamKind p : needs.paramKinds()) {
            view.describe(p.apiVersion(), p.kind()).ifPresentOrElse(kinds::add,
                    () -> LOG.warnf("policies take params of kind %s %s, which the cluster does not serve", p.apiVersion(), p.kind()));
        }
        return kinds;
    }
}
