package dev.celador.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celador.report.ReportEntry;
import dev.celador.report.ResourceRef;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The audit's bookkeeping between passes: dirty scopes, sweeps of vanished objects, dropped policies. */
class AuditStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode object(String apiVersion, String kind, String namespace, String name) {
        var o = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
        var meta = o.putObject("metadata").put("name", name);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        return o;
    }

    private static List<ReportEntry> fail(JsonNode o, String policy) {
        return List.of(new ReportEntry(policy, null, ResourceRef.of(o), "fail", List.of("Audit"), List.of("no"), null, null, 1));
    }

    @Test
    void aFullPassRemovesObjectsItNoLongerFinds_ofTheKindsItListed_only() {
        AuditState state = new AuditState();
        JsonNode db = object("apps/v1", "StatefulSet", "shop", "db");
        JsonNode gone = object("apps/v1", "StatefulSet", "shop", "gone");
        JsonNode pv = object("v1", "PersistentVolume", null, "pv-1");
        state.audited(db, fail(db, "a"));
        state.audited(gone, fail(gone, "a"));
        state.audited(pv, fail(pv, "b"));
        state.takeDirty();

        state.beginPass();
        state.audited(db, fail(db, "a"));
        state.endPass(Set.of("apps/v1/StatefulSet"));

        assertThat(state.objects()).isEqualTo(2);
        assertThat(state.takeDirty()).containsOnlyKeys("shop");
        assertThat(state.violations()).containsOnlyKeys(new AuditState.Violations("a", "Audit", "shop", "fail"),
                new AuditState.Violations("b", "Audit", "", "fail"));
    }

    @Test
    void droppingAPolicy_marksEveryScopeDirty_andLeavesNoViolationOfIt() {
        AuditState state = new AuditState();
        JsonNode db = object("apps/v1", "StatefulSet", "shop", "db");
        state.audited(db, fail(db, "a"));
        state.takeDirty();

        state.dropPolicies("a"::equals);

        assertThat(state.violations()).isEmpty();
        assertThat(state.takeDirty()).containsOnlyKeys("shop");
        assertThat(state.takeDirty()).as("taken once").isEmpty();
    }

    @Test
    void aDeletedObjectLeavesItsScopeEmpty_soItsReportIsDeleted() {
        AuditState state = new AuditState();
        JsonNode db = object("apps/v1", "StatefulSet", "shop", "db");
        state.audited(db, fail(db, "a"));
        state.takeDirty();

        state.deleted(db);

        assertThat(state.takeDirty().get("shop").summary().total()).isZero();
    }
}
