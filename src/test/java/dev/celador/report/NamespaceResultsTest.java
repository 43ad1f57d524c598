package dev.celador.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Incremental report content: an object's results replaced whole, first-seen times kept, policies dropped. */
class NamespaceResultsTest {

    private static final ResourceRef DB = new ResourceRef("apps/v1", "StatefulSet", "shop", "db", "u1");
    private static final ResourceRef CACHE = new ResourceRef("apps/v1", "StatefulSet", "shop", "cache", "u2");

    private static ReportEntry entry(ResourceRef r, String policy, String result, long at) {
        return new ReportEntry(policy, null, r, result, List.of("Deny"), result.equals("pass") ? List.of() : List.of(policy + " failed"),
                null, null, at);
    }

    @Test
    void rerunWithTheSameVerdict_keepsTheFirstTimestamp_soTheReportReadsTheSame() {
        NamespaceResults shop = new NamespaceResults("shop");
        ReportRenderer renderer = ReportRenderer.defaults();
        shop.replace(DB.key(), List.of(entry(DB, "a", "fail", 100), entry(DB, "b", "pass", 100)));
        String first = renderer.render(shop, ReportRenderer.Api.OPENREPORTS).toString();

        shop.replace(DB.key(), List.of(entry(DB, "a", "fail", 200), entry(DB, "b", "pass", 200)));

        assertThat(renderer.render(shop, ReportRenderer.Api.OPENREPORTS).toString()).isEqualTo(first);
        assertThat(shop.listed().get(0).foundAt()).isEqualTo(100);
    }

    @Test
    void fixingAnObject_removesItsFailure_andCountsItsPass() {
        NamespaceResults shop = new NamespaceResults("shop");
        shop.replace(DB.key(), List.of(entry(DB, "a", "fail", 1)));
        shop.replace(CACHE.key(), List.of(entry(CACHE, "a", "warn", 1)));

        shop.replace(DB.key(), List.of(entry(DB, "a", "pass", 2)));

        assertThat(shop.summary()).isEqualTo(new NamespaceResults.Summary(1, 0, 1, 0, 0));
        assertThat(shop.listed()).extracting(e -> e.resource().name()).containsExactly("cache");
        shop.remove(CACHE.key());
        assertThat(shop.summary().listed()).isZero();
    }

    @Test
    void droppingAPolicy_removesOnlyItsEntries() {
        NamespaceResults shop = new NamespaceResults("shop");
        shop.replace(DB.key(), List.of(entry(DB, "a", "fail", 1), entry(DB, "b", "error", 1)));

        shop.removePolicies("a"::equals);

        assertThat(shop.listed()).extracting(ReportEntry::policy).containsExactly("b");
        assertThat(shop.summary()).isEqualTo(new NamespaceResults.Summary(0, 0, 0, 1, 0));
    }

    @Test
    void appendedResults_keepOnlyWhatACappedReportShows_butCountEverything() {
        NamespaceResults shop = new NamespaceResults("shop").retain(2);
        for (int i = 0; i < 50; i++) {
            ResourceRef r = new ResourceRef("v1", "Service", "shop", "s" + (100 + i), "");
            shop.add(List.of(entry(r, "a", i % 2 == 0 ? "warn" : "fail", 1), entry(r, "b", "pass", 1)));
        }

        assertThat(shop.summary()).isEqualTo(new NamespaceResults.Summary(50, 25, 25, 0, 0));
        assertThat(shop.listed().size()).isLessThanOrEqualTo(4);
        var report = new ReportRenderer(2, 1024 * 1024).render(shop, ReportRenderer.Api.OPENREPORTS);
        assertThat(report.path("results")).extracting(r -> r.path("resources").get(0).path("name").asText() + " " + r.path("result").asText())
                .containsExactly("s101 fail", "s103 fail");
        assertThat(report.path("metadata").path("annotations").path(ReportRenderer.OMITTED).asText()).startsWith("48 of 50 ");
    }

    @Test
    void aReportStaysUnderItsByteCap_whateverTheMessages() {
        NamespaceResults shop = new NamespaceResults("shop");
        String longMessage = "x".repeat(5000);
        for (int i = 0; i < 100; i++) {
            ResourceRef r = new ResourceRef("v1", "Service", "shop", "s" + i, "");
            shop.replace(r.key(), List.of(new ReportEntry("a", null, r, "fail", List.of("Deny"), List.of(longMessage), null, null, 1)));
        }

        var report = new ReportRenderer(1000, 16 * 1024).render(shop, ReportRenderer.Api.OPENREPORTS);

        assertThat(report.toString().length()).isLessThan(20 * 1024);
        assertThat(report.path("results").get(0).path("message").asText()).hasSize(ReportRenderer.MAX_MESSAGE);
        assertThat(report.path("summary").path("fail").asInt()).isEqualTo(100);
    }

    @Test
    void passesAndSkipsCountedWithoutEntries_addToTheSummaryBesideTheListedEntries() {
        NamespaceResults shop = new NamespaceResults("shop").retain(1);
        shop.countUnlisted(7, 2);
        shop.add(List.of(entry(DB, "a", "fail", 1)));
        shop.add(List.of(entry(CACHE, "a", "warn", 1)));

        assertThat(shop.summary()).isEqualTo(new NamespaceResults.Summary(7, 1, 1, 0, 2));
        assertThat(shop.listed()).extracting(ReportEntry::result).containsExactly("fail");
    }
}
