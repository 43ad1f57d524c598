package dev.celador.audit;

import java.util.List;

/**
 * Who an audited object's synthetic request comes from: Celador's own service account, as Kyverno's
 * and Gatekeeper's audits use theirs, so a policy that exempts system accounts or matches on
 * request.userInfo judges the object as a change by the controller, never as one by its author.
 */
public record AuditIdentity(String username, List<String> groups) {

    public AuditIdentity {
        groups = List.copyOf(groups);
    }

    /** A service account's userInfo, as the API server authenticates its token. */
    public static AuditIdentity serviceAccount(String namespace, String name) {
        return new AuditIdentity("system:serviceaccount:" + namespace + ":" + name,
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"));
    }

    /** The service account deploy/ runs Celador as: celador/celador-webhook. */
    public static AuditIdentity defaults() {
        return serviceAccount("celador", "celador-webhook");
    }
}
