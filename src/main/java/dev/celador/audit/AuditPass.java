package dev.celador.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * One pass of the audit over listed objects. A full pass judges each object with every policy and
 * replaces what the state held of it. A pass after a policy change judges each object with the
 * changed and added policies only and merges their results into what the object holds, so every
 * other policy's results (and their first-seen times) stay as they were and a report is written
 * only where its content changed; an object the state holds nothing of is judged by every policy.
 * At the end, objects of the listed kinds that the pass did not see are gone, and the results of
 * removed policies are dropped.
 */
public final class AuditPass {

    private final AuditState state;
    private final ObjectAuditor every;
    private final ObjectAuditor changedOnly;
    private final Set<String> changed;
    private final long now;
    private long judged;

    private AuditPass(AuditState state, ObjectAuditor every, ObjectAuditor changedOnly, Set<String> changed, long now) {
        this.state = state;
        this.every = every;
        this.changedOnly = changedOnly;
        this.changed = Set.copyOf(changed);
        this.now = now;
        state.beginPass();
    }

    /** Every policy judges every object listed (now: epoch seconds, the first-seen time of new verdicts). */
    public static AuditPass full(AuditState state, ObjectAuditor every, long now) {
        return new AuditPass(state, every, null, Set.of(), now);
    }

    /**
     * After a policy change: changedOnly runs the changed and added policies (and nothing else), named
     * in changed; every runs them all, for objects the state has not judged yet.
     */
    public static AuditPass ofChanges(AuditState state, ObjectAuditor every, ObjectAuditor changedOnly, Set<String> changed, long now) {
        return new AuditPass(state, every, changedOnly, changed, now);
    }

    public void judge(JsonNode object) {
        judged++;
        if (changedOnly == null || !state.holds(object)) {
            state.audited(object, every.entries(object, every.results(object), now));
        } else {
            state.rejudged(object, changed::contains, changedOnly.entries(object, changedOnly.results(object), now));
        }
    }

    /** Objects judged so far. */
    public long judged() {
        return judged;
    }

    /**
     * The pass is over: objects of the listed kinds ("apiVersion/Kind") it did not see are removed,
     * objects of other kinds lose the changed policies' results (they no longer match those kinds),
     * and the removed policies' results go everywhere.
     */
    public void end(Set<String> listedKinds, Set<String> removedPolicies) {
        state.endPass(listedKinds, changed);
        if (!removedPolicies.isEmpty()) {
            state.dropPolicies(removedPolicies::contains);
        }
    }
}
