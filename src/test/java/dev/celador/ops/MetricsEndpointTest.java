package dev.celador.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * Reviews posted over HTTP move the series in /q/metrics (Prometheus text), tagged by endpoint,
 * result and policy name only; the request line carries its fields as MDC keys.
 * Counters are shared with other tests in the same application, so assertions compare before and after.
 */
@QuarkusTest
class MetricsEndpointTest {

    /** Values of secret-create-by-person.json: stringData, data as sent (base64) and decoded. */
    private static final List<String> SECRET_VALUES = List.of("hunter2-very-secret", "czNjcjN0LXQwa2VuLXZhbHVl", "s3cr3t-t0ken-value");

    private static byte[] review(String scenario) {
        try (InputStream in = MetricsEndpointTest.class.getResourceAsStream("/webhook/reviews/" + scenario + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + scenario);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void post(String endpoint, String scenario) {
        given().contentType(ContentType.JSON).body(review(scenario)).when().post(endpoint).then().statusCode(200);
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the series name{labels...}, 0 when absent; labels given as k="v" fragments. */
    private static double value(String metrics, String name, String... labels) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + "{") && List.of(labels).stream().allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    @Test
    void deniedAndAllowedReviewsCountByResultAndPolicy_withLatencyHistogram() {
        String before = metrics();
        post("/validate", "sts-create-without-vct");
        post("/validate", "sts-create-with-vct");
        String after = metrics();

        String validate = "endpoint=\"validate\"";
        assertThat(value(after, "celador_admission_requests_total", validate, "result=\"denied\""))
                .isEqualTo(value(before, "celador_admission_requests_total", validate, "result=\"denied\"") + 1);
        assertThat(value(after, "celador_admission_requests_total", validate, "result=\"allowed\""))
                .isEqualTo(value(before, "celador_admission_requests_total", validate, "result=\"allowed\"") + 1);
        String vct = "policy=\"statefulset-volume-claim-templates\"";
        assertThat(value(after, "celador_policy_results_total", vct, "result=\"fail\""))
                .isEqualTo(value(before, "celador_policy_results_total", vct, "result=\"fail\"") + 1);
        assertThat(value(after, "celador_policy_results_total", vct, "result=\"pass\""))
                .isEqualTo(value(before, "celador_policy_results_total", vct, "result=\"pass\"") + 1);
        assertThat(value(after, "celador_admission_duration_seconds_count", validate))
                .isEqualTo(value(before, "celador_admission_duration_seconds_count", validate) + 2);
        assertThat(after).contains("celador_admission_duration_seconds_bucket{endpoint=\"validate\",le=\"+Inf\"}");
        assertThat(after.lines().filter(l -> l.startsWith("celador_admission_duration_seconds_bucket{endpoint=\"validate\"")).count())
                .as("percentile histogram buckets").isGreaterThan(10);
    }

    @Test
    void warnOnlyFailureCountsAsWarned() {
        String before = metrics();
        post("/validate", "sts-update-scales-quorum-to-one");
        String after = metrics();

        assertThat(value(after, "celador_admission_requests_total", "endpoint=\"validate\"", "result=\"warned\""))
                .isEqualTo(value(before, "celador_admission_requests_total", "endpoint=\"validate\"", "result=\"warned\"") + 1);
        assertThat(value(after, "celador_policy_results_total", "policy=\"statefulset-replicas\"", "result=\"warn\""))
                .isEqualTo(value(before, "celador_policy_results_total", "policy=\"statefulset-replicas\"", "result=\"warn\"") + 1);
    }

    @Test
    void evaluationErrorUnderIgnoreIsCountedForItsPolicy() {
        String policy = "policy=\"configmap-errors-ignored\"";
        String before = metrics();
        post("/validate", "configmap-create-policy-errors");
        String after = metrics();

        assertThat(value(after, "celador_evaluation_errors_total", policy))
                .isEqualTo(value(before, "celador_evaluation_errors_total", policy) + 1);
        assertThat(value(after, "celador_policy_results_total", policy, "result=\"error\""))
                .isEqualTo(value(before, "celador_policy_results_total", policy, "result=\"error\"") + 1);
    }

    @Test
    void mutateRequestsAreCountedUnderTheirEndpoint() {
        String before = metrics();
        post("/mutate", "sts-create-with-vct");
        String after = metrics();

        assertThat(value(after, "celador_admission_requests_total", "endpoint=\"mutate\"", "result=\"allowed\""))
                .isEqualTo(value(before, "celador_admission_requests_total", "endpoint=\"mutate\"", "result=\"allowed\"") + 1);
        assertThat(value(after, "celador_admission_duration_seconds_count", "endpoint=\"mutate\""))
                .isEqualTo(value(before, "celador_admission_duration_seconds_count", "endpoint=\"mutate\"") + 1);
    }

    @Test
    void policySourceChecksAreCountedUnderTheirEndpoint() {
        String endpoint = "endpoint=\"policy-source\"";
        String before = metrics();
        post("/validate-policy-source", "policy-configmap-update-cel-compile-error");
        post("/validate-policy-source", "policy-configmap-create-loads-cleanly");
        String after = metrics();

        assertThat(value(after, "celador_admission_requests_total", endpoint, "result=\"denied\""))
                .isEqualTo(value(before, "celador_admission_requests_total", endpoint, "result=\"denied\"") + 1);
        assertThat(value(after, "celador_admission_requests_total", endpoint, "result=\"allowed\""))
                .isEqualTo(value(before, "celador_admission_requests_total", endpoint, "result=\"allowed\"") + 1);
        assertThat(value(after, "celador_admission_duration_seconds_count", endpoint))
                .isEqualTo(value(before, "celador_admission_duration_seconds_count", endpoint) + 2);
    }

    @Test
    void gaugesReportTheActivePolicySetAndCacheSync() {
        String metrics = metrics();

        assertThat(value(metrics, "celador_policies_active", "type=\"validating\"")).isEqualTo(9);
        assertThat(metrics).contains("celador_policy_problems 1.0");
        assertThat(metrics).contains("celador_cluster_cache_synced 1.0");
        assertThat(metrics).contains("celador_policy_reloads_total{outcome=\"ok\"}").contains("celador_policy_reloads_total{outcome=\"failed\"}");
    }

    @Test
    void metricsCarryNoSecretValueNorObjectIdentity() {
        post("/validate", "secret-create-by-person");
        String metrics = metrics();

        assertThat(metrics).contains("policy=\"secret-externally-sourced\"");
        for (String value : SECRET_VALUES) {
            assertThat(metrics).doesNotContain(value);
        }
        assertThat(metrics).doesNotContain("db-credentials").doesNotContain("5a1b-0005");
    }

    @Test
    void requestLineCarriesItsFieldsAsMdc_andLeavesNoneBehind() {
        List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext && "dev.celador.admission.AdmissionHandler".equals(ext.getLoggerName())) {
                    ext.copyMdc();
                    records.add(ext);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        try {
            post("/validate", "secret-create-by-person");
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }

        ExtLogRecord line = records.stream().filter(r -> "5a1b-0005".equals(r.getMdc("uid"))).findFirst().orElseThrow();
        assertThat(line.getMdc("operation")).isEqualTo("CREATE");
        assertThat(line.getMdc("kind")).isEqualTo("Secret");
        assertThat(line.getMdc("name")).isEqualTo("db-credentials");
        assertThat(line.getMdc("namespace")).isNotBlank();
        assertThat(line.getMdc("allowed")).isEqualTo("false");
        assertThat(line.getMdc("policies")).contains("secret-externally-sourced");
        line.getMdcCopy().values().forEach(v -> SECRET_VALUES.forEach(s -> assertThat(v).doesNotContain(s)));
        assertThat(org.jboss.logging.MDC.getMap()).doesNotContainKeys("uid", "policies");
    }
}
